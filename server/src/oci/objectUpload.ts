import * as fs from 'node:fs';
import * as path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import type { models } from 'oci-objectstorage';
import { within, type OciConnection } from './connection';
import { OciFailure, type FailureKind } from './failures';
import { digestFile, multipartMd5, partRange, type FileDigest } from './fileDigest';
import { headObject, OBJECT_STORAGE, objectUrl, type ObjectFacts, type ObjectTarget } from './objectStorage';

/*
 * Why not the SDK's UploadManager (oci-objectstorage/lib/upload-manager): it starts a new multipart upload on every
 * call and cannot resume one across processes; it retries any failure three or four times, wrong keys and failed
 * conditions included, with no time bound and no cancellation; it drops If-Match / If-None-Match on multipart
 * uploads; and it throws plain objects in place of the cause. What is here is the few client calls it makes, with
 * our retry policy and bounds, a record of the upload to resume it, and the conditions that keep it from
 * overwriting what it should not.
 */

/** The local file as it was when an upload began: a different one cannot resume it. */
export interface LocalFileIdentity {
  path: string;
  size: number;
  mtimeMs: number;
}

/** A multipart upload begun and not finished: what a later run needs to send only the missing parts. */
export interface UploadRecord {
  target: ObjectTarget;
  uploadId: string;
  file: LocalFileIdentity;
  partSize: number;
  startedAt: string;
}

/** Where unfinished multipart uploads are remembered between runs (flows/uploadRecords.ts keeps them in the module). */
export interface UploadResumeStore {
  get(target: ObjectTarget): UploadRecord | undefined;
  put(record: UploadRecord): void;
  delete(target: ObjectTarget): void;
}

/**
 * When a different object is already there: `never` answers `refused` with what is there, to show and confirm;
 * `{ etag }` replaces it only while it is still the object confirmed (If-Match on that etag); `always` replaces
 * whatever is there when the upload starts (If-Match on the etag seen then).
 */
export type Overwrite = 'never' | 'always' | { etag: string };

export interface UploadProgress {
  phase: 'hashing' | 'checking' | 'uploading' | 'committing';
  bytesDone: number;
  bytesTotal: number;
}

export interface UploadOptions {
  overwrite?: Overwrite | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: UploadProgress) => void) | undefined;
  /** Without one, a multipart upload that fails is aborted, since nothing could resume it. */
  resumeStore?: UploadResumeStore | undefined;
  /** Files of this size and more go in parts. */
  multipartThreshold?: number | undefined;
  /** Grown when the file would need more parts than OCI allows. */
  partSize?: number | undefined;
  /** How long one request carrying `bytes` may take, its retries included. */
  requestTimeMs?: ((bytes: number) => number) | undefined;
}

export type UploadResult =
  | {
      outcome: 'uploaded';
      etag: string;
      /** As HeadObject will state it: see ObjectFacts.md5. */
      md5: string;
      size: number;
      /** 0 for one PutObject. */
      parts: number;
      /** Parts an earlier run had uploaded, not sent again. */
      partsResumed: number;
      /** Whether an object of that name was there before. */
      replaced: boolean;
    }
  | { outcome: 'identical'; etag: string; size: number }
  | {
      outcome: 'refused';
      existing: ObjectFacts;
      /** `unknown`: the object was committed from parts of a size not known here, so its MD5 cannot be compared. */
      comparison: 'different' | 'unknown';
    };

export const MULTIPART_THRESHOLD = 64 * 1024 * 1024;
export const PART_SIZE = 32 * 1024 * 1024;
const MAX_PARTS = 10_000;
/** Part sizes other tools use by default (the OCI CLI and Python SDK: 128 MiB; the TypeScript SDK: 20 MiB). */
const KNOWN_PART_SIZES = [128 * 1024 * 1024, 20 * 1024 * 1024];
/** For requests that carry no file: HEAD, create, list, commit, abort. */
const CALL_MS = 30_000;
/** The default bound of a request carrying bytes: a minute, plus the bytes at 256 KiB/s. */
const defaultRequestTimeMs = (bytes: number): number => 60_000 + bytes / 256;

/** Failures that another run can get past: the parts already uploaded are kept for it. */
const RESUMABLE = new Set<FailureKind>(['network', 'timeout', 'throttled', 'service-error', 'cancelled', 'authentication', 'clock-skew', 'config', 'invalid-response']);

/**
 * Uploads a local file to the object, unless an object is there already: an identical one is left as it is, a
 * different one only replaced as `overwrite` allows. A new object is created with If-None-Match: *, a replacement
 * with If-Match on the etag that was checked, so an object written by someone else in the meantime is never
 * overwritten. Small files go in one PutObject, larger ones in parts, each with its Content-MD5; a multipart
 * upload interrupted by a failure another attempt can get past is recorded in `resumeStore`, and the next run
 * for the same file and object sends only the parts OCI does not have.
 */
