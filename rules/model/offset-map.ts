/**
 * Where the characters of a derived text (a RUN with its line continuations removed, a word after
 * quote removal, the script of an `sh -c '…'`) sit in the document. Stored as runs: each run maps a
 * stretch of consecutive characters onto consecutive document offsets, so a plain text costs one
 * run, not one number per character.
 */
/** The runs of a map with none yet; never written to (the first run replaces it). */
const NO_RUNS: number[] = [];

export class OffsetMap {
  /**
   * Flat pairs: position in the derived text, document offset of that character. The first pair is
   * made as a two-element array: most maps (a plain word's) never hold another, and a first push
   * would reserve room for sixteen.
   */
  private runs: number[] = NO_RUNS;

  /** Maps `length` characters from `position` on onto the offsets from `offset` on. */
  addRun(position: number, offset: number): void {
    const n = this.runs.length;
    if (n === 0) {
      this.runs = [position, offset];
      return;
    }
    if (this.runs[n - 1] - this.runs[n - 2] === offset - position) return;
    if (this.runs[n - 2] === position) {
      this.runs[n - 1] = offset;
      return;
    }
    this.runs.push(position, offset);
  }

  /** Appends the mapping of `source`'s characters [from, to) at `position` of this text. */
  addSlice(source: OffsetMap, from: number, to: number, position: number): void {
    if (to <= from) return;
    this.addRun(position, source.at(from));
    const runs = source.runs;
    for (let k = source.runIndex(from) + 2; k < runs.length && runs[k] < to; k += 2) this.addRun(position + runs[k] - from, runs[k + 1]);
  }

  /** The document offset of the character at `position`. */
  at(position: number): number {
    const runs = this.runs;
    if (runs.length === 0) return position;
    const k = this.runIndex(position);
    return runs[k + 1] + position - runs[k];
  }

  /** The document offset just after the character before `position`: where a span ending there ends. */
  endAt(position: number): number {
    return position > 0 ? this.at(position - 1) + 1 : this.at(0);
  }

  private runIndex(position: number): number {
    const runs = this.runs;
    let low = 0;
    let high = runs.length / 2 - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (runs[mid * 2] <= position) low = mid;
      else high = mid - 1;
    }
    return low * 2;
  }
}
