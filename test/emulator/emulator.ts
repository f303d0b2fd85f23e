/**
 * A local emulator of the OCI Generative AI management API (20231130): the routes the project's SDK calls use
 * (models, work requests, dedicated AI clusters), OCI's request signatures (API keys and session tokens), work
 * requests that progress with time, and faults on demand. Where OCI's behaviour is not documented, the choice
 * made is written where it is implemented; in short:
 * - ListModels: several `capability` values match a model that has any of them (api.ts); `limit` defaults to 100,
 *   1 to 1000 (listing.ts); base models appear in every compartment; DELETED models only when asked for.
 * - CreateModel: unknown fields are rejected rather than ignored, so a misspelt field fails loudly; `datasetType`
 *   and `trainingConfigType` are accepted in any case (the Terraform provider treats them so); a training method
 *   the base model does not offer is rejected; omitted hyperparameters get the seed's defaults; the dataset
 *   object is looked up when the request is accepted, and a missing one fails the work request, not the call.
 * - Retry tokens: the same token and body answer the first result; another body is 409 Conflict; a token whose
 *   model was deleted since is 409 InvalidatedRetryToken.
 * - DeleteModel and UpdateModel: base models 400, models that are not ACTIVE or FAILED 409 IncorrectState.
 * - An unknown path is 404 NotFound, a known path with another method 405 MethodNotAllowed (OCI's error table).
 */
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN_PREFIX, handleAdmin } from './admin';
import { matchRoute, type Reply, type RouteMatch } from './api';
import { Clock, isoTime } from './clock';
import { ApiError, errorForStatus, notAuthenticated } from './errors';
import { FaultPlan, type Fault, type OperationName } from './faults';
import { Query } from './listing';
import { Principals } from './principals';
import { queryRecord, RECORDED_HEADERS, RequestLog, type RecordedRequest } from './recorder';
import { loadSeed, type Seed } from './seed';
import { redactKeyId, verifySignature } from './signature';
import { Store, type EmulatorState } from './store';

export type { Fault, OperationName } from './faults';
export type { RecordedRequest } from './recorder';
export type { Seed } from './seed';
export type { EmulatorState } from './store';

export interface EmulatorOptions {
  /** A seed file path or object; test/emulator/seed.json by default. */
  seed?: string | Seed;
  /** 0 or absent: a free port. The emulator listens on 127.0.0.1 only. */
  port?: number;
  /** How long a work request takes from ACCEPTED to SUCCEEDED or FAILED. */
  workRequestMs?: number;
  /** Told about each API request once it is answered or dropped (the command's --verbose prints these). */
  onRequest?: (request: RecordedRequest) => void;
}

/**
 * A running emulator of the OCI Generative AI management API (20231130). Point the SDK at it with
 * `client.endpoint = emulator.url` (the SDK appends /20231130).
 */
export interface Emulator {
  /** http://127.0.0.1:PORT, without /20231130. */
  readonly url: string;
  readonly region: string;
  readonly tenancyId: string;
  /** The user the seed names; API keys for `tenancyId/userId/fingerprint` are what the SDK signs with. */
  readonly userId: string;
  /** The seed's example compartment. */
  readonly compartmentId: string;
  registerApiKey(keyId: string, publicKeyPem: string): void;
  /** A session token (JWT) for the key, as `oci session authenticate` writes; negative expiry gives an expired one. */
  issueSessionToken(publicKeyPem: string, options?: { expiresInSeconds?: number; tenancy?: string }): string;
  /** The next `times` requests (default 1; Infinity: all) of `operation` get `fault`; faults queue in order. */
  injectFault(operation: OperationName, fault: Fault, options?: { times?: number }): void;
  clearFaults(): void;
  /** Moves the emulator's clock (the `date` header, signature dates, token expiry) by `ms` from real time. */
  setClockOffset(ms: number): void;
  readonly clockOffset: number;
  /** Every API request received, oldest first (a copy; admin routes are not recorded). */
  readonly requests: readonly RecordedRequest[];
  clearRequests(): void;
  readonly state: EmulatorState;
  /** Stops listening and destroys open connections, including those of requests being delayed by `slow`. */
  close(): Promise<void>;
}

