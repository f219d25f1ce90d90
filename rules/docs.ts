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
  const lines = docs.split('\n').map((line) => line.trim());
  const heading = lines.indexOf('## Why is this bad?');
  if (heading < 0) return '';
  // The first paragraph under the heading: up to a blank line or the next heading.
  const paragraph: string[] = [];
  for (const line of lines.slice(heading + 1)) {
    if (line.startsWith('## ') || (line === '' && paragraph.length > 0)) break;
    if (line !== '') paragraph.push(line);
  }
  const words = paragraph.join(' ').split(' ').filter((word) => word !== '');
  let rationale = '';
  let sentence = '';
  for (const [i, word] of words.entries()) {
    sentence = sentence === '' ? word : `${sentence} ${word}`;
    // A sentence ends before a capital letter: "e.g. `x`" does not end one.
    const ends = i === words.length - 1 || (/[.!?]$/.test(word) && /^[A-Z]/.test(words[i + 1]));
    if (!ends) continue;
    const next = rationale === '' ? sentence : `${rationale} ${sentence}`;
    if (next.length > RATIONALE_MAX_CHARS) break;
    rationale = next;
    sentence = '';
  }
  if (rationale === '' && words.length > 0) return `${words.join(' ').slice(0, RATIONALE_MAX_CHARS - 1).trimEnd()}…`;
  return rationale;
}
