import * as assert from 'node:assert/strict';
import { applyFixes, lint, ruleById, type FileKind, type Finding, type ImageFacts, type ImageFactsProvider, type LintOptions, type Severity } from '../../rules';
import { memoryWorkspace } from './memory-workspace';

/** A name each kind of file goes by, for cases that give none. */
export const FILE_NAMES: Record<FileKind, string> = {
  dockerfile: 'Dockerfile',
  compose: 'compose.yaml',
  daemon: 'daemon.json',
  systemd: 'docker.service',
  devcontainer: '.devcontainer/devcontainer.json',
  shell: 'run.sh',
  ci: '.github/workflows/ci.yml',
};

/** One expected finding: 1-based line and column as an editor shows them; columns optional. */
export interface ExpectedFinding {
  line: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** A substring the message must contain. */
  message?: string;
  /** A substring the message must NOT contain (e.g. the secret in clear). */
  notMessage?: string;
  severity?: Severity;
  /** The related locations, in order (e.g. where an aliased value is defined); `[]` asserts there are none. */
  related?: Array<{ line: number; column?: number; /** The other file of the project it is in, by its name in `files`. */ file?: string }>;
}

export interface Case {
  /** Defaults to the rule's first kind. */
  kind?: FileKind;
  code: string;
  /** Optional label shown in the test title. */
  name?: string;
  /** Lint options, e.g. the configured trusted registries. */
  options?: LintOptions;
  /**
   * The files around the document: by location when `uri` gives the document's location, else by
   * path relative to the project folder (`.env`, `api/Dockerfile`, ...), the document then being `filename` there.
   */
  files?: Record<string, string>;
  /** The document's location, with `files` by location. */
  uri?: string;
  /** The linted file's name in the project (default `Dockerfile`, `compose.yaml`, ...). */
  filename?: string;
  /** What the registries said, by canonical reference (`docker.io/library/node:20`): an online lint. */
  imageFacts?: Record<string, ImageFacts>;
}

/** Where a project's files are, for cases with `files`. */
export const PROJECT = 'file:///project/';

export interface InvalidCase extends Case {
  errors: ExpectedFinding[];
  /** The text once the first fix of every finding of the rule is applied (unsafe ones included). */
  output?: string;
}

/** A provider that knows exactly the given facts. */
export function factsProvider(facts: Record<string, ImageFacts>): ImageFactsProvider {
  return { lookup: (image) => facts[image.name] };
}

/**
 * ESLint-RuleTester-style cases for one rule: every valid case yields no finding of the rule, every
 * invalid case yields exactly the findings listed, in order, at those places.
 */
export function ruleTester(ruleId: string, cases: { valid: Array<Case | string>; invalid: InvalidCase[] }): void {
  const rule = ruleById(ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  const findingsOf = (c: Case): Finding[] => {
    const kind = c.kind ?? rule.kinds[0];
    const filename = c.filename ?? FILE_NAMES[kind];
    const inProject = c.files !== undefined && c.uri === undefined;
    const uri = c.uri ?? (inProject ? PROJECT + filename : filename);
    const files = c.files && (inProject ? Object.fromEntries(Object.entries(c.files).map(([path, text]) => [PROJECT + path, text])) : c.files);
    const workspace = files ? memoryWorkspace(files) : c.options?.workspace;
    const imageFacts = c.imageFacts && factsProvider(c.imageFacts);
    return lint({ uri, text: c.code, kind }, { ...c.options, workspace, imageFacts }).findings.filter((f) => f.ruleId === ruleId);
  };
  const title = (c: Case) => c.name ?? JSON.stringify(c.code.length > 70 ? `${c.code.slice(0, 70)}…` : c.code);

  describe(ruleId, () => {
    describe('valid', () => {
      for (const raw of cases.valid) {
        const c = typeof raw === 'string' ? { code: raw } : raw;
        it(title(c), () => {
          const found = findingsOf(c);
          assert.deepEqual(found.map(describeFinding), [], 'expected no finding');
        });
      }
    });
    describe('invalid', () => {
      for (const c of cases.invalid) {
        it(title(c), () => {
          const found = findingsOf(c);
          assert.equal(found.length, c.errors.length, `expected ${c.errors.length} finding(s), got: ${JSON.stringify(found.map(describeFinding))}`);
          c.errors.forEach((expected, i) => {
            const actual = found[i];
            assert.equal(actual.range.start.line + 1, expected.line, `finding ${i}: line`);
            if (expected.column !== undefined) assert.equal(actual.range.start.character + 1, expected.column, `finding ${i}: column`);
            if (expected.endLine !== undefined) assert.equal(actual.range.end.line + 1, expected.endLine, `finding ${i}: end line`);
            if (expected.endColumn !== undefined) assert.equal(actual.range.end.character + 1, expected.endColumn, `finding ${i}: end column`);
            if (expected.message !== undefined) assert.ok(actual.message.includes(expected.message), `finding ${i}: message ${JSON.stringify(actual.message)} lacks ${JSON.stringify(expected.message)}`);
            if (expected.notMessage !== undefined) assert.ok(!actual.message.includes(expected.notMessage), `finding ${i}: message ${JSON.stringify(actual.message)} contains ${JSON.stringify(expected.notMessage)}`);
            if (expected.severity !== undefined) assert.equal(actual.severity, expected.severity, `finding ${i}: severity`);
            if (expected.related !== undefined) {
              const related = (actual.related ?? []).map((r, j) => ({
                line: r.range.start.line + 1,
                column: expected.related![j]?.column === undefined ? undefined : r.range.start.character + 1,
                file: r.uri?.startsWith(PROJECT) ? r.uri.slice(PROJECT.length) : r.uri,
              }));
              assert.deepEqual(related, expected.related.map((r) => ({ line: r.line, column: r.column, file: r.file })), `finding ${i}: related locations`);
            }
          });
          if (c.output !== undefined) assert.equal(applyFixes(c.code, found, { unsafe: true }).text, c.output);
        });
      }
    });
  });
}

function describeFinding(f: Finding): string {
  return `${f.range.start.line + 1}:${f.range.start.character + 1}-${f.range.end.line + 1}:${f.range.end.character + 1} ${f.message}`;
}