export async function uploadFile(connection: OciConnection, target: ObjectTarget, localPath: string, options: UploadOptions = {}): Promise<UploadResult> {
  const file = path.resolve(localPath);
  const action = `upload ${file} to ${objectUrl(target)}`;
  const identity = await localFile(file, action);
  const partSize = Math.max(options.partSize ?? PART_SIZE, Math.ceil(identity.size / MAX_PARTS));
  const report = (phase: UploadProgress['phase'], bytesDone: number): void => options.onProgress?.({ phase, bytesDone, bytesTotal: identity.size });

  // Checked before the file is read: a wrong bucket should not wait for a large file to be hashed. The write's
  // condition holds whatever happens to the object in between.
  report('checking', 0);
  const before = await headObject(connection, target, within(CALL_MS, options.signal));
  if (before.state === 'missing' && before.missing !== 'object') throw new OciFailure('not-found', `Could not ${action}: ${before.message}`);
  report('hashing', 0);
  const digest = await digestFile(file, partSize, { signal: options.signal, onBytes: (bytes) => report('hashing', bytes) }).catch((error: unknown) => {
    throw localFailure(error, action, options.signal);
  });
  let condition: WriteCondition;
  if (before.state === 'missing') {
    condition = { ifNoneMatch: '*' };
  } else {
    const comparison = await compareContent(before, digest, file, options.signal);
    if (comparison === 'same') return { outcome: 'identical', etag: before.etag, size: before.size };
    const overwrite = options.overwrite ?? 'never';
    const confirmed = overwrite === 'always' || (typeof overwrite === 'object' && overwrite.etag === before.etag);
    if (!confirmed) return { outcome: 'refused', existing: { size: before.size, etag: before.etag, md5: before.md5 }, comparison };
    condition = { ifMatch: before.etag };
  }

  const multipart = identity.size >= (options.multipartThreshold ?? MULTIPART_THRESHOLD);
  const upload: Upload = {
    connection,
    target,
    file: identity,
    digest,
    condition,
    action,
    options,
    requestTimeMs: options.requestTimeMs ?? defaultRequestTimeMs,
    report,
  };
  try {
    const stored = multipart ? await uploadInParts(upload) : await uploadWhole(upload);
    return { outcome: 'uploaded', ...stored, size: identity.size, replaced: before.state === 'exists' };
  } catch (error) {
    // A retry after a lost answer meets its own write: the condition fails, or the upload is already committed.
    if (error instanceof OciFailure && (error.kind === 'precondition-failed' || error.code === 'NoSuchUpload')) {
      const now = await headObject(connection, target, within(CALL_MS, options.signal)).catch(() => undefined);
      if (now?.state === 'exists' && now.md5 && (await compareContent(now, digest, file, options.signal)) === 'same') {
        const parts = multipart ? digest.partMd5s.length : 0;
        return { outcome: 'uploaded', etag: now.etag, md5: now.md5, size: now.size, parts, partsResumed: 0, replaced: before.state === 'exists' };
      }
    }
    throw error;
  }
}

type WriteCondition = { ifNoneMatch: '*' } | { ifMatch: string };

/** One upload under way: what each step needs. */
interface Upload {
  connection: OciConnection;
  target: ObjectTarget;
  file: LocalFileIdentity;
  digest: FileDigest;
  condition: WriteCondition;
  action: string;
  options: UploadOptions;
  requestTimeMs: (bytes: number) => number;
  report: (phase: UploadProgress['phase'], bytesDone: number) => void;
}

type Stored = { etag: string; md5: string; parts: number; partsResumed: number };

async function uploadWhole(upload: Upload): Promise<Stored> {
  const { connection, target, file, digest } = upload;
  const response = await connection.callWith(
    OBJECT_STORAGE,
    async (client) => {
      // fetch sends a PUT without a body with content-length 0; an empty stream would go chunked.
      const body = file.size === 0 ? undefined : countedRead(file.path, 0, file.size - 1, (bytes) => upload.report('uploading', bytes));
      try {
        return await client.putObject({
          namespaceName: target.namespace,
          bucketName: target.bucket,
          objectName: target.object,
          putObjectBody: body ?? '',
          contentLength: file.size,
          contentMD5: digest.md5,
          ...upload.condition,
        });
      } finally {
        body?.destroy();
      }
    },
    { ...within(upload.requestTimeMs(file.size), upload.options.signal), action: upload.action, idempotent: true },
  );
  return { etag: response.eTag, md5: digest.md5, parts: 0, partsResumed: 0 };
}

