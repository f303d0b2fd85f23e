import { OciError } from 'oci-common';
import { droppedConnection } from './failures';
import type { ObservedExchange } from './transport';

/**
 * Our retry policy, in place of the SDK's (8 attempts, up to 30 s apart, also when nothing listens): retry what
 * another attempt can fix, within the call's time bound, and fail at once on what it cannot (a wrong key, a
 * missing resource, a refused connection).
 */
const RETRIED_STATUSES = new Set([429, 500, 502, 503, 504]);
const FIRST_DELAY_MS = 200;
const MAX_DELAY_MS = 2000;

/**
 * How long to wait before the next attempt, or undefined when there should be none. `idempotent`: the request
 * can be repeated safely (a read, or a create that carries a retry token).
 */
export function retryDelay(error: unknown, exchange: ObservedExchange, attempt: number, idempotent: boolean): number | undefined {
  if (!idempotent) return undefined;
  if (error instanceof OciError && RETRIED_STATUSES.has(error.statusCode)) {
    const asked = retryAfterMs(exchange.retryAfter);
    return asked ?? backoff(attempt);
  }
  if (droppedConnection(exchange.error ?? error)) return backoff(attempt);
  return undefined;
}

/** Exponential, with full jitter so that many clients do not retry in step. */
function backoff(attempt: number): number {
  const ceiling = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** attempt);
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/** `retry-after` is seconds or an HTTP date. */
export function retryAfterMs(header: string | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
