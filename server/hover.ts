import { MarkupKind, type Diagnostic, type Hover, type Position } from 'vscode-languageserver/node';
import { ruleById, ruleDocsUrl, type DocumentImage, type ImageFactsProvider } from '../rules';
import { DIAGNOSTIC_SOURCE } from './diagnostics';

/**
 * The documentation of the rules whose Bulwark diagnostics cover `position`, as the hover shows it:
 * the rule's title, its doc (what it does, why, example, use instead) and a link to its page.
 */
export function ruleDocsHover(diagnostics: readonly Diagnostic[], position: Position): Hover | null {
  const covering = diagnostics.filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE && contains(diagnostic, position));
  const ids = [...new Set(covering.map((diagnostic) => String(diagnostic.code)))];
  const sections = ids.flatMap((id) => {
    const rule = ruleById(id);
    return rule ? [`### ${rule.id}: ${rule.title}\n\n${rule.docs.trim()}\n\n[Rule documentation](${ruleDocsUrl(rule.id)})`] : [];
  });
  if (sections.length === 0) return null;
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') }, range: covering.length === 1 ? covering[0].range : undefined };
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
