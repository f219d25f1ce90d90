/**
 * The suppression-comment injection grammar. Its regexes are written in the subset that
 * Oniguruma and JavaScript share, so this test runs them with RegExp, mimicking the two ways the
 * grammar is reached: in YAML inside the host grammar's comment (after its `#`), in Dockerfiles
 * as a whole comment line claimed before the host grammar's own comment rule.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const GRAMMAR_PATH = 'syntaxes/bulwark-suppressions.tmLanguage.json';

interface Capture {
  name?: string;
  patterns?: Array<{ include: string }>;
}
interface Rule {
  match?: string;
  begin?: string;
  end?: string;
  name?: string;
  captures?: Record<string, Capture>;
  beginCaptures?: Record<string, Capture>;
  patterns?: Array<Rule & { include?: string }>;
}
interface Grammar {
  scopeName: string;
  injectionSelector: string;
  patterns: Array<{ include: string }>;
  repository: Record<string, Rule>;
}

const grammar = JSON.parse(readFileSync(path.join(ROOT, GRAMMAR_PATH), 'utf8')) as Grammar;
const repository = grammar.repository;

type Token = [text: string, scope: string];

const KEYWORD = 'keyword.control.directive.bulwark';
const RULE_ID = 'constant.other.rule-id.bulwark variable.other.constant.bulwark';
const COMMA = 'punctuation.separator.comma.bulwark';
const REASON_SEPARATOR = 'punctuation.separator.reason.bulwark';
const REASON = 'comment.line.reason.bulwark';
const HADOLINT = 'keyword.control.directive.hadolint';
const ASSIGNMENT = 'keyword.operator.assignment.hadolint';
const HASH = 'punctuation.definition.comment.dockerfile';

/** The scoped tokens of the first directive the grammar finds from `from` on (TextMate scans forward too). */
function directiveTokens(line: string, from: number): Token[] {
  for (const key of ['bulwark-ignore', 'hadolint-ignore']) {
    const rule = repository[key];
    const regex = new RegExp(rule.match!, 'dg');
    regex.lastIndex = from;
    const match = regex.exec(line);
    if (match) return captureTokens(match, rule.captures ?? {});
  }
  return [];
}

function captureTokens(match: RegExpExecArray, captures: Record<string, Capture>): Token[] {
  const tokens: Token[] = [];
  for (const [group, capture] of Object.entries(captures).sort(([a], [b]) => Number(a) - Number(b))) {
    const span = match.indices![Number(group)];
    if (!span || span[0] === span[1]) continue;
    const text = match[Number(group)]!;
    if (capture.name) tokens.push([text, capture.name]);
    for (const { include } of capture.patterns ?? []) tokens.push(...patternTokens(text, repository[include.slice(1)]));
  }
  return tokens;
}

/** Tokens of a capture's nested `patterns`; text none of them matches stays unscoped. */
function patternTokens(text: string, rule: Rule): Token[] {
  const alternatives = rule.patterns!.map((pattern) => ({ regex: new RegExp(pattern.match!, 'y'), name: pattern.name! }));
  const tokens: Token[] = [];
  for (let position = 0; position < text.length; ) {
    const hit = alternatives.find(({ regex }) => ((regex.lastIndex = position), regex.test(text)));
    if (hit) {
      tokens.push([text.slice(position, hit.regex.lastIndex), hit.name]);
      position = hit.regex.lastIndex;
    } else {
      position++;
    }
  }
  return tokens;
}

/** A Dockerfile line: the grammar's own comment-line rule must claim it before the directives apply. */
function dockerfileTokens(line: string): Token[] {
  const begin = new RegExp(repository['dockerfile-suppression-comment'].begin!).exec(line);
  if (!begin) return [];
  return [[begin[2], HASH], ...directiveTokens(line, begin.index + begin[0].length)];
}

/** A YAML line: the host grammar's comment starts at a `#` at line start or after blanks. */
function yamlTokens(line: string): Token[] {
  const comment = /(?:^|[\t ])#/.exec(line);
  return comment ? directiveTokens(line, comment.index + comment[0].length) : [];
}

