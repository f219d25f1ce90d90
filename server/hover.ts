import { MarkupKind, type Diagnostic, type Hover, type Position } from 'vscode-languageserver/node';
import { ruleById, ruleDocsUrl } from '../rules';
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

function contains({ range: { start, end } }: Diagnostic, { line, character }: Position): boolean {
  const afterStart = line > start.line || (line === start.line && character >= start.character);
  const beforeEnd = line < end.line || (line === end.line && character <= end.character);
  return afterStart && beforeEnd;
}
