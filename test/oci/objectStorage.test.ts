import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connectionFromFlags } from '../../server/src/commands/ociOptions';
import { UploadRecords } from '../../server/src/flows/uploadRecords';
import { OciConnection, within } from '../../server/src/oci/connection';
import { OciFailure } from '../../server/src/oci/failures';
import * as oci from '../../server/src/oci/index';
import { getNamespace, headObject, OBJECT_STORAGE, readObject, type ObjectTarget } from '../../server/src/oci/objectStorage';
import { uploadFile, type UploadOptions, type UploadProgress } from '../../server/src/oci/objectUpload';
import { useOciSandbox, type OciSandbox } from '../support/ociSandbox';

let sandbox: OciSandbox;
useOciSandbox((started) => (sandbox = started));

let dir: string;
before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'object-storage-'))));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const NAMESPACE = 'axk4z7krhqfx';
const BUCKET = 'genai-datasets';
const target = (object: string, overrides: Partial<ObjectTarget> = {}): ObjectTarget => ({ namespace: NAMESPACE, bucket: BUCKET, object, ...overrides });
const connect = (profile = 'DEFAULT') => new OciConnection(sandbox.settings(profile), undefined, {});

/** Parts of 64 KiB from 100 KiB up, so that a few hundred kilobytes make a multipart upload. */
const SMALL_PARTS: UploadOptions = { partSize: 64 * 1024, multipartThreshold: 100 * 1024 };

let files = 0;
function localFile(content: Buffer | string): string {
  const file = path.join(dir, `file-${++files}.jsonl`);
  fs.writeFileSync(file, content);
  return file;
}

const md5 = (content: Buffer): string => createHash('md5').update(content).digest('base64');
const requests = (operation: string) => sandbox.emulator.requests.filter((request) => request.operation === operation);
const stored = (object: string) => sandbox.emulator.state.object(NAMESPACE, BUCKET, object);

async function failure(call: Promise<unknown>): Promise<OciFailure> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof OciFailure, `not an OciFailure: ${String(error)}`);
    return error;
  }
  assert.fail('the call succeeded');
}