describe('suppression comment grammar', () => {
  describe('structure', () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const contribution = manifest.contributes.grammars.find((g: { path: string }) => path.posix.normalize(g.path) === GRAMMAR_PATH);

    it('is contributed as an injection into Dockerfiles and YAML', () => {
      assert.ok(contribution, `package.json contributes no grammar at ${GRAMMAR_PATH}`);
      assert.equal(contribution.scopeName, grammar.scopeName);
      assert.equal(contribution.language, undefined, 'an injection grammar belongs to no language');
      assert.deepEqual([...contribution.injectTo].sort(), ['source.dockerfile', 'source.yaml']);
    });

    it('is injected into comments, and into Dockerfile lines outside strings and comments', () => {
      const selectors = grammar.injectionSelector.split(',').map((s) => s.trim());
      assert.ok(selectors.includes('L:comment.line.number-sign'), grammar.injectionSelector);
      assert.ok(selectors.includes('L:source.dockerfile -comment -string'), grammar.injectionSelector);
    });

    it('includes only rules that exist', () => {
      const includes = JSON.stringify(grammar).match(/"include":"#[^"]+"/g) ?? [];
      assert.ok(includes.length > 0);
      for (const include of includes) {
        const key = include.slice('"include":"#'.length, -1);
        assert.ok(key in repository, `${include} has no repository entry`);
      }
    });

    it('uses only regex syntax that JavaScript and Oniguruma read alike', () => {
      const sources = [...JSON.stringify(grammar).matchAll(/"(?:match|begin|end)":("(?:[^"\\]|\\.)*")/g)].map((m) => JSON.parse(m[1]) as string);
      assert.ok(sources.length >= 5);
      for (const source of sources) {
        // The unicode flag makes JavaScript reject escapes it does not know, such as Oniguruma's \h or \G.
        assert.doesNotThrow(() => new RegExp(source, 'u'), source);
        assert.doesNotMatch(source, /[*+?}][+]/, `possessive quantifier in ${source}`);
      }
    });

    it('ships beside the manifest', () => {
      assert.ok(existsSync(path.join(ROOT, GRAMMAR_PATH)));
    });
  });

  describe('Dockerfile', () => {
    it('scopes the keyword, each rule id, the separator and the reason', () => {
      assert.deepEqual(dockerfileTokens('# bulwark-ignore root-user,image-latest-tag -- the base image needs root'), [
        ['#', HASH],
        ['bulwark-ignore', KEYWORD],
        ['root-user', RULE_ID],
        [',', COMMA],
        ['image-latest-tag', RULE_ID],
        ['--', REASON_SEPARATOR],
        ['the base image needs root', REASON],
      ]);
    });

    it('scopes a file-wide suppression without a reason, indented', () => {
      assert.deepEqual(dockerfileTokens('   # bulwark-ignore-file secret-in-env'), [
        ['#', HASH],
        ['bulwark-ignore-file', KEYWORD],
        ['secret-in-env', RULE_ID],
      ]);
    });

    it('allows blanks after commas and an empty reason', () => {
      assert.deepEqual(dockerfileTokens('#bulwark-ignore a, b --'), [
        ['#', HASH],
        ['bulwark-ignore', KEYWORD],
        ['a', RULE_ID],
        [',', COMMA],
        ['b', RULE_ID],
        ['--', REASON_SEPARATOR],
      ]);
    });

    it('keeps a double dash inside a rule id part of the id', () => {
      assert.deepEqual(dockerfileTokens('# bulwark-ignore odd--id'), [
        ['#', HASH],
        ['bulwark-ignore', KEYWORD],
        ['odd--id', RULE_ID],
      ]);
    });

    it("scopes hadolint's ignore comments", () => {
      assert.deepEqual(dockerfileTokens('# hadolint ignore=DL3002,DL3006'), [
        ['#', HASH],
        ['hadolint ignore', HADOLINT],
        ['=', ASSIGNMENT],
        ['DL3002', RULE_ID],
        [',', COMMA],
        ['DL3006', RULE_ID],
      ]);
      assert.deepEqual(dockerfileTokens('# hadolint global ignore=DL3008'), [
        ['#', HASH],
        ['hadolint global ignore', HADOLINT],
        ['=', ASSIGNMENT],
        ['DL3008', RULE_ID],
      ]);
    });

    for (const line of [
      '# just a comment that mentions bulwark-ignore root-user',
      '# bulwark-ignored root-user',
      '# bulwark-ignore-files root-user',
      '# hadolint ignore DL3002',
      'RUN echo "# bulwark-ignore root-user"',
      'FROM alpine # bulwark-ignore image-untagged',
      'bulwark-ignore root-user',
    ]) {
      it(`leaves ${JSON.stringify(line)} alone`, () => {
        assert.deepEqual(dockerfileTokens(line), []);
      });
    }
  });

  describe('YAML', () => {
    it('scopes a directive in a full-line comment', () => {
      assert.deepEqual(yamlTokens('    # bulwark-ignore image-latest-tag -- pinned by digest in production'), [
        ['bulwark-ignore', KEYWORD],
        ['image-latest-tag', RULE_ID],
        ['--', REASON_SEPARATOR],
        ['pinned by digest in production', REASON],
      ]);
    });

    it('scopes a directive in a trailing comment', () => {
      assert.deepEqual(yamlTokens('    image: postgres:latest # bulwark-ignore image-latest-tag'), [
        ['bulwark-ignore', KEYWORD],
        ['image-latest-tag', RULE_ID],
      ]);
    });

    it('trims blanks after the reason', () => {
      assert.deepEqual(yamlTokens('# bulwark-ignore-file cap-drop-missing --   dev only  '), [
        ['bulwark-ignore-file', KEYWORD],
        ['cap-drop-missing', RULE_ID],
        ['--', REASON_SEPARATOR],
        ['dev only', REASON],
      ]);
    });

    for (const line of ['# a comment about bulwark-ignore', 'services: # nothing to see']) {
      it(`leaves ${JSON.stringify(line)} alone`, () => {
        assert.deepEqual(yamlTokens(line), []);
      });
    }
  });
});
