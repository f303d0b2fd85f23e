import type { IncomingHttpHeaders } from 'node:http';
import type { ApiRequest, Reply, Route } from './api';
import { ApiError, invalidParameter, missingParameter, parseJson } from './errors';
import { MAX_PART_NUMBER, received, type Received, type StoredObject, type WriteConditions } from './objectStore';
import type { Store } from './store';

/**
 * Object Storage (API 20160918) as far as the project uses it, served beside Generative AI (its paths start with
 * /n, which never clash with /20231130). Where OCI's behaviour is not documented, the choice is written here:
 * - GetNamespace answers the seed's tenancy namespace for any caller; `GET /n` and `GET /n/` both.
 * - A namespace the emulator does not know is 404 NamespaceNotFound (OCI sends this code, with its generic message);
 *   a bucket missing from a known namespace is 404 BucketNotFound. The real service answers BucketNotFound for some
 *   wrong namespaces too; clients must expect either.
 * - PutObject and UploadPart need Content-Length (411 MissingContentLength without, a code chosen here) and check a
 *   Content-MD5 (400 UnmatchedContentMD5). Their bodies are not signed (see signature.ts).
 * - Conditions: If-None-Match: * on an existing object and an If-Match etag that is not the object's are 412
 *   IfNoneMatchFailed / IfMatchFailed, on PutObject, CreateMultipartUpload and CommitMultipartUpload.
 * - No minimum part size is enforced (OCI is reported to refuse non-final parts under 10 MiB at commit); parts are
 *   numbered 1 to 10,000; an unknown upload id is 404 NoSuchUpload.
 * - GetObject honours one `range` (bytes=a-b, a-, -n) with 206; an unsatisfiable one is 416 InvalidRange.
 * - ListObjects pages by name (`start`, `nextStartWith`); ListMultipartUploadParts by part number.
 */
const BUCKET = String.raw`^\/n\/(?<namespaceName>[^/]+)\/b\/(?<bucketName>[^/]+)`;
const OBJECT_PATH = new RegExp(`${BUCKET}\\/o\\/(?<objectName>.+)$`);
const UPLOADS_PATH = new RegExp(`${BUCKET}\\/u$`);
const UPLOAD_PATH = new RegExp(`${BUCKET}\\/u\\/(?<objectName>.+)$`);

export const OBJECT_STORAGE_ROUTES: Route[] = [
  { method: 'GET', path: /^\/n\/?$/, operation: 'GetNamespace', handler: getNamespace },
  { method: 'GET', path: new RegExp(`${BUCKET}\\/o$`), operation: 'ListObjects', handler: listObjects },
  { method: 'HEAD', path: OBJECT_PATH, operation: 'HeadObject', handler: getObject },
  { method: 'GET', path: OBJECT_PATH, operation: 'GetObject', handler: getObject },
  { method: 'PUT', path: OBJECT_PATH, operation: 'PutObject', handler: putObject, rawBody: true },
  { method: 'POST', path: UPLOADS_PATH, operation: 'CreateMultipartUpload', handler: createMultipartUpload },
  { method: 'PUT', path: UPLOAD_PATH, operation: 'UploadPart', handler: uploadPart, rawBody: true },
  { method: 'GET', path: UPLOAD_PATH, operation: 'ListMultipartUploadParts', handler: listParts },
  { method: 'POST', path: UPLOAD_PATH, operation: 'CommitMultipartUpload', handler: commitMultipartUpload },
  { method: 'DELETE', path: UPLOAD_PATH, operation: 'AbortMultipartUpload', handler: abortMultipartUpload },
];

const DEFAULT_LIST_LIMIT = 1000;

function getNamespace(store: Store): Reply {
  return { status: 200, body: JSON.stringify(store.objectStorage.tenancyNamespace) };
}

