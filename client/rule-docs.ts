import { readdirSync } from 'node:fs';
import { commands, Hover, MarkdownString, Uri, window, type Diagnostic, type ExtensionContext } from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';

/** Opens a rule's page, as the extension ships it, in VS Code's Markdown preview. */
export const SHOW_RULE_DOCS_COMMAND = 'bulwark.showRuleDocs';

// The server links each diagnostic and hover to the rule's page on the web (rules/docs.ts; the client
// does not import the engine, so the form is restated here). The extension has the same pages
// offline: its links open those instead.
const WEB_DOCS_LINK = /https:\/\/github\.com\/bulwark-lint\/bulwark\/blob\/main\/docs\/rules\/([a-z0-9]+(?:-[a-z0-9]+)*)\.md/g;

/**
 * The rule documentation shipped in the .vsix (docs/rules/<id>.md): a command that shows a page in
 * the Markdown preview, and the middleware that points the hover's link and the Problems panel's
 * code link at it. Works offline.
 */
export class RuleDocs {
  private readonly folder: Uri;
  private readonly pages: ReadonlySet<string>;

  constructor(context: ExtensionContext) {
    this.folder = Uri.joinPath(context.extensionUri, 'docs', 'rules');
    this.pages = new Set(listPages(context.asAbsolutePath('docs/rules')));
  }

  /** The command's handler: `ruleId` comes from a link, so only the id of a shipped page opens anything. */
  async show(ruleId: unknown): Promise<void> {
    if (typeof ruleId !== 'string' || !this.pages.has(ruleId)) {
      void window.showErrorMessage(`Bulwark has no documentation page for ${JSON.stringify(String(ruleId)).slice(0, 80)}.`);
      return;
    }
    await commands.executeCommand('markdown.showPreview', Uri.joinPath(this.folder, `${ruleId}.md`));
  }

  /** The link that opens a rule's offline page, where the server gave its web address; undefined when none is shipped. */
  link(ruleId: string): Uri | undefined {
    return this.pages.has(ruleId) ? Uri.parse(`command:${SHOW_RULE_DOCS_COMMAND}?${encodeURIComponent(JSON.stringify([ruleId]))}`) : undefined;
  }

  /** What the hovers' markdown may run: this command only. */
  static readonly trustedCommands = { enabledCommands: [SHOW_RULE_DOCS_COMMAND] };

  readonly middleware: Middleware = {
    handleDiagnostics: (uri, diagnostics, next) => next(uri, diagnostics.map((diagnostic) => this.offlineCodeLink(diagnostic))),
    provideHover: async (document, position, token, next) => {
      const hover = await next(document, position, token);
      if (!hover) return hover;
      const contents = hover.contents.map((content) => {
        if (!(content instanceof MarkdownString)) return content;
        const rewritten = new MarkdownString(content.value.replace(WEB_DOCS_LINK, (address, id: string) => this.link(id)?.toString() ?? address));
        rewritten.isTrusted = RuleDocs.trustedCommands;
        return rewritten;
      });
      return new Hover(contents, hover.range);
    },
  };

  private offlineCodeLink(diagnostic: Diagnostic): Diagnostic {
    const code = diagnostic.code;
    if (diagnostic.source !== 'bulwark' || typeof code !== 'object') return diagnostic;
    const target = code.target.toString(true);
    const [match] = target.matchAll(WEB_DOCS_LINK);
    const link = match?.[0] === target ? this.link(match[1]) : undefined;
    if (link) diagnostic.code = { value: code.value, target: link };
    return diagnostic;
  }
}

function listPages(folder: string): string[] {
  try {
    return readdirSync(folder).flatMap((name) => (name.endsWith('.md') ? [name.slice(0, -'.md'.length)] : []));
  } catch {
    return [];
  }
}
