import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterEach, describe, it } from 'node:test';
import * as common from 'oci-common';
import { ObjectStorageClient } from 'oci-objectstorage';
import { useOciSandbox, type OciSandbox } from '../support/ociSandbox';

let sandbox: OciSandbox;
useOciSandbox((started) => (sandbox = started));
afterEach(() => sandbox.emulator.clearFaults());

const NAMESPACE = 'axk4z7krhqfx';
const BUCKET = 'genai-datasets';
const at = (objectName: string) => ({ namespaceName: NAMESPACE, bucketName: BUCKET, objectName });

function client(profile = 'DEFAULT'): ObjectStorageClient {
  const provider = new common.ConfigFileAuthenticationDetailsProvider(sandbox.configFile, profile);
  const objectStorage = new ObjectStorageClient({ authenticationDetailsProvider: provider }, { retryConfiguration: common.NoRetryConfigurationDetails });
  objectStorage.endpoint = sandbox.emulator.url;
  return objectStorage;
}

/** A request signed by the SDK's signer, with or without its body (`forceExcludeBody`, as PutObject signs). */
async function signedFetch(
  method: 'GET' | 'PUT' | 'POST' | 'HEAD',
  pathAndQuery: string,
  options: { body?: string; excludeBody?: boolean; headers?: Record<string, string>; sentBody?: BodyInit } = {},
): Promise<Response> {
  const signer = new common.DefaultRequestSigner(new common.ConfigFileAuthenticationDetailsProvider(sandbox.configFile, 'DEFAULT'));
  const uri = sandbox.emulator.url + pathAndQuery;
  const headers = new Headers(options.headers);
  await signer.signHttpRequest({ method: method as common.Method, uri, headers, body: options.body }, options.excludeBody ?? false);
  return fetch(uri, { method, headers, body: options.sentBody ?? options.body, ...(options.sentBody instanceof ReadableStream && { duplex: 'half' }) } as RequestInit);
}

async function rejection(call: Promise<unknown>): Promise<common.OciError> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof common.OciError, String(error));
    return error;
  }
  assert.fail('expected the call to fail');
}

async function text(body: unknown): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

const md5 = (content: Buffer | string): string => createHash('md5').update(content).digest('base64');

describe('Object Storage: the seed', () => {
  it("answers the tenancy's namespace, and holds a valid dataset and one with problems", async () => {
    assert.equal((await client().getNamespace({})).value, NAMESPACE);
    const slash = await signedFetch('GET', '/n/');
    assert.equal(await slash.json(), NAMESPACE);
    const valid = (await text((await client().getObject(at('support-chat/train.jsonl'))).value)).trimEnd().split('\n');
    assert.ok(valid.length >= 32, 'enough examples to fine-tune');
    assert.ok(valid.every((line) => Object.keys(JSON.parse(line) as object).join() === 'prompt,completion'));
    const problems = (await text((await client().getObject(at('support-chat/train-with-problems.jsonl'))).value)).split('\n');
    assert.ok(problems.some((line) => line !== '' && !isJson(line)), 'a line that is not JSON');
    assert.ok(problems.includes(''), 'an empty line');
    const listed = await client().listObjects({ namespaceName: NAMESPACE, bucketName: BUCKET, prefix: 'support-chat/', fields: 'name,size,md5' });
    assert.deepEqual(
      listed.listObjects.objects.map((object) => object.name),
      ['support-chat/llama-train.jsonl', 'support-chat/train-2025-03.jsonl', 'support-chat/train-with-problems.jsonl', 'support-chat/train.jsonl'],
    );
    assert.ok(listed.listObjects.objects.every((object) => object.size! > 0 && object.md5));
  });
});

