/** An entry: the last value, when it came, and whether a fetch is under way. */
interface Entry<V> {
  value?: V;
  error?: unknown;
  settledAt: number;
  loading: boolean;
}

export interface CacheAnswer<V> {
  value?: V;
  /** The last fetch failed; `value`, if any, is older. */
  error?: unknown;
  /** Nothing has come back yet. */
  pending: boolean;
}

/**
 * Answers at once with what it has and fetches in the background what is missing or older than `freshForMs`;
 * after a failure it waits `retryAfterFailureMs` before trying again, so that typing never floods OCI with calls
 * that will fail. `settled` runs after every fetch, to show the new answer.
 */
export class RefreshingCache<K, V> {
  private readonly entries = new Map<K, Entry<V>>();
  private readonly stopped = new AbortController();

  constructor(
    private readonly load: (key: K, signal: AbortSignal) => Promise<V>,
    private readonly settled: () => void,
    private readonly freshForMs: number,
    private readonly retryAfterFailureMs: number,
  ) {}

  get(key: K): CacheAnswer<V> {
    const now = Date.now();
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { settledAt: 0, loading: false };
      this.entries.set(key, entry);
    }
    const age = now - entry.settledAt;
    const due = entry.error !== undefined ? age >= this.retryAfterFailureMs : entry.value === undefined || age >= this.freshForMs;
    if (due && !entry.loading && !this.stopped.signal.aborted) this.fetch(key, entry);
    return { value: entry.value, error: entry.error, pending: entry.value === undefined && entry.error === undefined };
  }

  /**
   * Fetches `key` again in the background when its answer is at least `olderThanMs` old (or there is none), even
   * if it is still fresh: for a person who asks, and for what changes faster than the cache's freshness.
   */
  refresh(key: K, olderThanMs: number): void {
    const entry = this.entries.get(key);
    if (!entry) return void this.get(key);
    if (!entry.loading && !this.stopped.signal.aborted && Date.now() - entry.settledAt >= olderThanMs) this.fetch(key, entry);
  }

  /** Forget one answer (it is known to have changed); one being fetched is dropped when it comes. */
  forget(key: K): void {
    this.entries.delete(key);
  }

  /** Forget everything (the profile or region changed). */
  clear(): void {
    this.entries.clear();
  }

  /** Stop fetching; answers in flight are dropped. */
  dispose(): void {
    this.stopped.abort();
    this.entries.clear();
  }

  private fetch(key: K, entry: Entry<V>): void {
    entry.loading = true;
    this.load(key, this.stopped.signal).then(
      (value) => {
        entry.value = value;
        entry.error = undefined;
      },
      (error: unknown) => {
        entry.error = error;
      },
    ).finally(() => {
      entry.loading = false;
      entry.settledAt = Date.now();
      // An entry dropped by `clear` meanwhile is no longer shown: nothing changed for anyone.
      if (this.entries.get(key) === entry && !this.stopped.signal.aborted) this.settled();
    });
  }
}
