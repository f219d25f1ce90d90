import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as ast from 'dockerfile-ast';
import fc from 'fast-check';
import { parseDockerfileSyntax, type Instruction } from '../../rules/model/dockerfile-syntax';
import { LineIndex } from '../../rules/text';
import type { Range } from '../../rules/types';

/**
 * Our Dockerfile parser against dockerfile-ast, the parser the rules were first written against: the
 * same instructions, keywords, ranges, arguments, flags, properties, JSON strings and directives, on
 * the real-world corpus and on generated and mutated files.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 1500);
const SEED = Number(process.env.FUZZ_SEED ?? 20261123);
const CORPUS = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus', 'real-world');
const COMPOSE_NAME = /^(docker-)?compose[^/]*\.ya?ml$/;

type Ranged = { getRange(): Range };
type Valued = Ranged & { getValue(): string | null };

const range = (r: Range | null) => (r ? `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}` : null);
const valued = (items: Valued[]) => items.map((item) => [item.getValue(), range(item.getRange())]);

interface AnyFlag {
  getName(): string;
  getValue(): string | null;
  getRange(): Range;
  getNameRange(): Range;
  getValueRange(): Range | null;
  getOptions(): { getName(): string; getValue(): string | null; getValueRange(): Range | null }[];
}

interface AnyProperty extends Ranged {
  getName(): string;
  getValue(): string | null;
  getNameRange(): Range;
  getValueRange(): Range | null;
}

const flagView = (flag: AnyFlag) => ({
  name: flag.getName(),
  value: flag.getValue(),
  range: range(flag.getRange()),
  nameRange: range(flag.getNameRange()),
  valueRange: range(flag.getValueRange()),
  options: flag.getOptions().map((option) => [option.getName(), option.getValue(), range(option.getValueRange())]),
});

const propertyView = (property: AnyProperty | null) =>
  property && { name: property.getName(), value: property.getValue(), range: range(property.getRange()), nameRange: range(property.getNameRange()), valueRange: range(property.getValueRange()) };

const MODIFIABLE = new Set(['FROM', 'HEALTHCHECK', 'ADD', 'COPY', 'RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'VOLUME']);
const JSON_FORM = new Set(['ADD', 'COPY', 'RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'VOLUME']);

/**
 * Where dockerfile-ast departs from BuildKit (moby/buildkit frontend/dockerfile/parser), ours follows
 * BuildKit; the oracle's answer is corrected here, one documented difference at a time.
 */
const DOCKER_BEHAVIOUR = {
  /**
   * BuildKit decodes the exec form with Go's encoding/json: `["echo", "a b\n"]` runs echo with `a b`
   * and a line break. dockerfile-ast's JSON value drops the blanks inside the string and every escape
   * but `\"` and `\\`.
   */
  jsonValue(text: string, string: ast.JSONArgument): string {
    const lines = new LineIndex(text);
    const written = text.slice(lines.offsetAt(string.getRange().start), lines.offsetAt(string.getRange().end));
    try {
      const decoded: unknown = JSON.parse(written);
      if (typeof decoded === 'string') return decoded;
    } catch {
      // A string JSON cannot decode keeps the value as read.
    }
    return string.getJSONValue();
  },
};

/** Everything the rules read of an instruction, as plain data; `keyword` tells which accessors the instruction has. */
function instructionView(instruction: ast.Instruction | Instruction, jsonValue: (string: ast.JSONArgument) => string) {
  const keyword = instruction.getKeyword();
  const any = instruction as unknown as Record<string, () => unknown>;
  return {
    instruction: instruction.getInstruction(),
    keyword,
    range: range(instruction.getRange()),
    keywordRange: range(instruction.getInstructionRange()),
    arguments: valued(instruction.getArguments()),
    content: instruction.getArgumentsContent(),
    flags: MODIFIABLE.has(keyword) ? (any.getFlags.call(instruction) as AnyFlag[]).map(flagView) : undefined,
    json: JSON_FORM.has(keyword)
      ? (any.getJSONStrings.call(instruction) as ast.JSONArgument[]).map((s) => [s.getValue(), jsonValue(s), range(s.getRange()), range(s.getJSONRange())])
      : undefined,
    properties: ['ENV', 'ARG', 'LABEL'].includes(keyword) ? (any.getProperties.call(instruction) as AnyProperty[]).map(propertyView) : undefined,
    image: keyword === 'FROM' ? [any.getImage.call(instruction), range(any.getImageRange.call(instruction) as Range | null), any.getBuildStage.call(instruction)] : undefined,
  };
}