describe('Object Storage: objects', () => {
  it('answers HeadObject and GetObject with the headers OCI sends', async () => {
    const content = Buffer.from('{"prompt":"p","completion":"c"}\n');
    const put = await client().putObject({ ...at('emulator/one.jsonl'), putObjectBody: content, contentLength: content.length, contentMD5: md5(content) });
    assert.match(put.eTag, /^[0-9a-f-]{36}$/, 'a UUID, as OCI answers');
    assert.equal(put.opcContentMd5, md5(content));
    const head = await client().headObject(at('emulator/one.jsonl'));
    assert.equal(head.eTag, put.eTag);
    assert.equal(head.contentLength, content.length);
    assert.equal(head.contentMd5, md5(content));
    assert.ok(!head.opcMultipartMd5);
    const raw = await signedFetch('HEAD', '/n/axk4z7krhqfx/b/genai-datasets/o/emulator%2Fone.jsonl');
    assert.ok(!Number.isNaN(Date.parse(raw.headers.get('last-modified')!)));
    assert.ok(raw.headers.get('opc-request-id'));
    const got = await client().getObject(at('emulator/one.jsonl'));
    assert.equal(await text(got.value), content.toString());
    assert.equal(got.contentMd5, md5(content));
  });

  it('serves one byte range with 206, and 416 for a range beyond the object', async () => {
    sandbox.emulator.writeObject(NAMESPACE, BUCKET, 'emulator/digits.txt', '0123456789');
    const path = '/n/axk4z7krhqfx/b/genai-datasets/o/emulator%2Fdigits.txt';
    for (const [range, expected, contentRange] of [
      ['bytes=2-4', '234', 'bytes 2-4/10'],
      ['bytes=7-', '789', 'bytes 7-9/10'],
      ['bytes=-2', '89', 'bytes 8-9/10'],
    ] as const) {
      const response = await signedFetch('GET', path, { headers: { range } });
      assert.equal(response.status, 206, range);
      assert.equal(await response.text(), expected);
      assert.equal(response.headers.get('content-range'), contentRange);
    }
    const beyond = await signedFetch('GET', path, { headers: { range: 'bytes=10-' } });
    assert.equal(beyond.status, 416);
    assert.equal(((await beyond.json()) as { code: string }).code, 'InvalidRange');
  });

  it("answers OCI's 404s: ObjectNotFound, BucketNotFound, NamespaceNotFound; and a HEAD's without a body", async () => {
    const objectStorage = client();
    const cases = [
      [at('emulator/nope.jsonl'), 'ObjectNotFound', "The object 'emulator/nope.jsonl' was not found in the bucket 'genai-datasets'"],
      [{ ...at('x'), bucketName: 'training' }, 'BucketNotFound', "Either the bucket named 'training' does not exist in the namespace 'axk4z7krhqfx' or you are not authorized to access it"],
      [{ ...at('x'), namespaceName: 'acmeprod' }, 'NamespaceNotFound', 'You do not have authorization to perform this request, or the requested resource could not be found.'],
    ] as const;
    for (const [request, code, message] of cases) {
      const error = await rejection(objectStorage.getObject(request));
      assert.deepEqual([error.statusCode, error.serviceCode, error.message], [404, code, message]);
      const head = await rejection(objectStorage.headObject(request));
      assert.deepEqual([head.statusCode, head.serviceCode], [404, 'None'], 'a HEAD answer has no body to say which');
    }
  });

  it('checks Content-MD5 and Content-Length of a PutObject', async () => {
    const content = Buffer.from('the bytes sent\n');
    const wrong = await rejection(client().putObject({ ...at('emulator/md5.jsonl'), putObjectBody: content, contentLength: content.length, contentMD5: md5('other bytes') }));
    assert.deepEqual([wrong.statusCode, wrong.serviceCode], [400, 'UnmatchedContentMD5']);
    assert.equal(sandbox.emulator.state.object(NAMESPACE, BUCKET, 'emulator/md5.jsonl'), undefined, 'nothing stored');
    const chunked = await signedFetch('PUT', '/n/axk4z7krhqfx/b/genai-datasets/o/emulator%2Fchunked.jsonl', {
      excludeBody: true,
      sentBody: Readable.toWeb(Readable.from([content])) as ReadableStream,
    });
    assert.equal(chunked.status, 411);
    assert.equal(((await chunked.json()) as { code: string }).code, 'MissingContentLength');
  });

  it('writes only under its conditions: If-None-Match: * and If-Match', async () => {
    const put = (body: string, conditions: { ifMatch?: string; ifNoneMatch?: string }) =>
      client().putObject({ ...at('emulator/conditional.jsonl'), putObjectBody: body, contentLength: body.length, ...conditions });
    const first = await put('first\n', { ifNoneMatch: '*' });
    const exists = await rejection(put('second\n', { ifNoneMatch: '*' }));
    assert.deepEqual([exists.statusCode, exists.serviceCode], [412, 'IfNoneMatchFailed']);
    const stale = await rejection(put('second\n', { ifMatch: 'not-the-etag' }));
    assert.deepEqual([stale.statusCode, stale.serviceCode], [412, 'IfMatchFailed']);
    const replaced = await put('second\n', { ifMatch: first.eTag });
    assert.notEqual(replaced.eTag, first.eTag);
    assert.equal(sandbox.emulator.state.object(NAMESPACE, BUCKET, 'emulator/conditional.jsonl')!.content.toString(), 'second\n');
  });
});

