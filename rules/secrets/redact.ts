/**
 * The one way a detected secret is shown anywhere (messages, logs, JSON, SARIF): enough of its ends to
 * recognise it, never enough to use it (`AKIA************MPLE`). Short values are masked whole, length
 * included.
 */
export function redact(secret: string): string {
  // Fewer UTF-16 units than 12 are fewer characters too: masked whole without splitting them.
  if (secret.length < 12) return '********';
  const chars = [...secret];
  if (chars.length >= 20) return `${chars.slice(0, 4).join('')}${'*'.repeat(chars.length - 8)}${chars.slice(-4).join('')}`;
  if (chars.length >= 12) return `${chars.slice(0, 2).join('')}${'*'.repeat(chars.length - 2)}`;
  return '********';
}
