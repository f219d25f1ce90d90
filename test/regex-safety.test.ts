import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { check, type Diagnostics, type Parameters } from 'recheck';
import * as ts from 'typescript';
import { detectSecret, MAX_SCANNED_LENGTH } from '../rules/secrets';

/**
 * Every regular expression Bulwark runs, checked for catastrophic backtracking with recheck (its native
 * build when the optional binary is installed, else its JavaScript build in a worker: nothing else to
 * install). Nothing is cached between runs.
 */

const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** The folders that ship (the extension, the server, the CLI); tests, benches and scripts do not. */
const SHIPPED = ['rules', 'server', 'cli', 'client', 'registry'];

interface Pattern {
  where: string;
  source: string;
  flags: string;
}

/**
 * Patterns recheck cannot decide in its time, each with why it is safe. Keyed by source.
 */
const UNDECIDED: Record<string, string> = {};

/**
 * `new RegExp(...)` interpolations that are neither an escaped literal nor a known constant: what
 * they build, and why it cannot backtrack.
 */
const RUNTIME_PARTS: Record<string, string> = {
  'rules/model/compose-schema.ts source':
    "the patternProperties of the Compose Specification's JSON schema, shipped with Bulwark (not read from a linted file): `^x-`, `^[a-zA-Z0-9._-]+$`, `^.+$` and the like, each tested against one mapping key",
  "rules/model/layers.ts token[1] === '!' ? '^' : ''": '`^` when a shell wildcard class is negated (`[!...]`)',
  "rules/model/layers.ts members.replace(/\\\\/g, '\\\\\\\\')":
    'the members of a shell wildcard class, compiled alone as `^[members]$`: one character class without a quantifier tests one character',
  "rules/secrets/names.ts [...new Set(shortest)].join('|')":
    "the credential words of the secret-like names' own lists (letters and `_` only), joined as alternatives without a quantifier: each is tried once per position of a name",
};

/** Constants a pattern is built from, as the source text they put in. */
const CONSTANTS: Record<string, string> = { PLAIN_PORT: '2375' };

/** The two ways the sources escape a text into a regex literal. */
const ESCAPED_LITERAL = /\.replace\(\/(?:\[\.\*\+\?\^\$\{\}\(\)\|\[\\\]\\\\\]|\[\^A-Za-z0-9_\])\/g, '\\\\\$&'\)$/;

function sourcesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((entry) => {
    const full = path.join(folder, entry);
    if (statSync(full).isDirectory()) return sourcesUnder(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

/** A regex literal's source and flags. */
function literalPattern(node: ts.Node, where: string): Pattern {
  const text = node.getText();
  const slash = text.lastIndexOf('/');
  return { where, source: text.slice(1, slash), flags: text.slice(slash + 1) };
}

function lineOf(file: ts.SourceFile, node: ts.Node): number {
  return file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
}

function isRegExpConstruction(node: ts.Node): node is ts.NewExpression | ts.CallExpression {
  return (ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp';
}

interface Found {
  literals: Pattern[];
  /** The patterns `new RegExp(...)` builds, with each escaped literal standing as `name`. */
  built: Pattern[];
  /** Interpolations neither escaped nor constant, as `file expression`. */
  runtimeParts: string[];
}

function collect(files: string[], resolve: (file: ts.SourceFile, part: ts.Expression) => string | undefined, raw = false): Found {
  const found: Found = { literals: [], built: [], runtimeParts: [] };
  for (const fileName of files) {
    const relative = path.relative(REPO_ROOT, fileName).split(path.sep).join('/');
    const file = ts.createSourceFile(fileName, readFileSync(fileName, 'utf8'), ts.ScriptTarget.Latest, true, fileName.endsWith('.js') ? ts.ScriptKind.JS : ts.ScriptKind.TS);
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) found.literals.push(literalPattern(node, `${relative}:${lineOf(file, node)}`));
      if (isRegExpConstruction(node)) {
        const [sourceArg, flagsArg] = node.arguments ?? [];
        const template = sourceArg && ts.isTaggedTemplateExpression(sourceArg) ? sourceArg.template : sourceArg;
        const flags = flagsArg && ts.isStringLiteralLike(flagsArg) ? flagsArg.text : '';
        const text = (part: ts.TemplateLiteralLikeNode) => (raw ? part.rawText ?? part.text : part.text);
        if (template && ts.isNoSubstitutionTemplateLiteral(template)) {
          found.built.push({ where: `${relative}:${lineOf(file, node)}`, source: text(template), flags });
        } else if (template && ts.isTemplateExpression(template)) {
          let source = text(template.head);
          for (const span of template.templateSpans) {
            const value = resolve(file, span.expression);
            if (value === undefined) found.runtimeParts.push(`${relative} ${span.expression.getText(file)}`);
            source += (value ?? 'name') + text(span.literal);
          }
          found.built.push({ where: `${relative}:${lineOf(file, node)}`, source, flags });
        } else {
          found.runtimeParts.push(`${relative} ${sourceArg?.getText(file)}`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return found;
}

/** An interpolation of the project's sources: an escaped literal or a known constant. */
function projectPart(file: ts.SourceFile, part: ts.Expression): string | undefined {
  if (ESCAPED_LITERAL.test(part.getText(file))) return 'name';
  return ts.isIdentifier(part) ? CONSTANTS[part.text] : undefined;
}

/** An interpolation of the preset: a `const` of the enclosing function holding a string. */
function presetPart(_file: ts.SourceFile, part: ts.Expression): string | undefined {
  if (!ts.isIdentifier(part)) return undefined;
  for (let scope: ts.Node | undefined = part.parent; scope; scope = scope.parent) {
    if (!ts.isBlock(scope)) continue;
    for (const statement of scope.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer;
        if (ts.isIdentifier(declaration.name) && declaration.name.text === part.text && init && ts.isStringLiteralLike(init)) return init.text;
      }
    }
  }
  return undefined;
}

/** The same pattern written in several places is checked once. */
function unique(patterns: Pattern[]): Pattern[][] {
  const groups = new Map<string, Pattern[]>();
  for (const pattern of patterns) {
    const key = `/${pattern.source}/${pattern.flags}`;
    groups.set(key, [...(groups.get(key) ?? []), pattern]);
  }
  return [...groups.values()];
}

/**
 * What recheck is asked. `g` changes nothing to one match; `y` anchors it where it is tried, which
 * recheck models as `^`.
 */
function checked(pattern: Pattern): { source: string; flags: string } {
  const flags = pattern.flags.replace(/[gy]/g, '');
  return pattern.flags.includes('y') ? { source: `^(?:${pattern.source})`, flags } : { source: pattern.source, flags };
}

async function verdicts(patterns: Pattern[], params: Parameters): Promise<Array<{ patterns: Pattern[]; diagnostics: Diagnostics }>> {
  const results = [];
  // One at a time: recheck's timeout runs from the start of a check, and checks side by side only share the cores.
  for (const group of unique(patterns)) {
    const { source, flags } = checked(group[0]);
    results.push({ patterns: group, diagnostics: await check(source, flags, params) });
  }
  return results;
}

function located(group: Pattern[]): string {
  return `/${group[0].source}/${group[0].flags} at ${group.map((p) => p.where).join(', ')}`;
}

describe('regular expressions: no catastrophic backtracking', function () {
  const project = collect(SHIPPED.flatMap((folder) => sourcesUnder(path.join(REPO_ROOT, folder))), projectPart);

  it('finds the regular expressions of the shipped sources', () => {
    assert.ok(project.literals.length > 300, `only ${project.literals.length} regex literals found`);
    assert.ok(project.built.length >= 5, `only ${project.built.length} RegExp constructions found`);
  });

  it('builds patterns only from escaped literals, constants, or parts listed with why they are safe', () => {
    assert.deepEqual(project.runtimeParts.sort(), Object.keys(RUNTIME_PARTS).sort());
  });

  it('every regex literal and built pattern is safe by recheck', async function () {
    // A hang detector only: recheck itself has no time limit here, so a busy machine cannot turn a
    // slow verdict into "undecided" (the slowest pattern takes some 3 s on 2 busy cores).
    this.timeout(600_000);
    const problems: string[] = [];
    const undecided = new Set<string>();
    for (const { patterns, diagnostics } of await verdicts([...project.literals, ...project.built], { timeout: null })) {
      if (diagnostics.status === 'vulnerable') {
        problems.push(`${located(patterns)}: ${diagnostics.complexity.summary}, attack ${diagnostics.attack.pattern}`);
      } else if (diagnostics.status === 'unknown') {
        undecided.add(patterns[0].source);
        if (!(patterns[0].source in UNDECIDED)) problems.push(`${located(patterns)}: undecided (${JSON.stringify(diagnostics.error)}); list it in UNDECIDED with why it is safe, or rewrite it`);
      }
    }
    for (const source of Object.keys(UNDECIDED)) {
      if (!undecided.has(source)) problems.push(`/${source}/ is listed in UNDECIDED but recheck decides it now: remove it`);
    }
    assert.ok(problems.length === 0, problems.join('\n'));
  });
});

describe('regular expressions of the secret detector\'s credential formats (secretlint\'s recommended preset)', function () {
  const bundle = require.resolve('@secretlint/secretlint-rule-preset-recommend');
  const preset = collect([bundle], presetPart, true);

  it('finds the preset\'s patterns, and builds every pattern its rules build from their constants', () => {
    assert.ok(preset.literals.length > 40, `only ${preset.literals.length} regex literals found`);
    assert.ok(preset.built.length >= 2, 'the AWS patterns built from constants');
    // The rest compile a rule's `allows` option, which Bulwark never sets, or test whether a function is
    // native (lodash, on function sources).
    const notOnValues = ['regExpStructure.source', '(0, escape_string_regexp_1.default)(patternString)', 'funcToString.call(hasOwnProperty)'];
    assert.deepEqual(
      preset.runtimeParts.filter((part) => !notOnValues.some((expected) => part.includes(expected))),
      [],
    );
  });

  it('the patterns recheck finds vulnerable or cannot decide return on its attack string: they only see a value\'s first MAX_SCANNED_LENGTH characters', async function () {
    this.timeout(60_000);
    // Bounded in time by the cap rather than decided: the automaton checker alone is quick, and what it
    // cannot decide (lookarounds) is covered by the near-miss values of the secret detector's tests.
    const flagged = (await verdicts([...preset.literals, ...preset.built], { checker: 'automaton', timeout: 2_000 })).filter(
      ({ diagnostics }) => diagnostics.status !== 'safe',
    );
    assert.ok(flagged.length > 0, 'recheck flags none of the preset\'s patterns: drop this test\'s premise');
    for (const { patterns, diagnostics } of flagged) {
      if (diagnostics.status !== 'vulnerable') continue;
      const attack = diagnostics.attack.string;
      const regex = new RegExp(patterns[0].source, patterns[0].flags);
      assert.doesNotThrow(() => regex.exec(attack.slice(0, MAX_SCANNED_LENGTH)), located(patterns));
      detectSecret('VALUE', attack);
    }
  });
});
