import { createHash, randomUUID } from 'node:crypto';
import type { Clock } from './clock';
import { ApiError, invalidParameter } from './errors';

/**
 * The emulated Object Storage: namespaces, buckets, objects and multipart uploads, in memory. Bytes are kept in the
 * chunks they arrived in; a committed object keeps its parts' chunks, so no upload is ever held twice.
 */
export interface StoredObject {
  name: string;
  chunks: readonly Buffer[];
  size: number;
  /** Opaque, as OCI's are (a UUID); a new one with every write. */
  etag: string;
  /** `content-md5`, base64: for an object written by one PutObject. */
  md5?: string;
  /** `opc-multipart-md5`: base64 MD5 of the parts' binary MD5s, "-", the part count; for a committed upload. */
  multipartMd5?: string;
  contentType: string;
  timeCreated: number;
  timeModified: number;
}

/** A request's bytes, as received, with their MD5 (base64). */
export interface Received {
  chunks: readonly Buffer[];
  size: number;
  md5: string;
}

export function received(chunks: readonly Buffer[]): Received {
  const md5 = createHash('md5');
  for (const chunk of chunks) md5.update(chunk);
  return { chunks, size: chunks.reduce((sum, chunk) => sum + chunk.length, 0), md5: md5.digest('base64') };
}

export interface UploadedPart {
  partNumber: number;
  chunks: readonly Buffer[];
  size: number;
  /** base64 */
  md5: string;
  etag: string;
}

interface MultipartUpload {
  uploadId: string;
  object: string;
  timeCreated: number;
  contentType: string;
  parts: Map<number, UploadedPart>;
}

interface Bucket {
  objects: Map<string, StoredObject>;
  uploads: Map<string, MultipartUpload>;
}

/** What a write is conditional on: `if-match` (an etag) and `if-none-match` (only `*`). */
export interface WriteConditions {
  ifMatch?: string | undefined;
  ifNoneMatch?: string | undefined;
}

/** OCI documents at most 10,000 parts per upload. */
export const MAX_PART_NUMBER = 10_000;

export class ObjectStore {
  private readonly namespaces = new Map<string, Map<string, Bucket>>();

  constructor(
    /** What GetNamespace answers: the tenancy's namespace. */
    readonly tenancyNamespace: string,
    private readonly clock: Clock,
  ) {
    this.namespaces.set(tenancyNamespace, new Map());
  }

  addBucket(namespace: string, bucket: string): void {
    const buckets = this.namespaces.get(namespace) ?? new Map<string, Bucket>();
    this.namespaces.set(namespace, buckets);
    if (!buckets.has(bucket)) buckets.set(bucket, { objects: new Map(), uploads: new Map() });
  }

  /**
   * The bucket, or OCI's 404: NamespaceNotFound for a namespace it does not know (its message is OCI's generic
   * one, as the service sends it), BucketNotFound for a bucket missing from a known namespace.
   */
  private bucket(namespace: string, bucket: string): Bucket {
    const buckets = this.namespaces.get(namespace);
    if (!buckets) throw new ApiError(404, 'NamespaceNotFound', 'You do not have authorization to perform this request, or the requested resource could not be found.');
    const found = buckets.get(bucket);
    if (!found) throw new ApiError(404, 'BucketNotFound', `Either the bucket named '${bucket}' does not exist in the namespace '${namespace}' or you are not authorized to access it`);
    return found;
  }

  /** For the training dataset check of CreateModel: whether the object exists, whatever is missing. */
  has(namespace: string, bucket: string, object: string): boolean {
    return this.namespaces.get(namespace)?.get(bucket)?.objects.has(object) ?? false;
  }

  get(namespace: string, bucket: string, object: string): StoredObject {
    const found = this.bucket(namespace, bucket).objects.get(object);
    if (!found) throw new ApiError(404, 'ObjectNotFound', `The object '${object}' was not found in the bucket '${bucket}'`);
    return found;
  }

  /** Objects by name, from `start` on, with `prefix`; the name to start the next page with, if any. */
  list(namespace: string, bucket: string, prefix: string, start: string, limit: number): { objects: StoredObject[]; nextStartWith?: string } {
    const names = [...this.bucket(namespace, bucket).objects.keys()].filter((name) => name.startsWith(prefix) && name >= start).sort();
    const objects = names.slice(0, limit).map((name) => this.get(namespace, bucket, name));
    return names.length > limit ? { objects, nextStartWith: names[limit]! } : { objects };
  }

  put(namespace: string, bucket: string, object: string, body: Received, contentType: string, conditions: WriteConditions = {}): StoredObject {
    const objects = this.bucket(namespace, bucket).objects;
    checkConditions(objects.get(object), conditions);
    return this.store(objects, object, { chunks: body.chunks, size: body.size, md5: body.md5, contentType });
  }

  createUpload(namespace: string, bucket: string, object: string, contentType: string, conditions: WriteConditions): MultipartUpload {
    const found = this.bucket(namespace, bucket);
    checkConditions(found.objects.get(object), conditions);
    const upload: MultipartUpload = { uploadId: randomUUID(), object, timeCreated: this.clock.now(), contentType, parts: new Map() };
    found.uploads.set(upload.uploadId, upload);
    return upload;
  }