function view(file: ast.Dockerfile | ReturnType<typeof parseDockerfileSyntax>, jsonValue = (string: ast.JSONArgument) => string.getJSONValue()) {
  return {
    escape: file.getEscapeCharacter(),
    directives: file.getDirectives().map((d) => [d.getName(), d.getValue(), range(d.getRange()), range(d.getNameRange()), range(d.getValueRange())]),
    instructions: file.getInstructions().map((instruction) => instructionView(instruction, jsonValue)),
  };
}

function assertSameParse(text: string, name = 'text'): void {
  const docker = view(ast.DockerfileParser.parse(text), (string) => DOCKER_BEHAVIOUR.jsonValue(text, string));
  assert.deepEqual(view(parseDockerfileSyntax(text)), docker, `${name}: ${JSON.stringify(text.slice(0, 2000))}`);
}

function corpusDockerfiles(): string[] {
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder).sort()) {
      const full = path.join(folder, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry !== 'LICENSE' && !entry.endsWith('.md') && !COMPOSE_NAME.test(entry)) files.push(full);
    }
  };
  walk(CORPUS);
  return files;
}

/** Pieces of Dockerfile syntax that parsers get wrong: continuations, escapes, quotes, here-documents, flags, pairs. */
const PIECES = fc.constantFrom(
  'FROM', 'RUN', 'ENV', 'ARG', 'LABEL', 'COPY', 'ADD', 'CMD', 'ENTRYPOINT', 'SHELL', 'VOLUME', 'HEALTHCHECK', 'ONBUILD', 'USER', 'WORKDIR', 'EXPOSE', 'from', 'run',
  'alpine:3.19', '$BASE', '${BASE:-x}', 'AS', 'build', '--platform=$P', '--from=build', '--chown=1:1', '--mount=type=secret,id=npm,target=/n', '--mount=type=cache', '--interval=5s', 'CMD', 'NONE',
  'a=b', 'A="b c"', "B='c d'", 'C=d\\ e', 'D', 'E=', '"Q"=1', 'x=${y}', '${a b}', '"', "'", '\\', '\\ ', '`', '\\\n', '\\ \n', '`\n', '\\\r\n', '\n# note\n', '\n\n', '\n  # c\n', '#',
  '["sh", "-c", "x"]', '[ "a" , "b" ]', '["a\\"b"]', '["a b"]', '[]', '[', ']', '",', '<<EOF', '<<-EOF', '<<"EOF"', "<<'EOF'", '\nEOF\n', '\n\tEOF\n', 'cat <<EOF >f', '--', '-', '=', ',', '$', '{', '}',
);

const DIRECTIVES = fc.constantFrom('', '# syntax=docker/dockerfile:1\n', '# escape=`\n', '# escape=\\\n', '#escape = `\n', '# check=skip=all\n', '# syntax=x\n# escape=`\n', '\ufeff', '\ufeff# escape=`\n', '# escape=`');

function generatedDockerfile(): fc.Arbitrary<string> {
  const line = fc.tuple(fc.constantFrom('', ' ', '  ', '\t'), fc.array(PIECES, { maxLength: 7 }), fc.constantFrom(' ', '', '\t')).map(([indent, words, sep]) => indent + words.join(sep || ' '));
  return fc.tuple(DIRECTIVES, fc.array(line, { maxLength: 20 }), fc.constantFrom('\n', '\r\n')).map(([head, lines, eol]) => head + lines.join(eol));
}

const SEEDS = ['webapp/Dockerfile', 'hardened/Dockerfile'].map((file) => readFileSync(path.resolve(__dirname, '..', '..', '..', 'examples', file), 'utf8'));

