import { NoRetryConfigurationDetails } from 'oci-common';
import { ObjectStorageClient } from 'oci-objectstorage';
import { objectUrl, type ObjectTarget } from '../cloud/objectTarget';
import { formatSeconds, within, type CallBounds, type OciConnection, type OciService } from './connection';
import { OciFailure } from './failures';

export const OBJECT_STORAGE: OciService<ObjectStorageClient> = {
  title: 'Object Storage',
  endpointSetting: 'objectStorageEndpoint',
  endpointHint: 'the Object Storage endpoint setting (--object-storage-endpoint)',
  createClient: (httpClient) => new ObjectStorageClient({ httpClient }, { retryConfiguration: NoRetryConfigurationDetails }),
};

export { objectUrl, type ObjectTarget } from '../cloud/objectTarget';

/** What HeadObject says of an object that exists. */
export interface ObjectFacts {
  size: number;
  etag: string;
  /**
   * Base64 MD5: of the whole object (`content-md5`) when it was uploaded by one PutObject; of its parts' MD5s
   * followed by "-" and the part count (`opc-multipart-md5`) when it was committed from a multipart upload.
   */
  md5: string | undefined;
}

export type MissingPart = 'object' | 'bucket' | 'namespace';

export type ObjectHead =
  | ({ state: 'exists' } & ObjectFacts)
  | {
      state: 'missing';
      /** What is missing: the object in an existing bucket, the bucket in the namespace, or the namespace. */
      missing: MissingPart;
      /** The tenancy's own namespace, when the one named is not it. */
      tenancyNamespace?: string | undefined;
      /** One sentence, for a diagnostic or a refusal. */
      message: string;
    };

/** The Object Storage namespace of the profile's tenancy (`oci os ns get`). */
export async function getNamespace(connection: OciConnection, bounds: CallBounds): Promise<string> {
  const response = await connection.callWith(OBJECT_STORAGE, (client) => client.getNamespace({}), {
    ...bounds,
    action: 'read the Object Storage namespace of your tenancy',
    idempotent: true,
  });
  return response.value;
}

/**
 * Whether the object exists, and what it is. A missing one is an answer, not a failure, and says what is missing:
 * HeadObject answers a bare 404 (a HEAD has no body), so a listing of the bucket (which needs no more permission)
 * tells a missing object from a missing bucket or namespace, and GetNamespace tells a wrong namespace from a
 * missing bucket, since OCI answers BucketNotFound for both. Other failures throw an OciFailure.
 */
export async function headObject(connection: OciConnection, target: ObjectTarget, bounds: CallBounds): Promise<ObjectHead> {
  const call = { ...bounds, idempotent: true };
  try {
    const head = await connection.callWith(
      OBJECT_STORAGE,
      (client) => client.headObject({ namespaceName: target.namespace, bucketName: target.bucket, objectName: target.object }),
      { ...call, action: `read ${objectUrl(target)}` },
    );
    return {
      state: 'exists',
      size: head.contentLength,
      etag: head.eTag,
      md5: head.contentMd5 ?? head.opcMultipartMd5 ?? undefined,
    };
  } catch (error) {
    if (!(error instanceof OciFailure && error.status === 404)) throw error;
  }
  try {
    await connection.callWith(
      OBJECT_STORAGE,
      (client) => client.listObjects({ namespaceName: target.namespace, bucketName: target.bucket, prefix: target.object, limit: 1 }),
      { ...call, action: `list bucket ${target.bucket} of namespace ${target.namespace}` },
    );
    return { state: 'missing', missing: 'object', message: `Bucket ${target.bucket} (namespace ${target.namespace}) has no object ${target.object}.` };
  } catch (error) {
    if (!(error instanceof OciFailure && error.status === 404)) throw error;
    const tenancyNamespace = await getNamespace(connection, bounds).catch(() => undefined);
    const profile = `profile [${connection.profile.name}]`;
    if (tenancyNamespace !== undefined && tenancyNamespace !== target.namespace) {
      return {
        state: 'missing',
        missing: 'namespace',
        tenancyNamespace,
        message: `Namespace ${target.namespace} is not your tenancy's (${tenancyNamespace}), and has no bucket ${target.bucket} that ${profile} may use.`,
      };
    }
    if (error.code === 'NamespaceNotFound') {
      return { state: 'missing', missing: 'namespace', message: `OCI knows no namespace ${target.namespace} that ${profile} may use.` };
    }
    return {
      state: 'missing',
      missing: 'bucket',
      message: `Namespace ${target.namespace} has no bucket ${target.bucket}, or ${profile} may not read it.`,
    };
  }
}

