import { MarkupKind, type Diagnostic, type Hover, type Position } from 'vscode-languageserver/node';
import { ruleById, ruleDocsUrl, ruleRationale, type DocumentImage, type ImageFactsProvider } from '../rules';
import { DIAGNOSTIC_SOURCE } from './diagnostics';

/** A message is cut here at most: with the rule's title, rationale and link, a finding's part of a hover stays under 1,500 characters. */
const MAX_MESSAGE_CHARS = 800;

/**
 * The hover of the Bulwark diagnostics that cover `position`, per rule: its title, each finding's
 * message, why it matters in two or three lines, and a link to the rule's full documentation.
 */
export function ruleDocsHover(diagnostics: readonly Diagnostic[], position: Position): Hover | null {
  const covering = diagnostics.filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE && contains(diagnostic, position));
  const messagesByRule = new Map<string, Set<string>>();
  for (const diagnostic of covering) {
    const messages = messagesByRule.get(String(diagnostic.code)) ?? new Set<string>();
    messagesByRule.set(String(diagnostic.code), messages.add(asMarkdownText(shortened(typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value, MAX_MESSAGE_CHARS))));
  }
  const sections = [...messagesByRule].flatMap(([id, messages]) => {
    const rule = ruleById(id);
    if (!rule) return [];
    const listed = messages.size === 1 ? [...messages] : [...messages].map((message) => `- ${message}`);
    return [[`### ${rule.id}: ${rule.title}`, listed.join('\n'), ruleRationale(rule.docs), `[Rule documentation](${ruleDocsUrl(rule.id)})`].filter((part) => part !== '').join('\n\n')];
  });
  if (sections.length === 0) return null;
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') }, range: covering.length === 1 ? covering[0].range : undefined };
}

/** A message as plain text in Markdown: `USER <uid>` is not an HTML tag, `*` and `_` emphasise nothing. */
function asMarkdownText(text: string): string {
  return text.replace(/[\\`*_[\]<>&#|~]/g, (char) => (char === '<' ? '&lt;' : char === '>' ? '&gt;' : char === '&' ? '&amp;' : `\\${char}`));
}

function shortened(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function contains({ range: { start, end } }: { range: Diagnostic['range'] }, { line, character }: Position): boolean {
  const afterStart = line > start.line || (line === start.line && character >= start.character);
  const beforeEnd = line < end.line || (line === end.line && character <= end.character);
  return afterStart && beforeEnd;
}

/**
 * What the registry said about the image under `position`: its digest (the index's for a
 * multi-platform image), platforms, signatures, and when it was asked. Null when there is no image
 * there or nothing is known about it yet.
 */
export function imageFactsHover(images: readonly DocumentImage[], provider: ImageFactsProvider, position: Position): Hover | null {
  const under = images.find((image) => contains(image, position));
  const facts = under && provider.lookup(under.image);
  if (!under || !facts) return null;
  const lines = [`**${under.shown.text}** — \`${under.shown.name}\``, ''];
  if (facts.failure) lines.push(`Not resolved: ${facts.failure}.`);
  else {
    const platforms = facts.platforms?.length ? `, an index of ${facts.platforms.length} platforms: ${facts.platforms.join(', ')}` : '';
    lines.push(`- Digest: \`${facts.digest}\`${platforms}`);
    const signatures = facts.signatures;
    if (signatures) {
      const verified = signatures.verified.map((signature) => `${signature.mechanism} (${signature.signer})`);
      const unverified = signatures.unverified.map((signature) => `${signature.mechanism}${signature.signer ? ` ${signature.signer}` : ''}${signature.detail ? ` (${signature.detail})` : ''}`);
      lines.push(`- Signatures: ${verified.length > 0 ? `verified: ${verified.join(', ')}` : 'none verified'}${unverified.length > 0 ? `; not verified: ${unverified.join('; ')}` : ''}`);
    }
  }
  lines.push(`- Resolved: ${facts.resolvedAt}`);
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: under.range };
}

/** Both hovers in one, the image first. */
export function joinHovers(...hovers: Array<Hover | null>): Hover | null {
  const present = hovers.filter((hover): hover is Hover => hover !== null);
  if (present.length <= 1) return present[0] ?? null;
  return { contents: { kind: MarkupKind.Markdown, value: present.map((hover) => (hover.contents as { value: string }).value).join('\n\n---\n\n') } };
}