function mutatedDockerfile(): fc.Arbitrary<string> {
  const edit = fc.record({ at: fc.nat(), length: fc.nat({ max: 30 }), text: fc.oneof(PIECES, fc.string({ maxLength: 6 })), remove: fc.boolean() });
  return fc.tuple(fc.constantFrom(...SEEDS), fc.array(edit, { minLength: 1, maxLength: 6 })).map(([seed, edits]) =>
    edits.reduce((text, { at, length, text: inserted, remove }) => {
      const start = at % (text.length + 1);
      return remove ? text.slice(0, start) + text.slice(start + length) : text.slice(0, start) + inserted + text.slice(start);
    }, seed),
  );
}

describe('model: Dockerfile syntax against dockerfile-ast', () => {
  it('parses every corpus Dockerfile as dockerfile-ast does', function () {
    if (!existsSync(CORPUS)) this.skip();
    const files = corpusDockerfiles();
    assert.ok(files.length > 0);
    for (const file of files) assertSameParse(readFileSync(file, 'utf8'), path.relative(CORPUS, file));
  });

  it('parses generated Dockerfiles as dockerfile-ast does', function () {
    this.timeout(120_000);
    fc.assert(fc.property(generatedDockerfile(), (text) => assertSameParse(text)), { seed: SEED, numRuns: RUNS });
  });

  it('parses mutated Dockerfiles as dockerfile-ast does', function () {
    this.timeout(120_000);
    fc.assert(fc.property(mutatedDockerfile(), (text) => assertSameParse(text)), { seed: SEED, numRuns: RUNS });
  });
});

const r = (startLine: number, startCharacter: number, endLine: number, endCharacter: number) => `${startLine}:${startCharacter}-${endLine}:${endCharacter}`;
const parsed = (text: string) => view(parseDockerfileSyntax(text));
const args = (text: string, index = 0) => parsed(text).instructions[index].arguments;

