import type { Fault, OperationName } from './faults';

/** One API request as the emulator saw it, for tests to assert on (attempt counts, retry tokens, signatures). */
export interface RecordedRequest {
  /** Emulator clock, ISO-8601. */
  time: string;
  /** Undefined when no route matched. */
  operation: OperationName | undefined;
  method: string;
  path: string;
  /** Repeated parameters as arrays. */
  query: Record<string, string | string[]>;
  /** Only the headers listed in RECORDED_HEADERS that the request had. */
  headers: Record<string, string>;
  /** The signature's keyId, with a session token replaced by a placeholder. */
  keyId: string | undefined;
  authenticated: boolean;
  /** Why authentication failed; the 401 itself says nothing, as OCI's does not. */
  authFailure?: string;
  fault?: Fault['kind'];
  /** The status answered (with lostResponse, the one that was lost); undefined while in flight or when dropped unanswered. */
  status?: number;
  /** The opc-request-id of the answer. */
  opcRequestId: string;
}

export const RECORDED_HEADERS = [
  'opc-request-id',
  'opc-retry-token',
  'opc-client-retries',
  'if-match',
  'if-none-match',
  'content-type',
  'content-length',
  'content-md5',
  'range',
  'user-agent',
] as const;

/** A long-running demo must not grow without bound; tests never come near this. */
const MAX_RECORDED = 10_000;

export class RequestLog {
  private entries: RecordedRequest[] = [];

  add(entry: RecordedRequest): void {
    this.entries.push(entry);
    if (this.entries.length > MAX_RECORDED) this.entries.splice(0, this.entries.length - MAX_RECORDED);
  }

  list(): readonly RecordedRequest[] {
    return this.entries.map((entry) => structuredClone(entry));
  }

  clear(): void {
    this.entries = [];
  }
}

export function queryRecord(params: URLSearchParams): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    record[key] = values.length === 1 ? values[0]! : values;
  }
  return record;
}
