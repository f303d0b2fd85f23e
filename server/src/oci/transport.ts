import { CircuitBreaker, DefaultRequestSigner, FetchHttpClient, type AuthenticationDetailsProvider, type HttpClient, type HttpRequest } from 'oci-common';

// The SDK's circuit breaker would answer "breaker is open" for minutes after a few failures, in place of the
// real cause, and keeps timers alive; our retry policy bounds every call instead.
CircuitBreaker.EnableGlobalCircuitBreaker = false;

/** What the last attempt saw, which the SDK's errors leave out: the server's clock, `retry-after`, the cause. */
export interface ObservedExchange {
  status?: number;
  /** The `date` header: the server's clock, to tell a skewed local clock from a wrong key. */
  date?: string | undefined;
  /** The `retry-after` header, in seconds or as an HTTP date. */
  retryAfter?: string | undefined;
  requestId?: string | undefined;
  /** A failure below HTTP (DNS, refused, reset, aborted), with its cause. */
  error?: unknown;
}

/**
 * The SDK's own fetch client and signer, with an abort signal on every request and a record of the exchange.
 * One per attempt: the signal bounds that attempt.
 */
export class ObservedHttpClient implements HttpClient {
  private readonly fetchClient: FetchHttpClient;
  exchange: ObservedExchange = {};

  constructor(identity: AuthenticationDetailsProvider, signal: AbortSignal) {
    this.fetchClient = new FetchHttpClient(new DefaultRequestSigner(identity), undefined, { signal });
  }

  async send(request: HttpRequest, ...rest: unknown[]): Promise<Response> {
    try {
      const response = await (this.fetchClient.send as (request: HttpRequest, ...rest: unknown[]) => Promise<Response>)(request, ...rest);
      this.exchange = {
        status: response.status,
        date: response.headers.get('date') ?? undefined,
        retryAfter: response.headers.get('retry-after') ?? undefined,
        requestId: response.headers.get('opc-request-id') ?? undefined,
      };
      return response;
    } catch (error) {
      this.exchange = { error };
      throw error;
    }
  }
}
