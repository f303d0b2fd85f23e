import { OciError } from 'oci-common';
import type { ObservedExchange } from './transport';

/** What went wrong, for callers that act on it (a tree view shows a sign-in hint, completion stays quiet). */
export type FailureKind =
  | 'config'
  | 'authentication'
  | 'clock-skew'
  | 'not-found'
  | 'not-authorized'
  | 'precondition-failed'
  | 'rejected'
  | 'throttled'
  | 'service-error'
  | 'no-service-in-region'
  | 'network'
  | 'timeout'
  | 'cancelled'
  | 'invalid-response'
  | 'local-file';

/** A failed OCI call as one sentence naming the cause and the fix, with OCI's request id when there is one. */
export class OciFailure extends Error {
  override readonly name = 'OciFailure';

  constructor(
    readonly kind: FailureKind,
    /** The sentence alone, without the request id. */
    readonly sentence: string,
    readonly requestId?: string,
    readonly status?: number,
    /** OCI's error code, such as BucketNotFound. */
    readonly code?: string,
  ) {
    super(requestId ? `${sentence} (opc-request-id: ${requestId})` : sentence);
  }

  /** The same failure with a sentence added, such as what is kept for a later attempt. */
  withNote(note: string): OciFailure {
    return new OciFailure(this.kind, `${this.sentence} ${note}`, this.requestId, this.status, this.code);
  }
}

/** What a failure is explained against. */
export interface FailureContext {
  /** What was being done, as a phrase after "Could not": "list the models of compartment ocid1...". */
  action: string;
  /** The service called, as failures name it: "Generative AI", "Object Storage". */
  service: string;
  /** The setting that replaces the region's endpoint, as failures name it: "the endpoint setting (--endpoint)". */
  endpointHint: string;
  profileName: string;
  sessionProfile: boolean;
  fingerprint: string;
  region: string;
  /** The service's base URL, as called. */
  endpoint: string;
  /** Whether the endpoint is the region's own, rather than a configured one. */
  regionEndpoint: boolean;
  exchange: ObservedExchange;
  /** How long the call had, for timeout messages. */
  budgetMs: number;
}

/** OCI refuses a request whose date is more than five minutes from its own clock. */
const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

