/** A line that has ended: its bytes, or none when it was longer than the limit. */
export interface EndedLine {
  bytes: Uint8Array | undefined;
  byteLength: number;
}

/**
 * The bytes of the line being read while its line break has not arrived yet, across any number of chunks. Past
 * `limit` bytes only their count is kept, so one endless line cannot take the memory.
 */
export class PendingLine {
  private pieces: Uint8Array[] = [];
  private length = 0;

  constructor(private readonly limit: number) {}

  get isEmpty(): boolean {
    return this.length === 0;
  }

  /** Keeps a copy: the caller may reuse its buffer. */
  add(bytes: Uint8Array): void {
    if (!bytes.length) return;
    this.length += bytes.length;
    if (this.length > this.limit) this.pieces = [];
    else this.pieces.push(new Uint8Array(bytes));
  }

  /** Ends the line with `last` (not copied when nothing is pending) and starts the next. */
  end(last: Uint8Array): EndedLine {
    const byteLength = this.length + last.length;
    const pieces = this.pieces;
    this.pieces = [];
    this.length = 0;
    if (byteLength > this.limit) return { bytes: undefined, byteLength };
    return { bytes: pieces.length ? concat([...pieces, last], byteLength) : last, byteLength };
  }
}

function concat(pieces: Uint8Array[], total: number): Uint8Array {
  const whole = new Uint8Array(total);
  let at = 0;
  for (const piece of pieces) {
    whole.set(piece, at);
    at += piece.length;
  }
  return whole;
}