describe('model: Dockerfile syntax, the awkward cases', () => {
  const cases: Record<string, string> = {
    'escape=` with a continuation': '# escape=`\nFROM mcr.microsoft.com/windows\nRUN dir C:\\ `\n  && echo done\n',
    'a here-document': 'FROM a\nRUN <<EOF\necho hi\nEOF\nUSER app\n',
    'a here-document with tabs stripped': 'FROM a\nRUN <<-EOF\n\techo hi\n\tEOF\nUSER app\n',
    'quoted here-document delimiters': 'FROM a\nCOPY <<"EOF" <<\'END\' /x\none\nEOF\ntwo\nEND\nUSER app\n',
    'a comment line inside a continuation': 'FROM a\nRUN apt-get update \\\n# the packages\n    && apt-get install -y curl\n',
    'an empty line inside a continuation': 'FROM a\nENV A=1 \\\n\n    B=2\n',
    'a trailing backslash at the end of the file': 'FROM a\nRUN echo \\',
    'CRLF line ends': 'FROM a AS b\r\nRUN echo \\\r\n  hi\r\nENV X="1 2"\r\n',
    'a byte-order mark': '\ufeffFROM a\nUSER app\n',
    'a byte-order mark before a directive': '\ufeff# escape=`\nFROM a\nRUN a `\n b\n',
    'ENV pairs and the legacy form': 'FROM a\nENV A=1 B="two words" C=three\\ words\nENV LEGACY value with spaces\n',
    'flags and their options': 'FROM --platform=$P a\nRUN --mount=type=secret,id=npm,target=/n --network=none npm ci\nHEALTHCHECK --interval=5s CMD curl -f x\n',
  };
  for (const [name, text] of Object.entries(cases)) it(`${name}: as dockerfile-ast`, () => assertSameParse(text, name));

  it('the escape character comes from the directive', () => {
    const file = parseDockerfileSyntax(cases['escape=` with a continuation']);
    assert.equal(file.getEscapeCharacter(), '`');
    assert.deepEqual(args(cases['escape=` with a continuation'], 1), [['dir', r(2, 4, 2, 7)], ['C:\\', r(2, 8, 2, 11)], ['&&', r(3, 2, 3, 4)], ['echo', r(3, 5, 3, 9)], ['done', r(3, 10, 3, 14)]]);
    assert.equal(parseDockerfileSyntax('# escape=x\nFROM a\n').getEscapeCharacter(), '\\');
  });

  it('a here-document body belongs to its instruction', () => {
    for (const name of ['a here-document', 'a here-document with tabs stripped']) {
      const { instructions } = parsed(cases[name]);
      assert.deepEqual(instructions.map((i) => [i.keyword, i.range]), [['FROM', r(0, 0, 0, 6)], ['RUN', r(1, 0, 3, name === 'a here-document' ? 3 : 4)], ['USER', r(4, 0, 4, 8)]], name);
    }
    assert.deepEqual(parsed(cases['quoted here-document delimiters']).instructions.map((i) => i.range), [r(0, 0, 0, 6), r(1, 0, 5, 3), r(6, 0, 6, 8)]);
  });

  it('skips comment and empty lines inside a continuation', () => {
    assert.deepEqual(args(cases['a comment line inside a continuation'], 1).map(([value]) => value), ['apt-get', 'update', '&&', 'apt-get', 'install', '-y', 'curl']);
    assert.deepEqual(parsed(cases['an empty line inside a continuation']).instructions[1].properties?.map((p) => p && [p.name, p.value]), [['A', '1'], ['B', '2']]);
  });

  it('keeps a trailing backslash at the end of the file out of the arguments', () => {
    assert.deepEqual(args(cases['a trailing backslash at the end of the file'], 1), [['echo', r(1, 4, 1, 8)]]);
  });

  it('counts CRLF as one line end', () => {
    const { instructions } = parsed(cases['CRLF line ends']);
    assert.deepEqual(instructions.map((i) => i.range), [r(0, 0, 0, 11), r(1, 0, 2, 4), r(3, 0, 3, 11)]);
    assert.deepEqual(instructions[1].arguments, [['echo', r(1, 4, 1, 8)], ['hi', r(2, 2, 2, 4)]]);
    assert.deepEqual(instructions[2].properties?.map((p) => p && [p.name, p.value, p.valueRange]), [['X', '1 2', r(3, 6, 3, 11)]]);
  });

  it('reads past a byte-order mark', () => {
    assert.deepEqual(parsed(cases['a byte-order mark']).instructions.map((i) => [i.keyword, i.range]), [['FROM', r(0, 1, 0, 7)], ['USER', r(1, 0, 1, 8)]]);
    const withDirective = parseDockerfileSyntax(cases['a byte-order mark before a directive']);
    assert.equal(withDirective.getEscapeCharacter(), '`');
    assert.deepEqual(args(cases['a byte-order mark before a directive'], 1).map(([value]) => value), ['a', 'b']);
  });

  it('finds nothing in an empty file or a file of comments', () => {
    for (const text of ['', '\n\n', '# just a comment\n# and another', '# syntax=docker/dockerfile:1\n# a note\n']) {
      assert.deepEqual(parsed(text).instructions, [], JSON.stringify(text));
      assertSameParse(text);
    }
    assert.deepEqual(parsed('# syntax=docker/dockerfile:1\n# a note\n').directives.map(([name, value]) => [name, value]), [['syntax', 'docker/dockerfile:1']]);
  });

  it('decodes JSON strings as BuildKit does, blanks and escapes included', () => {
    const [cmd] = parseDockerfileSyntax('CMD ["echo", "a b\\n", "\\u00e9"]\n').getInstructions();
    assert.deepEqual(cmd.getJSONStrings().map((s) => s.getJSONValue()), ['echo', 'a b\n', 'é']);
  });

  it('reads 10,000 continuation lines in one pass', function () {
    this.timeout(20_000);
    const text = 'FROM a\nRUN echo \\\n' + '  word \\\n'.repeat(10_000) + '  end\n';
    const [, run] = parseDockerfileSyntax(text).getInstructions();
    const words = run.getArguments();
    assert.equal(words.length, 10_002);
    assert.deepEqual(words[10_001].getRange(), { start: { line: 10_002, character: 2 }, end: { line: 10_002, character: 5 } });
    assert.equal(run.getArgumentsContent()?.length, text.length - 'FROM a\nRUN '.length - 1 - 10_001 * 2);
  });
});