export const DEFAULT_WORK_REQUEST_MS = 5000;
/** Bodies above this answer 413. The API's largest request, CreateModel, is a few kilobytes. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** A 200 whose body is cut off in the middle, as a broken proxy might deliver it. */
const MALFORMED_BODY = '{"items":[{"id":"ocid1.generativeaimodel.oc1.';

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const seed = loadSeed(options.seed);
  const clock = new Clock();
  const store = new Store(seed, clock, options.workRequestMs ?? DEFAULT_WORK_REQUEST_MS);
  const principals = new Principals(seed.tenancy.id, seed.user.id);
  const faults = new FaultPlan();
  const log = new RequestLog();
  const delays = new Set<() => void>();
  let closing: Promise<void> | undefined;

  const server = http.createServer((request, response) => {
    serve(request, response).catch((error: unknown) => {
      console.error('[oci-genai-emulator] unexpected error:', error);
      if (!response.headersSent) send(response, replyFor(errorForStatus(500)));
      else response.destroy();
    });
  });

  /** Waits, unless the emulator closes first; answers whether the wait ran its course. */
  function delay(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(true), ms);
      const cancel = (): void => finish(false);
      function finish(completed: boolean): void {
        clearTimeout(timer);
        delays.delete(cancel);
        resolve(completed);
      }
      delays.add(cancel);
    });
  }

  async function serve(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const target = request.url ?? '/';
    const url = new URL(target, 'http://emulator.invalid');
    const opcRequestId = answerRequestId(request.headers['opc-request-id']);
    response.setHeader('opc-request-id', opcRequestId);
    response.setHeader('date', new Date(clock.now()).toUTCString());

    if (url.pathname === ADMIN_PREFIX || url.pathname.startsWith(`${ADMIN_PREFIX}/`)) {
      if (!isLoopback(request.socket.remoteAddress)) return send(response, { status: 403, body: { code: 'NotAllowed', message: 'The emulator control routes answer only loopback callers.' } });
      const body = await readBody(request);
      if (body === 'aborted') return;
      if (body === 'too large') return send(response, replyFor(payloadTooLarge()), true);
      return send(response, handleAdmin(emulator, method, url.pathname, body));
    }

    const body = await readBody(request);
    if (body === 'aborted') return;
    const match = matchRoute(method, url.pathname);
    const operation = match && 'route' in match ? match.route.operation : undefined;
    const record: RecordedRequest = {
      time: isoTime(clock.now()),
      operation,
      method,
      path: url.pathname,
      query: queryRecord(url.searchParams),
      headers: recordedHeaders(request.headers),
      keyId: undefined,
      authenticated: false,
      opcRequestId,
    };
    log.add(record);
    const finish = (reply: Reply, closeConnection = false): void => {
      record.status = reply.status;
      send(response, reply, closeConnection);
      options.onRequest?.(structuredClone(record));
    };
    const drop = (): void => {
      request.socket.destroy();
      options.onRequest?.(structuredClone(record));
    };

    if (body === 'too large') {
      record.authFailure = 'not checked: the body is too large';
      return finish(replyFor(payloadTooLarge()), true);
    }
    const signature = verifySignature({ method, target, headers: request.headers, body }, principals.lookup, clock.now());
    record.keyId = redactKeyId(signature.keyId);
    record.authenticated = signature.ok;
    if (!signature.ok) record.authFailure = signature.reason;

    const fault = operation ? faults.take(operation) : undefined;
    if (fault) record.fault = fault.kind;
    switch (fault?.kind) {
      case 'drop':
        return drop();
      case 'status':
        return finish(replyFor(errorForStatus(fault.status, fault.code, fault.message, fault.retryAfterSeconds)));
      case 'malformed':
        return finish({ status: 200, body: MALFORMED_BODY });
      case 'slow':
        if (!(await delay(fault.delayMs))) return drop();
        break;
    }
    const reply = signature.ok ? answer(store, method, url, match, request.headers, body) : replyFor(notAuthenticated());
    if (fault?.kind === 'lostResponse') {
      record.status = reply.status;
      return drop();
    }
    finish(reply);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  const emulator: Emulator = {
    url: `http://127.0.0.1:${port}`,
    region: store.region,
    tenancyId: store.tenancyId,
    userId: store.userId,
    compartmentId: store.exampleCompartmentId,
    registerApiKey: (keyId, publicKeyPem) => principals.registerApiKey(keyId, publicKeyPem),
    issueSessionToken: (publicKeyPem, tokenOptions) => principals.issueSessionToken(publicKeyPem, clock.now(), tokenOptions),
    injectFault: (operation, fault, faultOptions) => faults.inject(operation, fault, faultOptions?.times ?? 1),
    clearFaults: () => faults.clear(),
    setClockOffset: (ms) => clock.setOffset(ms),
    get clockOffset() {
      return clock.offset;
    },
    get requests() {
      return log.list();
    },
    clearRequests: () => log.clear(),
    state: store.view(),
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const cancel of [...delays]) cancel();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
  return emulator;
}

