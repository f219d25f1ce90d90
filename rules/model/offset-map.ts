/**
 * Where the characters of a derived text (a RUN with its line continuations removed, a word after
 * quote removal, the script of an `sh -c '…'`) sit in the document. Stored as runs: each run maps a
 * stretch of consecutive characters onto consecutive document offsets, so a plain text costs one
 * run, not one number per character. Texts are mapped from their first character on (position 0).
 */
/** The runs of a map with at most one run; never written to (a second run replaces it). */
const NO_RUNS: number[] = [];

export class OffsetMap {
  /**
   * The document offset of position 0. While the map has one run (most maps: a plain word's, a RUN
   * on one line) it is the whole map, and no array is made; an empty map is the identity.
   */
  private origin = 0;
  /** From the second run on, every run as flat pairs: position in the derived text, document offset of that character. */
  private runs: number[] = NO_RUNS;

  /** Maps `length` characters from `position` on onto the offsets from `offset` on. */
  addRun(position: number, offset: number): void {
    const runs = this.runs;
    const n = runs.length;
    if (n === 0) {
      if (this.origin === offset - position) return;
      if (position === 0) this.origin = offset;
      else this.runs = [0, this.origin, position, offset];
      return;
    }
    if (runs[n - 1] - runs[n - 2] === offset - position) return;
    if (runs[n - 2] === position) {
      runs[n - 1] = offset;
      return;
    }
    runs.push(position, offset);
  }

  /** Appends the mapping of `source`'s characters [from, to) at `position` of this text. */
  addSlice(source: OffsetMap, from: number, to: number, position: number): void {
    if (to <= from) return;
    const runs = source.runs;
    if (runs.length === 0) {
      this.addRun(position, source.origin + from);
      return;
    }
    let k = source.runIndex(from);
    this.addRun(position, runs[k + 1] + from - runs[k]);
    for (k += 2; k < runs.length && runs[k] < to; k += 2) this.addRun(position + runs[k] - from, runs[k + 1]);
  }

  /**
   * The document offset of the character at `from` when the characters [from, to) lie in one run
   * (their offsets follow each other, so the first says where all are); else -1.
   */
  oneRunOffset(from: number, to: number): number {
    const runs = this.runs;
    if (runs.length === 0) return this.origin + from;
    const k = this.runIndex(from);
    return k + 2 >= runs.length || runs[k + 2] >= to ? runs[k + 1] + from - runs[k] : -1;
  }

  /** The document offset of the character at `position`. */
  at(position: number): number {
    const runs = this.runs;
    if (runs.length === 0) return this.origin + position;
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
