/** Where each rule's documentation page lives; diagnostics and SARIF link to it. */
export const REPOSITORY_URL = 'https://github.com/bulwark-lint/bulwark';

export function ruleDocsUrl(ruleId: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${ruleId}.md`;
}

/** How long the hover's "why" may be: two or three lines of an editor's hover. */
const RATIONALE_MAX_CHARS = 360;

/**
 * The gist of a rule's "Why is this bad?" section: its first sentences, as many as fit in
 * RATIONALE_MAX_CHARS (at least one, cut there when it is longer), on one line of plain Markdown.
 */
export function ruleRationale(docs: string): string {
  const section = /^## Why is this bad\?\s*\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(docs)?.[1] ?? '';
  const paragraph = section.trim().split(/\n\s*\n/)[0]?.replace(/\s*\n\s*/g, ' ') ?? '';
  // A sentence ends before a capital letter: "e.g. `x`" does not end one.
  const sentences = paragraph.split(/(?<=[.!?])\s+(?=[A-Z])/);
  let rationale = '';
  for (const sentence of sentences) {
    const next = rationale === '' ? sentence : `${rationale} ${sentence}`;
    if (next.length > RATIONALE_MAX_CHARS) break;
    rationale = next;
  }
  if (rationale === '' && paragraph !== '') return `${paragraph.slice(0, RATIONALE_MAX_CHARS - 1).trimEnd()}…`;
  return rationale;
}
