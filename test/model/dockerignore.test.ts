import * as assert from 'node:assert/strict';
import { parseDockerignore } from '../../rules/model/dockerignore';

/** Which of `paths` the builder leaves out of the context under these .dockerignore lines. */
function excluded(lines: string[], paths: string[]): string[] {
  const ignore = parseDockerignore('.dockerignore', lines.join('\n'));
  return paths.filter((path) => ignore.excludes(path));
}

// The examples of Docker's documentation of .dockerignore files (Build context, "Syntax").
describe('.dockerignore with Docker semantics', () => {
  it('comments, one-level and two-level wildcards, and ?', () => {
    const lines = ['# comment', '*/temp*', '*/*/temp*', 'temp?'];
    const paths = ['somedir/temporary.txt', 'somedir/temp', 'somedir/subdir/temporary.txt', 'tempa', 'tempb', 'temp', 'a/b/c/temp1', 'temporary.txt', '# comment'];
    assert.deepEqual(excluded(lines, paths), ['somedir/temporary.txt', 'somedir/temp', 'somedir/subdir/temporary.txt', 'tempa', 'tempb']);
  });

  it('** matches any number of folders, none included', () => {
    assert.deepEqual(excluded(['**/*.go'], ['a.go', 'x/y/z.go', 'x/y.gox']), ['a.go', 'x/y/z.go']);
    assert.deepEqual(excluded(['a/**/b'], ['a/b', 'a/x/b', 'a/x/y/b', 'b']), ['a/b', 'a/x/b', 'a/x/y/b']);
  });

  it('! makes exceptions, and the last matching line wins', () => {
    assert.deepEqual(excluded(['*.md', '!README.md'], ['a.md', 'README.md']), ['a.md']);
    assert.deepEqual(excluded(['*.md', '!README*.md', 'README-secret.md'], ['a.md', 'README.md', 'README-secret.md']), ['a.md', 'README-secret.md']);
    assert.deepEqual(excluded(['*.md', 'README-secret.md', '!README*.md'], ['a.md', 'README.md', 'README-secret.md']), ['a.md']);
  });

  it('patterns are relative to the context root: a leading / or ./ changes nothing, a name matches only at the root', () => {
    assert.deepEqual(excluded(['/foo/bar/'], ['foo/bar', 'foo/barx']), ['foo/bar']);
    assert.deepEqual(excluded(['./foo'], ['foo', 'x/foo']), ['foo']);
    assert.deepEqual(excluded(['.env'], ['.env', 'app/.env']), ['.env']);
  });

  it('an excluded folder excludes its contents, unless an exception brings some back', () => {
    assert.deepEqual(excluded(['node_modules'], ['node_modules/a/b.js', 'x/node_modules/a']), ['node_modules/a/b.js']);
    assert.deepEqual(excluded(['secrets', '!secrets/keep.txt'], ['secrets/a', 'secrets/keep.txt']), ['secrets/a']);
    assert.equal(parseDockerignore('.dockerignore', 'secrets\n  !secrets/keep.txt').hasExceptions, true);
    assert.equal(parseDockerignore('.dockerignore', 'secrets\n# !not an exception').hasExceptions, false);
  });

  it('names are compared case-sensitively, lines may end with CRLF and carry spaces', () => {
    assert.deepEqual(excluded(['*.MD'], ['a.md', 'b.MD']), ['b.MD']);
    assert.deepEqual(excluded(['.env  \r', '  *.pem\r'], ['.env', 'a.pem']), ['.env', 'a.pem']);
  });

  it('excludes nothing when empty', () => {
    assert.deepEqual(excluded([], ['a', '.env']), []);
  });
});