async function uploadInParts(upload: Upload): Promise<Stored> {
  const { target, digest, options } = upload;
  const store = options.resumeStore;
  const partCount = digest.partMd5s.length;
  const uploaded = new Map<number, string>();
  let uploadId: string | undefined;
  const recorded = store?.get(target);
  if (recorded && sameFile(recorded, upload.file, digest.partSize)) {
    // Undefined when OCI no longer knows the upload: a new one replaces its record below.
    const parts = await listParts(upload, recorded.uploadId);
    if (parts) {
      uploadId = recorded.uploadId;
      for (const part of parts) {
        // A part counts only if OCI holds exactly the bytes of ours; another is sent again, replacing it.
        const mine = digest.partMd5s[part.partNumber - 1];
        if (mine && mine.toString('base64') === part.md5 && part.size === partRange(digest.size, digest.partSize, part.partNumber).length) {
          uploaded.set(part.partNumber, part.etag);
        }
      }
    }
  } else if (recorded) {
    // Begun for another file or another part size: its parts are of no use, and its record is replaced below.
    await abortQuietly(upload, recorded.uploadId);
  }
  if (!uploadId) {
    uploadId = await createUpload(upload);
    store?.put({ target, uploadId, file: upload.file, partSize: digest.partSize, startedAt: new Date().toISOString() });
  }
  const partsResumed = uploaded.size;
  const bytesOf = (numbers: Iterable<number>): number => [...numbers].reduce((sum, number) => sum + partRange(digest.size, digest.partSize, number).length, 0);
  try {
    for (let number = 1; number <= partCount; number++) {
      if (uploaded.has(number)) continue;
      const before = bytesOf(uploaded.keys());
      uploaded.set(number, await uploadPart(upload, uploadId, number, (bytes) => upload.report('uploading', before + bytes)));
    }
    upload.report('committing', digest.size);
    const committed = await commitUpload(upload, uploadId, uploaded);
    store?.delete(target);
    return { ...committed, parts: partCount, partsResumed };
  } catch (error) {
    if (store && error instanceof OciFailure && RESUMABLE.has(error.kind)) {
      throw error.withNote(`${uploaded.size} of ${partCount} parts are in OCI; run the upload again to send the rest.`);
    }
    if (await abortQuietly(upload, uploadId)) store?.delete(target);
    throw error;
  }
}

function sameFile(record: UploadRecord, file: LocalFileIdentity, partSize: number): boolean {
  return record.file.path === file.path && record.file.size === file.size && record.file.mtimeMs === file.mtimeMs && record.partSize === partSize;
}

async function createUpload(upload: Upload): Promise<string> {
  const { target } = upload;
  const response = await upload.connection.callWith(
    OBJECT_STORAGE,
    (client) =>
      client.createMultipartUpload({
        namespaceName: target.namespace,
        bucketName: target.bucket,
        createMultipartUploadDetails: { object: target.object },
        ...upload.condition,
      }),
    // A retry after a lost answer leaves an empty upload behind, which holds nothing.
    { ...within(CALL_MS, upload.options.signal), action: upload.action, idempotent: true },
  );
  return response.multipartUpload.uploadId;
}

/** The parts OCI holds of an upload, all pages; undefined when it no longer knows the upload. */
async function listParts(upload: Upload, uploadId: string): Promise<models.MultipartUploadPartSummary[] | undefined> {
  const { target } = upload;
  const parts: models.MultipartUploadPartSummary[] = [];
  let page: string | undefined;
  try {
    do {
      const response = await upload.connection.callWith(
        OBJECT_STORAGE,
        (client) =>
          client.listMultipartUploadParts({
            namespaceName: target.namespace,
            bucketName: target.bucket,
            objectName: target.object,
            uploadId,
            ...(page ? { page } : {}),
          }),
        { ...within(CALL_MS, upload.options.signal), action: `list the uploaded parts of ${objectUrl(target)}`, idempotent: true },
      );
      parts.push(...response.items);
      page = response.opcNextPage;
    } while (page);
  } catch (error) {
    if (error instanceof OciFailure && error.status === 404) return undefined;
    throw error;
  }
  return parts;
}

async function uploadPart(upload: Upload, uploadId: string, number: number, onBytes: (bytes: number) => void): Promise<string> {
  const { target, digest } = upload;
  const range = partRange(digest.size, digest.partSize, number);
  const response = await upload.connection.callWith(
    OBJECT_STORAGE,
    async (client) => {
      const body = countedRead(upload.file.path, range.start, range.end, onBytes);
      try {
        return await client.uploadPart({
          namespaceName: target.namespace,
          bucketName: target.bucket,
          objectName: target.object,
          uploadId,
          uploadPartNum: number,
          uploadPartBody: body,
          contentLength: range.length,
          contentMD5: digest.partMd5s[number - 1]!.toString('base64'),
        });
      } finally {
        body.destroy();
      }
    },
    {
      ...within(upload.requestTimeMs(range.length), upload.options.signal),
      action: `${upload.action} (part ${number} of ${digest.partMd5s.length})`,
      idempotent: true,
    },
  );
  return response.eTag;
}

