/** Plain words for what the extension tells the user. */

/** "1 file", "2 files": the count with its noun, singular or plural (`plural` when not `noun` + s). */
export function counted(count: number, noun: string, plural = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : plural}`;
}

/** A duration as people say it: "40 ms", "1.3 s", "2 min 5 s". */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min${seconds % 60 === 0 ? '' : ` ${seconds % 60} s`}`;
}

/** Problems by severity: "no problems", "1 error", "2 errors, 1 warning and 22 notes" (info is a note, as in SARIF). */
export function problems({ error, warning, info }: { error: number; warning: number; info: number }): string {
  const parts = [error > 0 ? counted(error, 'error') : '', warning > 0 ? counted(warning, 'warning') : '', info > 0 ? counted(info, 'note') : ''].filter(Boolean);
  if (parts.length === 0) return 'no problems';
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}
