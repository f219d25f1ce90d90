import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as ast from 'dockerfile-ast';
import fc from 'fast-check';
import { parseDockerfileSyntax, type Instruction } from '../../rules/model/dockerfile-syntax';
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

/** Everything the rules read of an instruction, as plain data; `keyword` tells which accessors the instruction has. */
function instructionView(instruction: ast.Instruction | Instruction) {
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
      ? (any.getJSONStrings.call(instruction) as ast.JSONArgument[]).map((s) => [s.getValue(), s.getJSONValue(), range(s.getRange()), range(s.getJSONRange())])
      : undefined,
    properties: ['ENV', 'ARG', 'LABEL'].includes(keyword) ? (any.getProperties.call(instruction) as AnyProperty[]).map(propertyView) : undefined,
    property: keyword === 'ARG' ? propertyView(any.getProperty.call(instruction) as AnyProperty | null) : undefined,
    image: keyword === 'FROM' ? [any.getImage.call(instruction), range(any.getImageRange.call(instruction) as Range | null), any.getBuildStage.call(instruction)] : undefined,
  };
}

function view(file: ast.Dockerfile | ReturnType<typeof parseDockerfileSyntax>) {
  return {
    escape: file.getEscapeCharacter(),
    directives: file.getDirectives().map((d) => [d.getName(), d.getValue(), range(d.getRange()), range(d.getNameRange()), range(d.getValueRange())]),
    instructions: file.getInstructions().map(instructionView),
  };
}

function assertSameParse(text: string, name = 'text'): void {
  assert.deepEqual(view(parseDockerfileSyntax(text)), view(ast.DockerfileParser.parse(text)), `${name}: ${JSON.stringify(text.slice(0, 2000))}`);
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

  it('parses generated Dockerfiles as dockerfile-ast does', () => {
    fc.assert(fc.property(generatedDockerfile(), (text) => assertSameParse(text)), { seed: SEED, numRuns: RUNS });
  });

  it('parses mutated Dockerfiles as dockerfile-ast does', () => {
    fc.assert(fc.property(mutatedDockerfile(), (text) => assertSameParse(text)), { seed: SEED, numRuns: RUNS });
  });
});