/** The API's answer to an authenticated request. */
function answer(store: Store, method: string, url: URL, match: RouteMatch, headers: http.IncomingHttpHeaders, body: Buffer): Reply {
  if (!match) return replyFor(new ApiError(404, 'NotFound', `There is no operation at ${method} ${url.pathname}.`));
  if ('allowedMethods' in match) {
    const allow = match.allowedMethods.join(', ');
    const reply = replyFor(new ApiError(405, 'MethodNotAllowed', `${url.pathname} does not support ${method}; it supports ${allow}.`));
    return { ...reply, headers: { ...reply.headers, allow } };
  }
  try {
    return match.route.handler(store, { params: match.params, query: new Query(url.searchParams), headers, body });
  } catch (error) {
    if (error instanceof ApiError) return replyFor(error);
    throw error;
  }
}

function replyFor(error: ApiError): Reply {
  return { status: error.status, body: { code: error.code, message: error.message }, headers: { ...error.headers } };
}

function payloadTooLarge(): ApiError {
  return new ApiError(413, 'RequestEntityTooLarge', `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
}

/** Sends the reply; a string body goes out as it is (which is how the malformed fault breaks JSON). */
function send(response: http.ServerResponse, reply: Reply, closeConnection = false): void {
  if (response.destroyed) return;
  const text = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  const headers: http.OutgoingHttpHeaders = { ...reply.headers, 'content-length': Buffer.byteLength(text) };
  if (text) headers['content-type'] = 'application/json';
  if (closeConnection) headers['connection'] = 'close';
  response.writeHead(reply.status, headers);
  response.end(text);
}

/**
 * The body; 'too large' once it passes MAX_BODY_BYTES (the rest is not read); 'aborted' when the client went
 * away mid-body, leaving no one to answer.
 */
async function readBody(request: http.IncomingMessage): Promise<Buffer | 'too large' | 'aborted'> {
  if (Number(request.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return 'too large';
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of request) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) return 'too large';
      chunks.push(chunk as Buffer);
    }
  } catch {
    return 'aborted';
  }
  return Buffer.concat(chunks);
}

/** Like OCI: the client's opc-request-id (when well formed), then two server parts. */
function answerRequestId(clientId: string | string[] | undefined): string {
  const part = (): string => randomBytes(16).toString('hex').toUpperCase();
  const client = typeof clientId === 'string' && /^[A-Za-z0-9_-]{1,98}$/.test(clientId) ? clientId : part();
  return `${client}/${part()}/${part()}`;
}

function recordedHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const recorded: Record<string, string> = {};
  for (const name of RECORDED_HEADERS) {
    const value = headers[name];
    if (value !== undefined) recorded[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return recorded;
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}
