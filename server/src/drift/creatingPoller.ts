/** Fine-tuning takes minutes to hours: a look every half minute shows progress without weighing on OCI. */
const POLL_MS = 30_000;
/** A model still CREATING after this is left to the refresh command, so a stuck one is not polled for ever. */
const BOUND_MS = 6 * 60 * 60 * 1000;

/** Reads the models being created again and again while the open documents name them, within a bound. */
export class CreatingPoller {
  /** When each model was first seen CREATING. */
  private readonly since = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly refresh: (modelId: string) => void,
    private readonly intervalMs = POLL_MS,
    private readonly boundMs = BOUND_MS,
  ) {}

  /** The models the open documents name that are CREATING now; the others are no longer polled. */
  track(creating: ReadonlySet<string>): void {
    for (const id of [...this.since.keys()]) if (!creating.has(id)) this.since.delete(id);
    const now = Date.now();
    for (const id of creating) if (!this.since.has(id)) this.since.set(id, now);
    this.schedule();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.since.clear();
  }

  private polled(): string[] {
    const now = Date.now();
    return [...this.since].filter(([, since]) => now - since < this.boundMs).map(([id]) => id);
  }

  private schedule(): void {
    const due = this.polled().length > 0;
    if (due && !this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        for (const id of this.polled()) this.refresh(id);
        this.schedule();
      }, this.intervalMs);
      // Polling must not keep a language server (or a test) alive.
      this.timer.unref();
    } else if (!due && this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }
}
