/**
 * A local emulator of the OCI Generative AI management API (20231130): the routes the project's SDK calls use
 * (models, work requests, dedicated AI clusters), OCI's request signatures (API keys and session tokens), work
 * requests that progress with time, and faults on demand; and of Object Storage (20160918) as far as training
 * datasets need it (objectStorageApi.ts: namespace, objects, multipart uploads), on the same server. Where OCI's
 * behaviour is not documented, the choice made is written where it is implemented; in short:
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
import { received } from './objectStore';
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
  /** The tenancy's Object Storage namespace, what GetNamespace answers. */
  readonly namespace: string;
  registerApiKey(keyId: string, publicKeyPem: string): void;
  /** A session token (JWT) for the key, as `oci session authenticate` writes; negative expiry gives an expired one. */
  issueSessionToken(publicKeyPem: string, options?: { expiresInSeconds?: number; tenancy?: string }): string;
  /**
   * The next `times` requests (default 1; Infinity: all) of `operation` get `fault`, once `after` more (default 0)
   * have been served as usual; faults queue in order.
   */
  injectFault(operation: OperationName, fault: Fault, options?: { times?: number; after?: number }): void;
  /** Writes an object directly, as another client would in the meantime (the bucket must exist). */
  writeObject(namespace: string, bucket: string, object: string, content: Buffer | string): void;
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
/** The same for an object's bytes (PutObject, UploadPart), which the emulator keeps in memory; OCI allows 50 GiB. */
export const MAX_OBJECT_BODY_BYTES = 256 * 1024 * 1024;
/** An object's bytes go out in pieces of this size, so that clients read them as a stream. */
const OBJECT_WRITE_BYTES = 64 * 1024;

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
      const body = await readBody(request, MAX_BODY_BYTES);
      if (body === 'aborted') return;
      if (body === 'too large') return send(response, replyFor(payloadTooLarge(MAX_BODY_BYTES)), true);
      return send(response, handleAdmin(emulator, method, url.pathname, Buffer.concat(body)));
    }

    const match = matchRoute(method, url.pathname);
    const route = match && 'route' in match ? match.route : undefined;
    const operation = route?.operation;
    const bodyLimit = route?.rawBody ? MAX_OBJECT_BODY_BYTES : MAX_BODY_BYTES;
    const content = await readBody(request, bodyLimit);
    if (content === 'aborted') return;
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
    const finish = (reply: Reply, closeConnection = false, pause?: Pause): void => {
      record.status = reply.status;
      if (reply.bytes) {
        void sendBytes(response, reply, method === 'HEAD', pause).then(() => options.onRequest?.(structuredClone(record)));
        return;
      }
      send(response, reply, closeConnection);
      options.onRequest?.(structuredClone(record));
    };
    const drop = (): void => {
      request.socket.destroy();
      options.onRequest?.(structuredClone(record));
    };

    if (content === 'too large') {
      record.authFailure = 'not checked: the body is too large';
      return finish(replyFor(payloadTooLarge(bodyLimit)), true);
    }
    // An object's bytes stay in the chunks they came in; other bodies are small JSON, read whole.
    const body = route?.rawBody ? Buffer.alloc(0) : Buffer.concat(content);
    const signature = verifySignature({ method, target, headers: request.headers, body, bodySigned: !route?.rawBody }, principals.lookup, clock.now());
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
        if (fault.afterBytes === undefined && !(await delay(fault.delayMs))) return drop();
        break;
    }
    const reply = signature.ok ? answer(store, method, url, match, { headers: request.headers, body, content }) : replyFor(notAuthenticated());
    if (fault?.kind === 'lostResponse') {
      record.status = reply.status;
      return drop();
    }
    const pause = fault?.kind === 'slow' && fault.afterBytes !== undefined ? { afterBytes: fault.afterBytes, wait: () => delay(fault.delayMs) } : undefined;
    finish(reply, false, pause);
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
    namespace: store.objectStorage.tenancyNamespace,
    registerApiKey: (keyId, publicKeyPem) => principals.registerApiKey(keyId, publicKeyPem),
    issueSessionToken: (publicKeyPem, tokenOptions) => principals.issueSessionToken(publicKeyPem, clock.now(), tokenOptions),
    injectFault: (operation, fault, faultOptions) => faults.inject(operation, fault, faultOptions?.times ?? 1, faultOptions?.after ?? 0),
    writeObject: (namespace, bucket, object, content) =>
      void store.objectStorage.put(namespace, bucket, object, received([Buffer.from(content)]), 'application/octet-stream'),
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
function answer(store: Store, method: string, url: URL, match: RouteMatch, request: { headers: http.IncomingHttpHeaders; body: Buffer; content: Buffer[] }): Reply {
  if (!match) return replyFor(new ApiError(404, 'NotFound', `There is no operation at ${method} ${url.pathname}.`));
  if ('allowedMethods' in match) {
    const allow = match.allowedMethods.join(', ');
    const reply = replyFor(new ApiError(405, 'MethodNotAllowed', `${url.pathname} does not support ${method}; it supports ${allow}.`));
    return { ...reply, headers: { ...reply.headers, allow } };
  }
  try {
    return match.route.handler(store, { params: match.params, query: new Query(url.searchParams), ...request });
  } catch (error) {
    if (error instanceof ApiError) return replyFor(error);
    throw error;
  }
}

