import * as crypto from 'node:crypto';

const INITIAL_SLOTS = 1024;
/** Three 32-bit words a slot: the two halves of the pair's hash, and its first line (0: an empty slot). */
const WORDS = 3;

/** `crypto.hash` (Node 20.12) takes a third less time than a Hash object for one string. */
const sha256: (text: string) => Buffer =
  typeof crypto.hash === 'function' ? (text) => crypto.hash('sha256', text, 'buffer') : (text) => crypto.createHash('sha256').update(text).digest();

/**
 * The first line of every distinct (prompt, completion) pair, kept as a 64-bit hash of the pair in an
 * open-addressing table of 12-byte slots, at most 3/4 full: 16 to 32 bytes per distinct pair, twice that for a
 * moment while the table grows (a million distinct examples: at most 32 MB). Two different pairs share a hash
 * with a chance of about n²/2⁶⁵, one in 370,000 for ten million pairs; the later one would be called a
 * duplicate.
 */
export class PairIndex {
  private slots = new Uint32Array(INITIAL_SLOTS * WORDS);
  private size = 0;

  /** The line where the pair was seen first; when this is the first time, records `line` and answers undefined. */
  firstLine(prompt: string, completion: string, line: number): number | undefined {
    // The prompt's length keeps ("ab", "c") and ("a", "bc") apart.
    const digest = sha256(`${prompt.length}:${prompt}${completion}`);
    const high = digest.readUInt32LE(0);
    const low = digest.readUInt32LE(4);
    const slot = this.find(high, low);
    const seen = this.slots[slot * WORDS + 2]!;
    if (seen) return seen;
    this.store(slot, high, low, line);
    if (++this.size * 4 > this.capacity * 3) this.grow();
    return undefined;
  }

  private get capacity(): number {
    return this.slots.length / WORDS;
  }

  /** The slot holding this hash, or the empty slot where it belongs. */
  private find(high: number, low: number): number {
    const mask = this.capacity - 1;
    let slot = low & mask;
    for (;;) {
      const at = slot * WORDS;
      if (!this.slots[at + 2] || (this.slots[at] === high && this.slots[at + 1] === low)) return slot;
      slot = (slot + 1) & mask;
    }
  }

  private store(slot: number, high: number, low: number, line: number): void {
    const at = slot * WORDS;
    this.slots[at] = high;
    this.slots[at + 1] = low;
    this.slots[at + 2] = line;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    for (let at = 0; at < old.length; at += WORDS) {
      if (old[at + 2]) this.store(this.find(old[at]!, old[at + 1]!), old[at]!, old[at + 1]!, old[at + 2]!);
    }
  }
}