async function commitUpload(upload: Upload, uploadId: string, uploaded: Map<number, string>): Promise<{ etag: string; md5: string }> {
  const { target, digest } = upload;
  const response = await upload.connection.callWith(
    OBJECT_STORAGE,
    (client) =>
      client.commitMultipartUpload({
        namespaceName: target.namespace,
        bucketName: target.bucket,
        objectName: target.object,
        uploadId,
        commitMultipartUploadDetails: {
          partsToCommit: [...uploaded].sort(([a], [b]) => a - b).map(([partNum, etag]) => ({ partNum, etag })),
        },
        ...upload.condition,
      }),
    { ...within(CALL_MS, upload.options.signal), action: upload.action, idempotent: true },
  );
  const expected = multipartMd5(digest.partMd5s);
  if (response.opcMultipartMd5 && response.opcMultipartMd5 !== expected) {
    throw new OciFailure(
      'invalid-response',
      `Could not ${upload.action}: OCI committed an object whose MD5 (${response.opcMultipartMd5}) is not that of the parts sent (${expected}); upload it again.`,
      response.opcRequestId,
    );
  }
  return { etag: response.eTag, md5: expected };
}

/** Aborts an upload whose parts nobody will commit; answers whether OCI no longer holds it. */
async function abortQuietly(upload: Upload, uploadId: string): Promise<boolean> {
  const { target } = upload;
  try {
    await upload.connection.callWith(
      OBJECT_STORAGE,
      (client) => client.abortMultipartUpload({ namespaceName: target.namespace, bucketName: target.bucket, objectName: target.object, uploadId }),
      { ...within(CALL_MS), action: `abort the unfinished upload to ${objectUrl(target)}`, idempotent: true },
    );
    return true;
  } catch (error) {
    return error instanceof OciFailure && error.status === 404;
  }
}

/**
 * Whether the object holds the file's bytes. A whole MD5 compares directly; a multipart MD5 only with the MD5s of
 * parts of the size it was uploaded with, which OCI does not say: ours and other tools' defaults are tried, when
 * they give its part count (a second read of the file for a size other than ours).
 */
async function compareContent(existing: ObjectFacts, digest: FileDigest, file: string, signal: AbortSignal | undefined): Promise<'same' | 'different' | 'unknown'> {
  if (existing.size !== digest.size) return 'different';
  if (!existing.md5) return 'unknown';
  const multipart = /^.+-(\d+)$/.exec(existing.md5);
  if (!multipart) return existing.md5 === digest.md5 ? 'same' : 'different';
  const parts = Number(multipart[1]);
  if (parts === 1) return existing.md5 === multipartMd5([Buffer.from(digest.md5, 'base64')]) ? 'same' : 'different';
  for (const partSize of new Set([digest.partSize, ...KNOWN_PART_SIZES])) {
    if (Math.ceil(digest.size / partSize) !== parts) continue;
    const partMd5s = partSize === digest.partSize ? digest.partMd5s : (await digestFile(file, partSize, { signal })).partMd5s;
    if (multipartMd5(partMd5s) === existing.md5) return 'same';
  }
  return 'unknown';
}

async function localFile(file: string, action: string): Promise<LocalFileIdentity> {
  try {
    const stat = await fs.promises.stat(file);
    if (!stat.isFile()) throw new OciFailure('local-file', `Could not ${action}: it is not a file.`);
    return { path: file, size: stat.size, mtimeMs: stat.mtimeMs };
  } catch (error) {
    throw localFailure(error, action, undefined);
  }
}

function localFailure(error: unknown, action: string, signal: AbortSignal | undefined): OciFailure {
  if (error instanceof OciFailure) return error;
  if (signal?.aborted) return new OciFailure('cancelled', `Cancelled: ${action}.`);
  const code = (error as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'there is no such file' : code === 'EACCES' ? 'it may not be read' : (error as Error).message;
  return new OciFailure('local-file', `Could not ${action}: ${why}.`);
}

/** Bytes `start` to `end` (inclusive) of the file, telling how many have been read (that is, sent) so far. */
function countedRead(file: string, start: number, end: number, onBytes: (bytes: number) => void): Readable {
  let read = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      read += chunk.length;
      onBytes(read);
      done(null, chunk);
    },
  });
  const source = fs.createReadStream(file, { start, end });
  source.on('error', (error) => counter.destroy(error));
  counter.on('close', () => source.destroy());
  return source.pipe(counter);
}