export interface ReadOptions {
  signal?: AbortSignal | undefined;
  /** How long OCI may take to start answering, retries included. */
  firstByteMs?: number | undefined;
  /** How long the body may go without a byte; a large object takes long in all, so there is no total bound. */
  stallMs?: number | undefined;
  /** Bytes read so far, and the object's size. */
  onProgress?: ((bytesRead: number, size: number) => void) | undefined;
}

const FIRST_BYTE_MS = 30_000;
const STALL_MS = 30_000;

/**
 * The object's bytes as they arrive, streamed from GetObject. Leaving the loop early, cancelling or a stall
 * closes the connection; a stall or a broken connection throws an OciFailure naming how far it got.
 */
export async function* readObject(connection: OciConnection, target: ObjectTarget, options: ReadOptions = {}): AsyncGenerator<Uint8Array, void, undefined> {
  const action = `read ${objectUrl(target)}`;
  const response = await connection.callWith(
    OBJECT_STORAGE,
    (client) => client.getObject({ namespaceName: target.namespace, bucketName: target.bucket, objectName: target.object }),
    { ...within(options.firstByteMs ?? FIRST_BYTE_MS, options.signal), action, idempotent: true },
  );
  // The fetch client answers a web stream; the type also allows a Node stream, which is async-iterable as well.
  const body = response.value as ReadableStream<Uint8Array>;
  const reader = body.getReader();
  const stallMs = options.stallMs ?? STALL_MS;
  let bytesRead = 0;
  try {
    for (;;) {
      const next = await nextChunk(reader, stallMs, options.signal);
      if (next === 'stalled') {
        throw new OciFailure(
          'timeout',
          `Could not ${action}: OCI sent nothing for ${formatSeconds(stallMs)} after ${bytesRead} of ${response.contentLength} bytes; check your network, or try again.`,
        );
      }
      if (next === 'cancelled') throw new OciFailure('cancelled', `Cancelled: ${action}.`);
      if (next instanceof Error) {
        throw new OciFailure(
          'network',
          `Could not ${action}: the connection broke after ${bytesRead} of ${response.contentLength} bytes (${causeOf(next)}); check your network, or try again.`,
        );
      }
      if (next.done) return;
      bytesRead += next.value.length;
      options.onProgress?.(bytesRead, response.contentLength);
      yield next.value;
    }
  } finally {
    // Closes the connection when the body was not read to its end; a no-op when it was.
    await reader.cancel().catch(() => undefined);
  }
}

/** The next chunk, unless the body stalls, the caller cancels, or the connection breaks first. */
function nextChunk(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  stallMs: number,
  signal: AbortSignal | undefined,
): Promise<ReadableStreamReadResult<Uint8Array> | 'stalled' | 'cancelled' | Error> {
  if (signal?.aborted) return Promise.resolve('cancelled');
  return new Promise((resolve) => {
    const timer = setTimeout(() => settle('stalled'), stallMs);
    const cancel = (): void => settle('cancelled');
    signal?.addEventListener('abort', cancel, { once: true });
    function settle(outcome: ReadableStreamReadResult<Uint8Array> | 'stalled' | 'cancelled' | Error): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', cancel);
      resolve(outcome);
    }
    reader.read().then(settle, (error: unknown) => settle(error instanceof Error ? error : new Error(String(error))));
  });
}

/** fetch reports a broken body as "terminated", with what happened below it as the cause. */
function causeOf(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error && cause.message ? cause.message : error.message;
}