function replyFor(error: ApiError): Reply {
  return { status: error.status, body: { code: error.code, message: error.message }, headers: { ...error.headers } };
}

function payloadTooLarge(limit: number): ApiError {
  return new ApiError(413, 'RequestEntityTooLarge', `The request body is larger than ${limit} bytes.`);
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

/** A point in an object's bytes at which to wait (the `slow` fault with `afterBytes`); false: stop sending. */
interface Pause {
  afterBytes: number;
  wait: () => Promise<boolean>;
}

/**
 * Sends an object's bytes in pieces, as the socket takes them, with their length; a HEAD gets the headers alone.
 * Stops when the client goes away, or when a pause ends with the emulator closing.
 */
async function sendBytes(response: http.ServerResponse, reply: Reply, headOnly: boolean, pause: Pause | undefined): Promise<void> {
  const chunks = reply.bytes ?? [];
  const length = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  response.writeHead(reply.status, { ...reply.headers, 'content-length': length });
  if (headOnly) return void response.end();
  let sent = 0;
  for (const chunk of chunks) {
    for (let offset = 0; offset < chunk.length; ) {
      let piece = chunk.subarray(offset, offset + OBJECT_WRITE_BYTES);
      if (pause && sent <= pause.afterBytes && sent + piece.length > pause.afterBytes) {
        piece = piece.subarray(0, pause.afterBytes - sent);
        const due = pause;
        pause = undefined;
        if (piece.length > 0 && !(await write(response, piece))) return;
        sent += piece.length;
        offset += piece.length;
        if (!(await due.wait())) return void response.destroy();
        continue;
      }
      if (!(await write(response, piece))) return;
      sent += piece.length;
      offset += piece.length;
    }
  }
  response.end();
}

/** Writes, waiting while the socket is full; false once the client has gone. */
function write(response: http.ServerResponse, piece: Buffer): Promise<boolean> {
  if (response.destroyed) return Promise.resolve(false);
  if (response.write(piece)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (open: boolean) => (): void => {
      response.off('drain', drained);
      response.off('close', closed);
      resolve(open);
    };
    const drained = done(true);
    const closed = done(false);
    response.once('drain', drained);
    response.once('close', closed);
  });
}

/**
 * The body, in the chunks it came in; 'too large' once it passes `limit` (the rest is not read); 'aborted' when
 * the client went away mid-body, leaving no one to answer.
 */
async function readBody(request: http.IncomingMessage, limit: number): Promise<Buffer[] | 'too large' | 'aborted'> {
  if (Number(request.headers['content-length'] ?? 0) > limit) return 'too large';
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of request) {
      size += (chunk as Buffer).length;
      if (size > limit) return 'too large';
      chunks.push(chunk as Buffer);
    }
  } catch {
    return 'aborted';
  }
  return chunks;
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
