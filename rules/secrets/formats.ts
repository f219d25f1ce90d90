
/**
 * Credential formats from secretlint's recommended preset, the maintained pattern set. Its rules are
 * driven directly with a minimal context instead of through @secretlint/core: the core engine's
 * always-on profiler keeps every mark it makes and slows down with the age of the process.
 */

/** Rules of the preset that judge files rather than values. */
const FILE_LEVEL_RULES = new Set([
  '@secretlint/secretlint-rule-no-dotenv',
  '@secretlint/secretlint-rule-filter-comments',
  '@secretlint/secretlint-rule-no-homedir',
  '@secretlint/secretlint-rule-no-k8s-kind-secret',
]);

/** Options that turn on value shapes the preset leaves off by default but that are credentials on their own. */
const RULE_OPTIONS: Record<string, Record<string, unknown>> = {
  '@secretlint/secretlint-rule-aws': { enableIDScanRule: true },
};

export interface FormatMatch {
  /** The secretlint rule that recognised the value, without its package prefix (e.g. `aws`, `github`). */
  format: string;
  /** Offsets of the secret inside the scanned text. */
  start: number;
  end: number;
}

interface SecretlintRule {
  meta: { id: string };
  create(context: unknown, options: unknown): { file?(source: unknown): unknown };
}

interface Scanner {
  id: string;
  file(source: unknown): unknown;
}

type Reported = { range: [number, number] };

let scanners: Scanner[] | undefined;
let sink: FormatMatch[] = [];

function loadScanners(): Scanner[] {
  const loaded: Scanner[] = [];
  // The preset is an ES module; Node loads it synchronously with require() (and esbuild bundles it).
  const { rules } = require('@secretlint/secretlint-rule-preset-recommend') as { rules: SecretlintRule[] };
  for (const rule of rules) {
    const id = rule.meta.id;
    if (FILE_LEVEL_RULES.has(id)) continue;
    const format = id.replace(/^@secretlint\/secretlint-rule-/, '');
    const context = {
      createTranslator: () => (messageId: string, data?: unknown) => ({ message: messageId, data }),
      report: (descriptor: Reported) => sink.push({ format, start: descriptor.range[0], end: descriptor.range[1] }),
      ignore: () => undefined,
      sharedOptions: {},
    };
    const handlers = rule.create(context, RULE_OPTIONS[id] ?? {});
    if (handlers.file) loaded.push({ id, file: handlers.file.bind(handlers) });
  }
  return loaded;
}

/**
 * The verdicts on recent values. Running the preset's ~30 rules costs ~20 µs a value, and an editor
 * re-lints the same values on every keystroke. Bounded in entries and in the length of a value kept.
 */
const recent = new Map<string, readonly Readonly<FormatMatch>[]>();
export const RECENT_VALUES = 4096;
const RECENT_VALUE_LENGTH = 512;

/**
 * Every credential format found in `text`, first-found first. Frozen: a value seen before gets the
 * very verdict kept for it, without copies (every value a file assigns is judged here, on every lint).
 */
export function findCredentialFormats(text: string): readonly Readonly<FormatMatch>[] {
  const known = recent.get(text);
  if (known) return known;
  const found = Object.freeze(scan(text).map((match) => Object.freeze(match)));
  if (text.length <= RECENT_VALUE_LENGTH) {
    // Oldest first out: a Map iterates in insertion order.
    if (recent.size >= RECENT_VALUES) recent.delete(recent.keys().next().value!);
    recent.set(text, found);
  }
  return found;
}

/** How many values the verdicts are kept for now (for tests). */
export function recentValueCount(): number {
  return recent.size;
}

function scan(text: string): FormatMatch[] {
  scanners ??= loadScanners();
  const source = {
    content: text,
    filePath: 'value.txt',
    ext: '.txt',
    contentType: 'text',
    indexToPosition: (index: number) => ({ line: 1, column: index }),
    locationToRange: () => [0, text.length],
  };
  sink = [];
  for (const scanner of scanners) {
    try {
      const result = scanner.file(source);
      // A rule that answers asynchronously (binary key stores) has nothing to say about a text value.
      if (result instanceof Promise) result.catch(() => undefined);
    } catch {
      // One broken pattern must not hide the others.
    }
  }
  const found = sink;
  sink = [];
  return found;
}