const NETWORK_UNREACHABLE = new Set(['ENETUNREACH', 'EHOSTUNREACH', 'EAI_AGAIN', 'ENETDOWN', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);
const CONNECTION_DROPPED = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/** The error code of a failure below HTTP: fetch keeps it on `cause`, sometimes one level further down. */
export function networkCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Whether a failure below HTTP is worth another attempt: the connection broke, rather than never opened. */
export function droppedConnection(error: unknown): boolean {
  const code = networkCode(error);
  return code !== undefined && CONNECTION_DROPPED.has(code);
}

export function explainFailure(error: unknown, context: FailureContext): OciFailure {
  if (error instanceof OciFailure) return error;
  const could = `Could not ${context.action}`;
  const requestId = (error instanceof OciError ? error.opcRequestId : undefined) ?? context.exchange.requestId;
  if (error instanceof OciError && error.statusCode > 0) return explainServiceError(error, context, requestId ?? undefined);
  if (error instanceof SyntaxError) {
    return new OciFailure(
      'invalid-response',
      `${could}: the answer from ${context.endpoint} is not the JSON OCI sends; check ${context.endpointHint}, or a proxy in between.`,
      requestId ?? undefined,
    );
  }
  const code = networkCode(context.exchange.error ?? error);
  const host = safeHost(context.endpoint);
  if (code === 'ENOTFOUND') {
    return context.regionEndpoint
      ? new OciFailure(
          'no-service-in-region',
          `${could}: no ${context.service} endpoint exists for region ${context.region} (${host} is not known); the service is not offered there or the region is misspelt. Choose a region that has it, such as us-chicago-1, with the region setting (--region).`,
        )
      : new OciFailure('network', `${could}: the host ${host} is not known; check ${context.endpointHint} and your network.`);
  }
  if (code === 'ECONNREFUSED') {
    return new OciFailure('network', `${could}: nothing answers at ${context.endpoint} (connection refused); check ${context.endpointHint}.`);
  }
  if (code !== undefined && CONNECTION_DROPPED.has(code)) {
    return new OciFailure('network', `${could}: the connection to ${host} was dropped before an answer came, on every attempt; check your network or proxy.`);
  }
  if (code !== undefined && NETWORK_UNREACHABLE.has(code)) {
    return new OciFailure('network', `${could}: the network cannot reach ${host} (${code}); check your connection or proxy.`);
  }
  const message = error instanceof Error ? error.message : typeof (error as { message?: unknown })?.message === 'string' ? (error as { message: string }).message : String(error);
  return new OciFailure('network', `${could}: ${message}.`, requestId ?? undefined);
}

function explainServiceError(error: OciError, context: FailureContext, requestId: string | undefined): OciFailure {
  const could = `Could not ${context.action}`;
  const status = error.statusCode;
  const said = error.message ? ` OCI said: ${error.message.replace(/\.?\s*$/, '.')}` : '';
  if (status === 401) {
    const skew = clockSkew(context.exchange.date);
    if (skew !== undefined && Math.abs(skew) > MAX_CLOCK_SKEW_MS) {
      const minutes = Math.round(Math.abs(skew) / 60000);
      return new OciFailure(
        'clock-skew',
        `${could}: this computer's clock is ${minutes} minutes ${skew > 0 ? 'behind' : 'ahead of'} OCI's, and OCI refuses requests more than 5 minutes off; correct the system time.`,
        requestId,
        status,
        error.serviceCode,
      );
    }
    if (context.sessionProfile) {
      return new OciFailure(
        'authentication',
        `${could}: OCI refused the session token of profile [${context.profileName}]; run \`oci session refresh --profile ${context.profileName}\`, or \`oci session authenticate\` if it has lapsed.`,
        requestId,
        status,
        error.serviceCode,
      );
    }
    return new OciFailure(
      'authentication',
      `${could}: OCI did not accept the signature of profile [${context.profileName}]; check that its fingerprint (${context.fingerprint}) is the one OCI shows for the API key uploaded for its user, that key_file is that key's private half, and that user and tenancy are right.`,
      requestId,
      status,
      error.serviceCode,
    );
  }
  const objectStorageFailure = context.service === 'Object Storage' ? explainObjectStorageError(error, context, requestId) : undefined;
  if (objectStorageFailure) return objectStorageFailure;
  const policy = POLICY_EXAMPLES[context.service] ?? POLICY_EXAMPLES['Generative AI'];
  if (status === 403) {
    return new OciFailure(
      'not-authorized',
      `${could}: OCI refused profile [${context.profileName}] (403 ${error.serviceCode}); a policy must let your user's group do this, such as ${policy}.${said}`,
      requestId,
      status,
      error.serviceCode,
    );
  }
  if (status === 404) {
    const names = context.service === 'Object Storage' ? 'the namespace, bucket and object names' : `the OCID and the region (${context.region})`;
    return new OciFailure(
      'not-found',
      `${could}: OCI found nothing it lets profile [${context.profileName}] see there; check ${names}, and that a policy lets your user's group see it, such as ${policy}.`,
      requestId,
      status,
      error.serviceCode,
    );
  }
  if (status === 429) {
    return new OciFailure('throttled', `${could}: OCI is limiting requests (429), still after retrying; try again in a minute.`, requestId, status, error.serviceCode);
  }
  if (status >= 500) {
    return new OciFailure('service-error', `${could}: OCI had an internal error (${status}), still after retrying; try again later.${said}`, requestId, status, error.serviceCode);
  }
  return new OciFailure('rejected', `${could}: OCI refused the request (${status} ${error.serviceCode}).${said}`, requestId, status, error.serviceCode);
}

const POLICY_EXAMPLES: Record<string, string> = {
  'Generative AI': '`allow group <your group> to read generative-ai-family in compartment <name>` (`manage` to create)',
  'Object Storage': '`allow group <your group> to read objects in compartment <name>` (`manage objects` to upload)',
};

/**
 * Object Storage says in its error codes what is missing or which condition did not hold (a HEAD answers no body,
 * so only its status: those fall through to the general cases). The action names the object as
 * oci://bucket@namespace/object, so the sentences need not.
 */
function explainObjectStorageError(error: OciError, context: FailureContext, requestId: string | undefined): OciFailure | undefined {
  const profile = `profile [${context.profileName}]`;
  const failure = (kind: FailureKind, sentence: string): OciFailure =>
    new OciFailure(kind, `Could not ${context.action}: ${sentence}`, requestId, error.statusCode, error.serviceCode);
  switch (error.serviceCode) {
    case 'NamespaceNotFound':
      return failure('not-found', `OCI knows no Object Storage namespace of that name that ${profile} may use; your tenancy's is what \`oci os ns get\` prints.`);
    case 'BucketNotFound':
      return failure(
        'not-found',
        `the bucket does not exist in that namespace, or ${profile} may not use it; check the bucket and namespace names, and that a policy lets your user's group use the bucket, such as ${POLICY_EXAMPLES['Object Storage']}.`,
      );
    case 'ObjectNotFound':
      return failure('not-found', 'the bucket has no object of that name; check the object name.');
    case 'NoSuchUpload':
      return failure('not-found', 'OCI no longer knows that multipart upload (it was committed or aborted); upload the file again.');
    case 'IfNoneMatchFailed':
      return failure('precondition-failed', 'an object of that name appeared in the meantime, so nothing was overwritten; look at it, then upload again to replace it.');
    case 'IfMatchFailed':
      return failure('precondition-failed', 'the object changed after it was checked, so it was not overwritten; check it again before replacing it.');
    case 'UnmatchedContentMD5':
      return failure(
        'rejected',
        'the bytes OCI received do not have the MD5 they were sent with (they changed on the way, or the file changed while it was read), so OCI refused them; try again.',
      );
    default:
      return undefined;
  }
}

/** Local clock minus the server's, in milliseconds; undefined without a usable `date` header. */
function clockSkew(date: string | undefined): number | undefined {
  if (!date) return undefined;
  const server = Date.parse(date);
  return Number.isNaN(server) ? undefined : server - Date.now();
}

function safeHost(endpoint: string): string {
  try {
    return new URL(endpoint).host;
  } catch {
    return endpoint;
  }
}