function listObjects(store: Store, { params, query }: ApiRequest): Reply {
  const limit = limitOf(query.optional('limit'));
  const fields = new Set((query.optional('fields') ?? 'name').split(','));
  const page = store.objectStorage.list(params['namespaceName']!, params['bucketName']!, query.optional('prefix') ?? '', query.optional('start') ?? '', limit);
  const objects = page.objects.map((object) => ({
    name: object.name,
    ...(fields.has('size') && { size: object.size }),
    ...(fields.has('md5') && { md5: object.md5 ?? object.multipartMd5 }),
    ...(fields.has('etag') && { etag: object.etag }),
    ...(fields.has('timeCreated') && { timeCreated: new Date(object.timeCreated).toISOString() }),
    ...(fields.has('timeModified') && { timeModified: new Date(object.timeModified).toISOString() }),
  }));
  return { status: 200, body: { objects, ...(page.nextStartWith !== undefined && { nextStartWith: page.nextStartWith }) } };
}

/** GetObject and HeadObject: the same headers; a HEAD is sent without the bytes. */
function getObject(store: Store, { params, headers }: ApiRequest): Reply {
  const object = store.objectStorage.get(params['namespaceName']!, params['bucketName']!, params['objectName']!);
  const range = headers.range === undefined ? undefined : parseRange(headers.range, object.size);
  const described = {
    etag: object.etag,
    'last-modified': new Date(object.timeModified).toUTCString(),
    'content-type': object.contentType,
    'accept-ranges': 'bytes',
  };
  if (!range) return { status: 200, headers: { ...described, ...md5Headers(object) }, bytes: object.chunks };
  return {
    status: 206,
    headers: { ...described, 'content-range': `bytes ${range.start}-${range.end}/${object.size}` },
    bytes: slice(object.chunks, range.start, range.end + 1),
  };
}

function putObject(store: Store, { params, headers, content }: ApiRequest): Reply {
  const body = checkedBody(headers, content);
  const stored = store.objectStorage.put(
    params['namespaceName']!,
    params['bucketName']!,
    params['objectName']!,
    body,
    headerValue(headers, 'content-type') ?? 'application/octet-stream',
    conditionsOf(headers),
  );
  return { status: 200, headers: { etag: stored.etag, 'opc-content-md5': body.md5, 'last-modified': new Date(stored.timeModified).toUTCString() } };
}

function createMultipartUpload(store: Store, { params, headers, body }: ApiRequest): Reply {
  const details = parseJson(body) as Record<string, unknown> | null;
  if (typeof details !== 'object' || details === null || Array.isArray(details)) throw invalidParameter('createMultipartUploadDetails must be a JSON object.');
  if (typeof details['object'] !== 'string' || details['object'] === '') throw missingParameter('object');
  const namespace = params['namespaceName']!;
  const bucket = params['bucketName']!;
  const contentType = typeof details['contentType'] === 'string' ? details['contentType'] : 'application/octet-stream';
  const upload = store.objectStorage.createUpload(namespace, bucket, details['object'], contentType, conditionsOf(headers));
  return {
    status: 200,
    headers: { location: `/n/${namespace}/b/${bucket}/u/${encodeURIComponent(upload.object)}?uploadId=${upload.uploadId}` },
    body: { namespace, bucket, object: upload.object, uploadId: upload.uploadId, timeCreated: new Date(upload.timeCreated).toISOString(), storageTier: 'Standard' },
  };
}

function uploadPart(store: Store, { params, query, headers, content }: ApiRequest): Reply {
  const partNumber = Number(query.required('uploadPartNum'));
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
    throw invalidParameter(`uploadPartNum must be an integer from 1 to ${MAX_PART_NUMBER}.`);
  }
  const body = checkedBody(headers, content);
  const part = store.objectStorage.uploadPart(params['namespaceName']!, params['bucketName']!, params['objectName']!, query.required('uploadId'), partNumber, body);
  return { status: 200, headers: { etag: part.etag, 'opc-content-md5': part.md5 } };
}

function listParts(store: Store, { params, query }: ApiRequest): Reply {
  const limit = limitOf(query.optional('limit'));
  const from = query.optional('page') === undefined ? 1 : Number(query.optional('page'));
  if (!Number.isInteger(from) || from < 1) throw invalidParameter(`Invalid value for page: "${query.optional('page')}". Pass the opc-next-page value of the previous response.`);
  const parts = store.objectStorage
    .parts(params['namespaceName']!, params['bucketName']!, params['objectName']!, query.required('uploadId'))
    .filter((part) => part.partNumber >= from);
  const items = parts.slice(0, limit).map(({ partNumber, etag, md5, size }) => ({ partNumber, etag, md5, size }));
  return { status: 200, body: items, headers: parts.length > limit ? { 'opc-next-page': String(parts[limit]!.partNumber) } : {} };
}

