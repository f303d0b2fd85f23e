/** The operations the emulator serves, named as in OCI's API reference; faults and the request record use them. */
export const OPERATION_NAMES = [
  'ListModels',
  'GetModel',
  'CreateModel',
  'UpdateModel',
  'DeleteModel',
  'GetWorkRequest',
  'ListWorkRequests',
  'ListWorkRequestErrors',
  'ListWorkRequestLogs',
  'ListDedicatedAiClusters',
  'GetDedicatedAiCluster',
  'GetNamespace',
  'ListObjects',
  'HeadObject',
  'GetObject',
  'PutObject',
  'CreateMultipartUpload',
  'UploadPart',
  'ListMultipartUploadParts',
  'CommitMultipartUpload',
  'AbortMultipartUpload',
] as const;
export type OperationName = (typeof OPERATION_NAMES)[number];

export const FAULT_STATUSES = [400, 401, 404, 409, 412, 429, 500, 502, 503, 504] as const;

/**
 * What can go wrong with one request:
 * - `status`: answer this error in OCI's shape instead (default code and message per status; 429 carries
 *   `retry-after`, `retryAfterSeconds` or 1).
 * - `slow`: answer normally, `delayMs` later; with `afterBytes` (an object's bytes, GetObject), answer at once and
 *   pause for `delayMs` once that many bytes of the body are sent.
 * - `drop`: destroy the connection without answering.
 * - `malformed`: answer 200 with a body that is not JSON.
 * - `lostResponse`: do the operation (a CreateModel commits its model), then destroy the connection, as when a
 *   response is lost on the way back; a retry must find what the first attempt did.
 */
export type Fault =
  | { kind: 'status'; status: (typeof FAULT_STATUSES)[number]; code?: string; message?: string; retryAfterSeconds?: number }
  | { kind: 'slow'; delayMs: number; afterBytes?: number }
  | { kind: 'drop' }
  | { kind: 'malformed' }
  | { kind: 'lostResponse' };

/** Per operation, the faults still to apply, in the order they were injected. */
export class FaultPlan {
  private readonly queues = new Map<OperationName, { fault: Fault; remaining: number; spared: number }[]>();

  /** `times` requests get the fault (Infinity: every one from now on), after `after` requests are spared. */
  inject(operation: OperationName, fault: Fault, times = 1, after = 0): void {
    if (!OPERATION_NAMES.includes(operation)) throw new RangeError(`Unknown operation ${operation}; one of ${OPERATION_NAMES.join(', ')}.`);
    checkFault(fault);
    if (!(times >= 1) || (!Number.isInteger(times) && times !== Infinity)) throw new RangeError(`times must be a positive integer or Infinity, not ${times}.`);
    if (!(Number.isInteger(after) && after >= 0)) throw new RangeError(`after must be a whole number of requests, not ${after}.`);
    const queue = this.queues.get(operation) ?? [];
    queue.push({ fault: { ...fault }, remaining: times, spared: after });
    this.queues.set(operation, queue);
  }

  /** The fault for this request of `operation`, if one is due; consumes it. */
  take(operation: OperationName): Fault | undefined {
    const queue = this.queues.get(operation);
    const next = queue?.[0];
    if (!queue || !next) return undefined;
    if (next.spared > 0) {
      next.spared -= 1;
      return undefined;
    }
    next.remaining -= 1;
    if (next.remaining <= 0) queue.shift();
    return next.fault;
  }

  clear(): void {
    this.queues.clear();
  }
}

/** Checks a fault that came as JSON (the admin route) or from a caller; throws a RangeError naming the problem. */
export function checkFault(fault: unknown): asserts fault is Fault {
  const value = fault as Partial<Record<string, unknown>> | null;
  if (typeof value !== 'object' || value === null) throw new RangeError('A fault must be an object with a kind.');
  switch (value.kind) {
    case 'status':
      if (!FAULT_STATUSES.includes(value.status as (typeof FAULT_STATUSES)[number])) {
        throw new RangeError(`A status fault needs status one of ${FAULT_STATUSES.join(', ')}.`);
      }
      for (const key of ['code', 'message'] as const) {
        if (value[key] !== undefined && typeof value[key] !== 'string') throw new RangeError(`A status fault's ${key} must be a string.`);
      }
      if (value.retryAfterSeconds !== undefined && !(Number.isInteger(value.retryAfterSeconds) && (value.retryAfterSeconds as number) >= 0)) {
        throw new RangeError('retryAfterSeconds must be a whole number of seconds.');
      }
      return;
    case 'slow':
      if (!(typeof value.delayMs === 'number' && value.delayMs >= 0 && Number.isFinite(value.delayMs))) {
        throw new RangeError('A slow fault needs delayMs, a number of milliseconds.');
      }
      if (value.afterBytes !== undefined && !(Number.isInteger(value.afterBytes) && (value.afterBytes as number) >= 0)) {
        throw new RangeError("A slow fault's afterBytes must be a whole number of bytes.");
      }
      return;
    case 'drop':
    case 'malformed':
    case 'lostResponse':
      return;
    default:
      throw new RangeError('A fault kind is one of status, slow, drop, malformed, lostResponse.');
  }
}
