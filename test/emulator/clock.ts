/**
 * The emulator's two notions of time. Wall time (with an adjustable offset, to play a server whose clock differs
 * from the client's) stamps resources, the `date` header, and judges signature dates and token expiry. Elapsed
 * time, from a monotonic source the offset never touches, drives work requests, so moving the clock neither
 * finishes nor stalls them.
 */
export class Clock {
  private offsetMs = 0;

  setOffset(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError(`The clock offset must be a finite number of milliseconds, not ${ms}.`);
    this.offsetMs = ms;
  }

  get offset(): number {
    return this.offsetMs;
  }

  /** Wall time in epoch milliseconds, as the emulator believes it to be. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Milliseconds from an arbitrary origin; only differences mean anything. */
  elapsed(): number {
    return performance.now();
  }
}

export function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