describe('Object Storage: multipart uploads', () => {
  it('commits parts in order, with the multipart MD5 OCI states', async () => {
    const objectStorage = client();
    const parts = [randomBytes(1000), randomBytes(1000), randomBytes(10)];
    const { multipartUpload } = await objectStorage.createMultipartUpload({ namespaceName: NAMESPACE, bucketName: BUCKET, createMultipartUploadDetails: { object: 'emulator/parts.bin' } });
    const upload = { ...at('emulator/parts.bin'), uploadId: multipartUpload.uploadId };
    const etags: string[] = [];
    for (const [i, part] of [...parts.entries()].reverse()) {
      const sent = await objectStorage.uploadPart({ ...upload, uploadPartNum: i + 1, uploadPartBody: part, contentLength: part.length, contentMD5: md5(part) });
      assert.equal(sent.opcContentMd5, md5(part));
      etags[i] = sent.eTag;
    }
    const listed = await objectStorage.listMultipartUploadParts({ ...upload, limit: 2 });
    assert.deepEqual(listed.items.map((part) => [part.partNumber, part.size, part.md5]), [[1, 1000, md5(parts[0]!)], [2, 1000, md5(parts[1]!)]]);
    assert.equal((await objectStorage.listMultipartUploadParts({ ...upload, page: listed.opcNextPage })).items[0]!.partNumber, 3);

    const wrongEtag = await rejection(
      objectStorage.commitMultipartUpload({ ...upload, commitMultipartUploadDetails: { partsToCommit: etags.map((etag, i) => ({ partNum: i + 1, etag: i === 1 ? 'x' : etag })) } }),
    );
    assert.deepEqual([wrongEtag.statusCode, wrongEtag.serviceCode], [400, 'InvalidUploadPart']);
    const unnamed = await rejection(objectStorage.commitMultipartUpload({ ...upload, commitMultipartUploadDetails: { partsToCommit: [{ partNum: 1, etag: etags[0]! }] } }));
    assert.match(unnamed.message, /Parts 2, 3 were uploaded but are neither in partsToCommit nor in partsToExclude/);

    const committed = await objectStorage.commitMultipartUpload({
      ...upload,
      commitMultipartUploadDetails: { partsToCommit: etags.map((etag, i) => ({ partNum: i + 1, etag })) },
    });
    const binaryMd5s = parts.map((part) => createHash('md5').update(part).digest());
    assert.equal(committed.opcMultipartMd5, `${createHash('md5').update(Buffer.concat(binaryMd5s)).digest('base64')}-3`);
    const head = await objectStorage.headObject(at('emulator/parts.bin'));
    assert.equal(head.opcMultipartMd5, committed.opcMultipartMd5);
    assert.ok(!head.contentMd5);
    assert.ok(sandbox.emulator.state.object(NAMESPACE, BUCKET, 'emulator/parts.bin')!.content.equals(Buffer.concat(parts)));
    const gone = await rejection(objectStorage.listMultipartUploadParts(upload));
    assert.deepEqual([gone.statusCode, gone.serviceCode], [404, 'NoSuchUpload']);
  });

  it('aborts an upload, and checks its conditions when it is created and committed', async () => {
    const objectStorage = client();
    const exists = await rejection(
      objectStorage.createMultipartUpload({ namespaceName: NAMESPACE, bucketName: BUCKET, createMultipartUploadDetails: { object: 'support-chat/train.jsonl' }, ifNoneMatch: '*' }),
    );
    assert.equal(exists.serviceCode, 'IfNoneMatchFailed');
    const { multipartUpload } = await objectStorage.createMultipartUpload({ namespaceName: NAMESPACE, bucketName: BUCKET, createMultipartUploadDetails: { object: 'emulator/aborted.bin' } });
    const upload = { ...at('emulator/aborted.bin'), uploadId: multipartUpload.uploadId };
    const part = await objectStorage.uploadPart({ ...upload, uploadPartNum: 1, uploadPartBody: 'x', contentLength: 1 });
    sandbox.emulator.writeObject(NAMESPACE, BUCKET, 'emulator/aborted.bin', 'meanwhile');
    const raced = await rejection(
      objectStorage.commitMultipartUpload({ ...upload, commitMultipartUploadDetails: { partsToCommit: [{ partNum: 1, etag: part.eTag }] }, ifNoneMatch: '*' }),
    );
    assert.equal(raced.serviceCode, 'IfNoneMatchFailed');
    await objectStorage.abortMultipartUpload(upload);
    assert.ok(!sandbox.emulator.state.multipartUploads().some((open) => open.uploadId === upload.uploadId));
    assert.equal((await rejection(objectStorage.abortMultipartUpload(upload))).serviceCode, 'NoSuchUpload');
  });
});