function commitMultipartUpload(store: Store, { params, query, headers, body }: ApiRequest): Reply {
  const details = parseJson(body) as { partsToCommit?: unknown; partsToExclude?: unknown } | null;
  const partsToCommit = details?.partsToCommit;
  const partsToExclude = details?.partsToExclude ?? [];
  if (
    !Array.isArray(partsToCommit) ||
    !partsToCommit.every((part) => Number.isInteger(part?.partNum) && typeof part?.etag === 'string') ||
    !Array.isArray(partsToExclude) ||
    !partsToExclude.every((number) => Number.isInteger(number))
  ) {
    throw invalidParameter('commitMultipartUploadDetails needs partsToCommit, a list of { partNum, etag }, and optionally partsToExclude, a list of part numbers.');
  }
  const object = store.objectStorage.commit(
    params['namespaceName']!,
    params['bucketName']!,
    params['objectName']!,
    query.required('uploadId'),
    { partsToCommit: partsToCommit as { partNum: number; etag: string }[], partsToExclude: partsToExclude as number[] },
    conditionsOf(headers),
  );
  return { status: 200, headers: { etag: object.etag, ...md5Headers(object), 'last-modified': new Date(object.timeModified).toUTCString() } };
}

function abortMultipartUpload(store: Store, { params, query }: ApiRequest): Reply {
  store.objectStorage.abort(params['namespaceName']!, params['bucketName']!, params['objectName']!, query.required('uploadId'));
  return { status: 204 };
}

/** The body of a PutObject or UploadPart, with its length and (when sent) its MD5 checked. */
function checkedBody(headers: IncomingHttpHeaders, content: readonly Buffer[]): Received {
  if (headers['content-length'] === undefined) throw new ApiError(411, 'MissingContentLength', 'The Content-Length header is required.');
  const body = received(content);
  const sent = headerValue(headers, 'content-md5');
  if (sent !== undefined && sent !== body.md5) {
    throw new ApiError(400, 'UnmatchedContentMD5', `The computed MD5 of the request body (${body.md5}) does not match the Content-MD5 header (${sent})`);
  }
  return body;
}

function md5Headers(object: StoredObject): Record<string, string> {
  return object.multipartMd5 ? { 'opc-multipart-md5': object.multipartMd5 } : { 'content-md5': object.md5! };
}

function conditionsOf(headers: IncomingHttpHeaders): WriteConditions {
  return { ifMatch: headerValue(headers, 'if-match'), ifNoneMatch: headerValue(headers, 'if-none-match') };
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function limitOf(text: string | undefined): number {
  if (text === undefined) return DEFAULT_LIST_LIMIT;
  const limit = Number(text);
  if (!/^\d+$/.test(text) || limit < 1 || limit > DEFAULT_LIST_LIMIT) throw invalidParameter(`Invalid value for limit: "${text}". It must be an integer from 1 to ${DEFAULT_LIST_LIMIT}.`);
  return limit;
}

/** One `bytes=` range, inclusive, within the object; 416 when it asks for nothing the object has. */
function parseRange(header: string, size: number): { start: number; end: number } {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  const unsatisfiable = (): ApiError => new ApiError(416, 'InvalidRange', `The range ${header} is not satisfiable for an object of ${size} bytes.`);
  if (!match || (match[1] === '' && match[2] === '')) throw unsatisfiable();
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) throw unsatisfiable();
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) throw unsatisfiable();
  return { start, end };
}

/** Bytes `start` to `end` (exclusive) of the chunks, as views: nothing is copied. */
function slice(chunks: readonly Buffer[], start: number, end: number): Buffer[] {
  const views: Buffer[] = [];
  let offset = 0;
  for (const chunk of chunks) {
    const from = Math.max(start - offset, 0);
    const to = Math.min(end - offset, chunk.length);
    if (from < to) views.push(chunk.subarray(from, to));
    offset += chunk.length;
  }
  return views;
}