describe('HeadObject: whether a training dataset is there, and what is missing if not', () => {
  it('answers size, etag and MD5 of an object', async () => {
    const head = await headObject(connect(), target('support-chat/train.jsonl'), within(5000));
    const seeded = stored('support-chat/train.jsonl')!;
    assert.deepEqual(head, { state: 'exists', size: seeded.content.length, etag: seeded.etag, md5: md5(seeded.content) });
  });

  it('tells a missing object from a missing bucket and from a wrong namespace', async () => {
    const connection = connect();
    const object = await headObject(connection, target('support-chat/nope.jsonl'), within(5000));
    assert.deepEqual(object, { state: 'missing', missing: 'object', message: 'Bucket genai-datasets (namespace axk4z7krhqfx) has no object support-chat/nope.jsonl.' });
    const bucket = await headObject(connection, target('train.jsonl', { bucket: 'training' }), within(5000));
    assert.deepEqual(bucket, { state: 'missing', missing: 'bucket', message: 'Namespace axk4z7krhqfx has no bucket training, or profile [DEFAULT] may not read it.' });
    const namespace = await headObject(connection, target('train.jsonl', { namespace: 'acmeprod' }), within(5000));
    assert.equal(namespace.state === 'missing' && namespace.missing, 'namespace');
    assert.equal(namespace.state === 'missing' && namespace.tenancyNamespace, NAMESPACE);
    assert.match(namespace.state === 'missing' ? namespace.message : '', /^Namespace acmeprod is not your tenancy's \(axk4z7krhqfx\), and has no bucket genai-datasets/);
  });

  it('finds a wrong namespace also when OCI answers BucketNotFound for it', async () => {
    sandbox.emulator.injectFault('ListObjects', { kind: 'status', status: 404, code: 'BucketNotFound', message: "Either the bucket named 'genai-datasets' does not exist in the namespace 'acmeprod' or you are not authorized to access it" });
    const head = await headObject(connect(), target('train.jsonl', { namespace: 'acmeprod' }), within(5000));
    assert.equal(head.state === 'missing' && head.missing, 'namespace');
    assert.equal(requests('GetNamespace').length, 1);
  });

  it('fails in one sentence for a key OCI does not know', async () => {
    const refused = await failure(headObject(connect('UNKNOWN_KEY'), target('support-chat/train.jsonl'), within(5000)));
    assert.equal(refused.kind, 'authentication');
    assert.match(refused.message, /^Could not read oci:\/\/genai-datasets@axk4z7krhqfx\/support-chat\/train\.jsonl: OCI did not accept the signature of profile \[UNKNOWN_KEY\]/);
    assert.equal(requests('HeadObject').length, 1, 'not retried');
    assert.ok(!requests('HeadObject')[0]!.authenticated);
  });

  it('reads the namespace, and calls the region endpoint of Object Storage without a setting', async () => {
    assert.equal(await getNamespace(connect(), within(5000)), NAMESPACE);
    const regional = new OciConnection({ configFile: sandbox.configFile }, undefined, {});
    assert.equal(regional.endpointFor(undefined, OBJECT_STORAGE), 'https://objectstorage.us-chicago-1.oraclecloud.com');
    assert.equal(regional.endpointFor(), 'https://generativeai.us-chicago-1.oci.oraclecloud.com');
  });

  it('takes the endpoint from --object-storage-endpoint, with the same https rule', async () => {
    const flags = { 'config-file': sandbox.configFile, 'object-storage-endpoint': sandbox.emulator.url };
    const connection = connectionFromFlags(oci, flags, undefined, {});
    assert.equal((await headObject(connection, target('support-chat/train.jsonl'), within(5000))).state, 'exists');
    assert.throws(() => connectionFromFlags(oci, { ...flags, 'object-storage-endpoint': 'http://example.com' }, undefined, {}), /must use https/);
  });
});

describe('readObject: an object streamed', () => {
  const BIG = 'uploads/big.jsonl';
  const bigContent = randomBytes(5 * 1024 * 1024);
  before(() => sandbox.emulator.writeObject(NAMESPACE, BUCKET, BIG, bigContent));

  it('yields a multi-megabyte object in chunks, with progress', async () => {
    const chunks: Uint8Array[] = [];
    const progress: number[] = [];
    for await (const chunk of readObject(connect(), target(BIG), { onProgress: (bytes, size) => (assert.equal(size, bigContent.length), progress.push(bytes)) })) {
      chunks.push(chunk);
    }
    assert.ok(chunks.length > 1, `${chunks.length} chunk(s)`);
    assert.ok(Buffer.concat(chunks).equals(bigContent));
    assert.deepEqual(progress, [...progress].sort((a, b) => a - b));
    assert.equal(progress.at(-1), bigContent.length);
  });

  it('stops when the caller leaves the loop or cancels', async () => {
    let read = 0;
    for await (const chunk of readObject(connect(), target(BIG))) {
      read += chunk.length;
      break;
    }
    assert.ok(read > 0 && read < bigContent.length);
    const stop = new AbortController();
    const cancelled = await failure(
      (async () => {
        for await (const _chunk of readObject(connect(), target(BIG), { signal: stop.signal })) stop.abort();
      })(),
    );
    assert.equal(cancelled.kind, 'cancelled');
    assert.equal(cancelled.message, 'Cancelled: read oci://genai-datasets@axk4z7krhqfx/uploads/big.jsonl.');
  });

  it('bounds the wait for the first byte, and a stall between chunks rather than the whole read', async () => {
    sandbox.emulator.injectFault('GetObject', { kind: 'slow', delayMs: 5000 });
    const started = Date.now();
    const late = await failure(readObject(connect(), target(BIG), { firstByteMs: 400 }).next());
    assert.equal(late.kind, 'timeout');
    assert.match(late.message, /OCI did not answer within 0\.4 s/);
    assert.ok(Date.now() - started < 2000);

    sandbox.emulator.injectFault('GetObject', { kind: 'slow', delayMs: 5000, afterBytes: 1024 * 1024 });
    let read = 0;
    const stalled = await failure(
      (async () => {
        for await (const chunk of readObject(connect(), target(BIG), { stallMs: 500 })) read += chunk.length;
      })(),
    );
    assert.equal(stalled.kind, 'timeout');
    assert.equal(read, 1024 * 1024, 'everything before the stall arrived');
    assert.match(stalled.message, /OCI sent nothing for 0\.5 s after 1048576 of 5242880 bytes/);

    // A slow read that keeps moving is not bounded in all: it takes longer than the bound of its first byte.
    sandbox.emulator.injectFault('GetObject', { kind: 'slow', delayMs: 700, afterBytes: 2 * 1024 * 1024 });
    let total = 0;
    for await (const chunk of readObject(connect(), target(BIG), { stallMs: 2000, firstByteMs: 500 })) total += chunk.length;
    assert.equal(total, bigContent.length);
  });

  it('says what is missing, from the error OCI sends with GetObject', async () => {
    const missing = await failure(readObject(connect(), target('support-chat/nope.jsonl')).next());
    assert.equal(missing.kind, 'not-found');
    assert.equal(missing.code, 'ObjectNotFound');
    assert.match(missing.message, /^Could not read oci:\/\/genai-datasets@axk4z7krhqfx\/support-chat\/nope\.jsonl: the bucket has no object of that name/);
    const noBucket = await failure(readObject(connect(), target('x.jsonl', { bucket: 'training' })).next());
    assert.equal(noBucket.code, 'BucketNotFound');
    assert.match(noBucket.message, /the bucket does not exist in that namespace, or profile \[DEFAULT\] may not use it/);
  });
});

describe('uploadFile', () => {
  it('uploads a small file in one PutObject with its MD5, creating only what is not there', async () => {
    const content = Buffer.from('{"prompt":"a","completion":"b"}\n');
    const file = localFile(content);
    const phases = new Set<UploadProgress['phase']>();
    const result = await uploadFile(connect(), target('uploads/small.jsonl'), file, { onProgress: (progress) => phases.add(progress.phase) });
    assert.deepEqual(result, { outcome: 'uploaded', etag: stored('uploads/small.jsonl')!.etag, md5: md5(content), size: content.length, parts: 0, partsResumed: 0, replaced: false });
    assert.ok(stored('uploads/small.jsonl')!.content.equals(content));
    const [put] = requests('PutObject');
    assert.equal(put!.headers['if-none-match'], '*');
    assert.equal(put!.headers['content-md5'], md5(content));
    assert.equal(put!.headers['content-length'], String(content.length));
    assert.deepEqual([...phases], ['checking', 'hashing', 'uploading']);
  });

  it('uploads an empty file', async () => {
    const result = await uploadFile(connect(), target('uploads/empty.jsonl'), localFile(''));
    assert.equal(result.outcome, 'uploaded');
    assert.equal(stored('uploads/empty.jsonl')!.size, 0);
  });

  it('uploads a larger file in parts, each with its MD5, and commits them', async () => {
    const content = randomBytes(300 * 1024);
    const file = localFile(content);
    const progress: UploadProgress[] = [];
    const result = await uploadFile(connect(), target('uploads/parts.jsonl'), file, { ...SMALL_PARTS, onProgress: (step) => progress.push(step) });
    assert.equal(result.outcome === 'uploaded' && result.parts, 5);
    const object = stored('uploads/parts.jsonl')!;
    assert.ok(object.content.equals(content));
    assert.equal(result.outcome === 'uploaded' && result.md5, object.multipartMd5);
    assert.equal(requests('CreateMultipartUpload')[0]!.headers['if-none-match'], '*');
    assert.deepEqual(requests('UploadPart').map((request) => request.query['uploadPartNum']), ['1', '2', '3', '4', '5']);
    assert.ok(requests('UploadPart').every((request, i) => request.headers['content-md5'] === md5(content.subarray(i * 65536, (i + 1) * 65536))));
    assert.equal(requests('CommitMultipartUpload')[0]!.headers['if-none-match'], '*');
    const uploading = progress.filter((step) => step.phase === 'uploading').map((step) => step.bytesDone);
    assert.deepEqual(uploading, [...uploading].sort((a, b) => a - b));
    assert.equal(uploading.at(-1), content.length);
    assert.deepEqual(sandbox.emulator.state.multipartUploads(), []);
  });

  it('leaves an identical object as it is, whether uploaded whole or in parts, by this tool or another', async () => {
    const content = randomBytes(300 * 1024);
    const file = localFile(content);
    await uploadFile(connect(), target('uploads/same-parts.jsonl'), file, SMALL_PARTS);
    await uploadFile(connect(), target('uploads/same-whole.jsonl'), file);
    sandbox.emulator.clearRequests();
    for (const object of ['uploads/same-parts.jsonl', 'uploads/same-whole.jsonl']) {
      const again = await uploadFile(connect(), target(object), file, { ...SMALL_PARTS, overwrite: 'always' });
      assert.deepEqual(again, { outcome: 'identical', etag: stored(object)!.etag, size: content.length });
    }
    const seeded = localFile(stored('support-chat/train.jsonl')!.content);
    assert.equal((await uploadFile(connect(), target('support-chat/train.jsonl'), seeded)).outcome, 'identical');
    assert.deepEqual([...requests('PutObject'), ...requests('CreateMultipartUpload'), ...requests('UploadPart')], [], 'nothing uploaded');
  });

  it('refuses to replace a different object unless told, then replaces only what was confirmed', async () => {
    const object = 'uploads/replaced.jsonl';
    sandbox.emulator.writeObject(NAMESPACE, BUCKET, object, 'the old dataset\n');
    const before = stored(object)!;
    const file = localFile('the new dataset\n');
    const refused = await uploadFile(connect(), target(object), file);
    assert.deepEqual(refused, { outcome: 'refused', existing: { size: before.size, etag: before.etag, md5: before.md5 }, comparison: 'different' });
    assert.equal(requests('PutObject').length, 0);
    const stale = await uploadFile(connect(), target(object), file, { overwrite: { etag: 'an-etag-seen-earlier' } });
    assert.equal(stale.outcome, 'refused', 'a confirmation of another object does not count');
    const replaced = await uploadFile(connect(), target(object), file, { overwrite: { etag: before.etag } });
    assert.equal(replaced.outcome === 'uploaded' && replaced.replaced, true);
    assert.equal(requests('PutObject')[0]!.headers['if-match'], before.etag);
    assert.equal(stored(object)!.content.toString(), 'the new dataset\n');
  });

  it('does not clobber an object created between its check and its write', async () => {
    const object = 'uploads/race.jsonl';
    const writeFirst = (progress: UploadProgress): void => {
      if (progress.phase === 'uploading' && !stored(object)) sandbox.emulator.writeObject(NAMESPACE, BUCKET, object, 'written by someone else\n');
    };
    const whole = await failure(uploadFile(connect(), target(object), localFile('mine\n'), { onProgress: writeFirst }));
    assert.equal(whole.kind, 'precondition-failed');
    assert.match(whole.message, /^Could not upload .* to oci:\/\/genai-datasets@axk4z7krhqfx\/uploads\/race\.jsonl: an object of that name appeared in the meantime, so nothing was overwritten/);
    assert.equal(stored(object)!.content.toString(), 'written by someone else\n');

    const inParts = 'uploads/race-parts.jsonl';
    const records = new UploadRecords(path.join(dir, 'race-module'));
    const parts = await failure(
      uploadFile(connect(), target(inParts), localFile(randomBytes(200 * 1024)), {
        ...SMALL_PARTS,
        resumeStore: records,
        onProgress: (progress) => {
          if (progress.phase === 'committing') sandbox.emulator.writeObject(NAMESPACE, BUCKET, inParts, 'written by someone else\n');
        },
      }),
    );
    assert.equal(parts.kind, 'precondition-failed');
    assert.equal(stored(inParts)!.content.toString(), 'written by someone else\n');
    assert.deepEqual(sandbox.emulator.state.multipartUploads(), [], 'the upload is aborted');
    assert.equal(records.get(target(inParts)), undefined);
  });

  it('finds its own write when the answer to it was lost', async () => {
    sandbox.emulator.injectFault('PutObject', { kind: 'lostResponse' });
    const result = await uploadFile(connect(), target('uploads/lost.jsonl'), localFile('lost answer\n'));
    assert.equal(result.outcome, 'uploaded');
    assert.deepEqual(requests('PutObject').map((request) => request.status), [200, 412]);
  });

  it('resumes a multipart upload after a dropped connection, sending only the missing parts', async () => {
    const object = 'uploads/resumed.jsonl';
    const moduleDir = path.join(dir, 'resume-module');
    const records = new UploadRecords(moduleDir);
    const content = randomBytes(300 * 1024);
    const file = localFile(content);
    const options: UploadOptions = { ...SMALL_PARTS, resumeStore: records, requestTimeMs: () => 1500 };
    sandbox.emulator.injectFault('UploadPart', { kind: 'drop' }, { after: 2, times: Infinity });
    const dropped = await failure(uploadFile(connect(), target(object), file, options));
    assert.equal(dropped.kind, 'network');
    assert.match(dropped.message, /\(part 3 of 5\): the connection to 127\.0\.0\.1:\d+ was dropped before an answer came, on every attempt; check your network or proxy\. 2 of 5 parts are in OCI; run the upload again to send the rest\.$/);
    const record = records.get(target(object))!;
    assert.equal(record.file.path, file);
    assert.equal(record.partSize, 64 * 1024);
    const saved = JSON.parse(fs.readFileSync(path.join(moduleDir, '.oci-genai-tf', 'uploads.json'), 'utf8')) as Record<string, { uploadId: string }>;
    assert.equal(saved[`oci://genai-datasets@axk4z7krhqfx/${object}`]!.uploadId, record.uploadId);
    assert.equal(fs.readFileSync(path.join(moduleDir, '.oci-genai-tf', '.gitignore'), 'utf8').trim().split('\n').pop(), '*');
    assert.deepEqual(sandbox.emulator.state.multipartUploads().map((upload) => upload.partNumbers), [[1, 2]]);

    sandbox.emulator.clearFaults();
    sandbox.emulator.clearRequests();
    const resumed = await uploadFile(connect(), target(object), file, options);
    assert.equal(resumed.outcome === 'uploaded' && resumed.partsResumed, 2);
    assert.equal(requests('CreateMultipartUpload').length, 0);
    assert.deepEqual(requests('ListMultipartUploadParts').map((request) => request.query['uploadId']), [record.uploadId]);
    assert.deepEqual(requests('UploadPart').map((request) => request.query['uploadPartNum']), ['3', '4', '5']);
    assert.ok(stored(object)!.content.equals(content));
    assert.equal(records.get(target(object)), undefined, 'the record is gone once committed');
    assert.deepEqual(sandbox.emulator.state.multipartUploads(), []);
  });

  it('starts over, aborting the old upload, when the file changed since', async () => {
    const object = 'uploads/changed.jsonl';
    const records = new UploadRecords(path.join(dir, 'changed-module'));
    const file = localFile(randomBytes(300 * 1024));
    sandbox.emulator.injectFault('UploadPart', { kind: 'status', status: 503 }, { after: 1, times: Infinity });
    await failure(uploadFile(connect(), target(object), file, { ...SMALL_PARTS, resumeStore: records, requestTimeMs: () => 800 }));
    const first = records.get(target(object))!.uploadId;
    sandbox.emulator.clearFaults();
    const content = randomBytes(300 * 1024);
    fs.writeFileSync(file, content);
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    await uploadFile(connect(), target(object), file, { ...SMALL_PARTS, resumeStore: records });
    assert.deepEqual(requests('AbortMultipartUpload').map((request) => request.query['uploadId']), [first]);
    assert.ok(stored(object)!.content.equals(content));
  });

  it('refuses a missing bucket or namespace before sending anything, and a missing file', async () => {
    const file = localFile('x\n');
    const noBucket = await failure(uploadFile(connect(), target('x.jsonl', { bucket: 'training' }), file));
    assert.equal(noBucket.kind, 'not-found');
    assert.match(noBucket.message, /: Namespace axk4z7krhqfx has no bucket training, or profile \[DEFAULT\] may not read it\.$/);
    const noFile = await failure(uploadFile(connect(), target('x.jsonl'), path.join(dir, 'missing.jsonl')));
    assert.equal(noFile.kind, 'local-file');
    assert.match(noFile.message, /missing\.jsonl to oci:\/\/genai-datasets@axk4z7krhqfx\/x\.jsonl: there is no such file\.$/);
    assert.deepEqual([...requests('PutObject'), ...requests('CreateMultipartUpload')], []);
  });
});