  /** A part sent again under the same number replaces the first, as OCI documents. */
  uploadPart(namespace: string, bucket: string, object: string, uploadId: string, partNumber: number, body: Received): UploadedPart {
    const upload = this.upload(namespace, bucket, object, uploadId);
    const part: UploadedPart = { partNumber, chunks: body.chunks, size: body.size, md5: body.md5, etag: randomUUID() };
    upload.parts.set(partNumber, part);
    return part;
  }

  parts(namespace: string, bucket: string, object: string, uploadId: string): UploadedPart[] {
    return [...this.upload(namespace, bucket, object, uploadId).parts.values()].sort((a, b) => a.partNumber - b.partNumber);
  }

  /**
   * Every uploaded part must be committed (with its etag) or excluded, as OCI documents; the object is the
   * committed parts in ascending order. The conditions are checked again against what is there now.
   */
  commit(
    namespace: string,
    bucket: string,
    object: string,
    uploadId: string,
    commit: { partsToCommit: { partNum: number; etag: string }[]; partsToExclude: number[] },
    conditions: WriteConditions,
  ): StoredObject {
    const found = this.bucket(namespace, bucket);
    const upload = this.upload(namespace, bucket, object, uploadId);
    const committed = [...commit.partsToCommit].sort((a, b) => a.partNum - b.partNum);
    if (committed.length === 0) throw invalidParameter('partsToCommit must name at least one part.');
    const invalid = committed.filter(({ partNum, etag }) => upload.parts.get(partNum)?.etag !== etag);
    if (invalid.length > 0 || new Set(committed.map((part) => part.partNum)).size !== committed.length) {
      throw new ApiError(400, 'InvalidUploadPart', `There were some invalid part (partNum/etag) combination for the upload ${uploadId}`);
    }
    const named = new Set([...committed.map((part) => part.partNum), ...commit.partsToExclude]);
    const unnamed = [...upload.parts.keys()].filter((number) => !named.has(number)).sort((a, b) => a - b);
    if (unnamed.length > 0) throw invalidParameter(`Parts ${unnamed.join(', ')} were uploaded but are neither in partsToCommit nor in partsToExclude.`);
    checkConditions(found.objects.get(object), conditions);
    const parts = committed.map(({ partNum }) => upload.parts.get(partNum)!);
    const md5OfMd5s = createHash('md5').update(Buffer.concat(parts.map((part) => Buffer.from(part.md5, 'base64')))).digest('base64');
    found.uploads.delete(uploadId);
    return this.store(found.objects, object, {
      chunks: parts.flatMap((part) => part.chunks),
      size: parts.reduce((sum, part) => sum + part.size, 0),
      multipartMd5: `${md5OfMd5s}-${parts.length}`,
      contentType: upload.contentType,
    });
  }

  abort(namespace: string, bucket: string, object: string, uploadId: string): void {
    this.upload(namespace, bucket, object, uploadId);
    this.bucket(namespace, bucket).uploads.delete(uploadId);
  }

  /** Every upload not yet committed or aborted, for tests. */
  uploads(): { namespace: string; bucket: string; object: string; uploadId: string; partNumbers: number[] }[] {
    return [...this.namespaces].flatMap(([namespace, buckets]) =>
      [...buckets].flatMap(([bucket, { uploads }]) =>
        [...uploads.values()].map((upload) => ({ namespace, bucket, object: upload.object, uploadId: upload.uploadId, partNumbers: [...upload.parts.keys()].sort((a, b) => a - b) })),
      ),
    );
  }

  /** The object, or undefined, whatever is missing: for tests. */
  find(namespace: string, bucket: string, object: string): StoredObject | undefined {
    return this.namespaces.get(namespace)?.get(bucket)?.objects.get(object);
  }

  /**
   * An upload id is known only with the object it was created for. The code is the emulator's choice: OCI
   * documents none for an unknown upload, and S3's is NoSuchUpload.
   */
  private upload(namespace: string, bucket: string, object: string, uploadId: string): MultipartUpload {
    const upload = this.bucket(namespace, bucket).uploads.get(uploadId);
    if (!upload || upload.object !== object) {
      throw new ApiError(404, 'NoSuchUpload', `The upload ${uploadId} does not exist for object '${object}' in bucket '${bucket}'; it may have been committed or aborted.`);
    }
    return upload;
  }

  private store(objects: Map<string, StoredObject>, name: string, content: Pick<StoredObject, 'chunks' | 'size' | 'md5' | 'multipartMd5' | 'contentType'>): StoredObject {
    const now = this.clock.now();
    const stored: StoredObject = { name, ...content, etag: randomUUID(), timeCreated: objects.get(name)?.timeCreated ?? now, timeModified: now };
    objects.set(name, stored);
    return stored;
  }
}

/**
 * OCI's answers, as measured against the service: If-None-Match: * on an existing object is 412 IfNoneMatchFailed,
 * an If-Match etag that is not the object's (or no object) is 412 IfMatchFailed.
 */
function checkConditions(existing: StoredObject | undefined, conditions: WriteConditions): void {
  if (conditions.ifNoneMatch !== undefined) {
    if (conditions.ifNoneMatch !== '*') throw invalidParameter("The only value of if-none-match that a write accepts is '*'.");
    if (existing) throw new ApiError(412, 'IfNoneMatchFailed', `The object '${existing.name}' already exists, and if-none-match is '*'.`);
  }
  if (conditions.ifMatch !== undefined && existing?.etag !== conditions.ifMatch) {
    throw new ApiError(412, 'IfMatchFailed', `The if-match etag ${conditions.ifMatch} does not match the object's current etag.`);
  }
}
