/** Where each rule's documentation page lives; diagnostics and SARIF link to it. */
export const REPOSITORY_URL = 'https://github.com/bulwark-lint/bulwark';

export function ruleDocsUrl(ruleId: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${ruleId}.md`;
}
