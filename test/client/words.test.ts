import * as assert from 'node:assert/strict';
import { counted, duration, problems } from '../../client/words';

describe('the plain words of the extension', () => {
  it('counts with the singular for one', () => {
    assert.equal(counted(0, 'file'), '0 files');
    assert.equal(counted(1, 'file'), '1 file');
    assert.equal(counted(2, 'file or folder', 'files or folders'), '2 files or folders');
  });

  it('says durations as people do', () => {
    assert.equal(duration(0), '0 ms');
    assert.equal(duration(42.4), '42 ms');
    assert.equal(duration(1250), '1.3 s');
    assert.equal(duration(60_000), '1 min');
    assert.equal(duration(125_000), '2 min 5 s');
  });

  it('says the problems by severity, info as notes', () => {
    assert.equal(problems({ error: 0, warning: 0, info: 0 }), 'no problems');
    assert.equal(problems({ error: 1, warning: 0, info: 0 }), '1 error');
    assert.equal(problems({ error: 2, warning: 1, info: 22 }), '2 errors, 1 warning and 22 notes');
    assert.equal(problems({ error: 0, warning: 3, info: 1 }), '3 warnings and 1 note');
  });
});
