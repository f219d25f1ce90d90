import * as assert from 'node:assert/strict';
import { isMap, parseDocument, type Scalar } from 'yaml';
import { mappedScalar } from '../../rules/model/yaml-scalars';

/** The scalar under key `v` of a YAML text, mapped. */
function mapped(text: string) {
  const doc = parseDocument(text);
  assert.ok(isMap(doc.contents));
  const scalar = doc.contents.get('v', true) as Scalar;
  return { scalar, result: mappedScalar(text, scalar)! };
}

/**
 * Every character of the value that is written as itself in the file sits on that character; the
 * value is the one the YAML parser reads.
 */
function assertMapped(text: string, expected: string, placed = expected.replace(/\s/g, '')) {
  const { scalar, result } = mapped(text);
  assert.equal(result.source, expected);
  assert.equal(scalar.value, expected);
  let seen = '';
  for (let i = 0; i < result.source.length; i++) {
    const c = result.source[i];
    if (/\s/.test(c)) continue;
    if (text[result.map.at(i)] === c) seen += c;
  }
  assert.equal(seen, placed);
}

describe('yaml-scalars: a scalar value with the place of each character', () => {
  it('plain scalars, folded over lines', () => assertMapped('v: docker run\n  --privileged\n\n  alpine\n', 'docker run --privileged\nalpine'));
  it('single-quoted scalars, with their doubled quotes', () => assertMapped("v: 'a ''b'' c\n  d'\n", "a 'b' c d", "a'b'cd"));
  it('double-quoted scalars, with escapes and an escaped line break', () =>
    assertMapped('v: "a \\"b\\" \\x41\\u00e9 c\\\n    d\\te"\n', 'a "b" Aé cd\te', 'abcde'));
  it('literal block scalars, clipped', () => assertMapped('v: |\n  docker run \\\n    --privileged\n\n  alpine\n\n\nw: 1\n', 'docker run \\\n  --privileged\n\nalpine\n'));
  it('literal block scalars, stripped and kept', () => {
    assertMapped('v: |-\n  a\n   b\n\n', 'a\n b');
    assertMapped('v: |+\n  a\n\n\nw: 1\n', 'a\n\n\n');
  });
  it('folded block scalars: lines joined, empty and more-indented lines kept', () =>
    assertMapped('v: >\n  docker run\n  --privileged\n\n  alpine\n    indented\n  last\n', 'docker run --privileged\nalpine\n  indented\nlast\n'));
  it('folded block scalars, stripped, in a sequence', () => {
    const text = 'v: >-\n    a\n    b\n';
    assertMapped(text, 'a b');
  });
  it('CRLF line breaks', () => assertMapped('v: |\r\n  a\r\n  b\r\n', 'a\nb\n'));
  it('an explicit indentation indicator: the value, every character at the scalar', () => {
    const text = 'v: |2\n   a\n  b\n';
    const { scalar, result } = mapped(text);
    assert.equal(result.source, scalar.value);
    assert.equal(result.map.at(2), scalar.range![0]);
  });
});