describe('Object Storage: signatures and faults', () => {
  it('accepts PutObject and UploadPart signed without their body, as the SDK signs them, and nothing else so', async () => {
    const body = 'unsigned body\n';
    const put = await signedFetch('PUT', '/n/axk4z7krhqfx/b/genai-datasets/o/emulator%2Funsigned.jsonl', { excludeBody: true, sentBody: body });
    assert.equal(put.status, 200);
    assert.ok(sandbox.emulator.requests.at(-1)!.authenticated);
    const create = await signedFetch('POST', '/n/axk4z7krhqfx/b/genai-datasets/u', {
      excludeBody: true,
      sentBody: JSON.stringify({ object: 'emulator/unsigned.jsonl' }),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(create.status, 401, 'a JSON body must be signed');
    assert.match(sandbox.emulator.requests.at(-1)!.authFailure ?? '', /required headers are not signed: content-type, content-length, x-content-sha256/);
  });

  it('answers 401 to a key it does not know, on every operation', async () => {
    const stranger = client('UNKNOWN_KEY');
    const calls = [
      () => stranger.getNamespace({}),
      () => stranger.headObject(at('support-chat/train.jsonl')),
      () => stranger.getObject(at('support-chat/train.jsonl')),
      () => stranger.putObject({ ...at('emulator/stranger.jsonl'), putObjectBody: 'x', contentLength: 1 }),
      () => stranger.createMultipartUpload({ namespaceName: NAMESPACE, bucketName: BUCKET, createMultipartUploadDetails: { object: 'emulator/stranger.jsonl' } }),
      () => stranger.uploadPart({ ...at('emulator/stranger.jsonl'), uploadId: 'u', uploadPartNum: 1, uploadPartBody: 'x', contentLength: 1 }),
    ];
    for (const call of calls) assert.equal((await rejection(call())).statusCode, 401);
    assert.ok(sandbox.emulator.requests.every((request) => !request.authenticated && /no API key is registered/.test(request.authFailure ?? '')));
    assert.equal(sandbox.emulator.state.object(NAMESPACE, BUCKET, 'emulator/stranger.jsonl'), undefined);
  });

  it('injects faults into the new operations, after the requests it is told to spare', async () => {
    const objectStorage = client();
    sandbox.emulator.injectFault('HeadObject', { kind: 'status', status: 503 }, { after: 1 });
    assert.ok(await objectStorage.headObject(at('support-chat/train.jsonl')));
    assert.equal((await rejection(objectStorage.headObject(at('support-chat/train.jsonl')))).statusCode, 503);
    assert.ok(await objectStorage.headObject(at('support-chat/train.jsonl')));
    sandbox.emulator.injectFault('GetObject', { kind: 'slow', delayMs: 800, afterBytes: 100 });
    const started = Date.now();
    const got = await objectStorage.getObject(at('support-chat/train.jsonl'));
    assert.ok(Date.now() - started < 600, 'the headers come at once');
    const content = await text(got.value);
    assert.ok(Date.now() - started >= 790, 'the body pauses after 100 bytes');
    assert.equal(content, sandbox.emulator.state.object(NAMESPACE, BUCKET, 'support-chat/train.jsonl')!.content.toString());
    const control = await fetch(`${sandbox.emulator.url}/__emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ operation: 'UploadPart', fault: { kind: 'drop' }, after: 2, times: 'always' }),
    });
    assert.equal(control.status, 204);
  });
});

function isJson(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}
