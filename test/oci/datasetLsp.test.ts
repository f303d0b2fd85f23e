import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { CodeLens, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import { LspTestClient } from '../support/lspClient';
import { useOciSandbox, type OciSandbox } from '../support/ociSandbox';
import { fileUri, writeModule } from '../support/workspace';
import { modelWithDataset as model } from '../support/samples';

let sandbox: OciSandbox;
useOciSandbox((started) => (sandbox = started));
const dirs: string[] = [];
after(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const NAMESPACE = 'axk4z7krhqfx';
const BUCKET = 'genai-datasets';
const VALID = `oci://${BUCKET}@${NAMESPACE}/support-chat/train.jsonl`;
const WITH_PROBLEMS = `oci://${BUCKET}@${NAMESPACE}/support-chat/train-with-problems.jsonl`;
const OBJECT_STORAGE_OPERATIONS = new Set(['GetNamespace', 'HeadObject', 'GetObject', 'ListObjects', 'PutObject']);


/** A server on the sandbox, with both endpoints at the emulator; it answers questions with `answers` (by default, none). */
async function server(options: { trusted?: boolean } = {}) {
  const client = await LspTestClient.start({
    env: { OCI_CONFIG_FILE: sandbox.configFile },
    capabilities: { window: { workDoneProgress: true } },
    initializationOptions: {
      settings: { oci: { endpoint: sandbox.emulator.url, objectStorageEndpoint: sandbox.emulator.url } },
      ...(options.trusted === false && { workspaceTrusted: false }),
    },
  });
  const progress: { kind: string; message?: string; percentage?: number; token?: string | number }[] = [];
  const asked: string[] = [];
  const answers: string[] = [];
  client.connection.onRequest('window/workDoneProgress/create', () => null);
  client.connection.onNotification('$/progress', (params: { token: string | number; value: (typeof progress)[number] }) => void progress.push({ ...params.value, token: params.token }));
  client.connection.onRequest('window/showMessageRequest', (params: { message: string; actions?: { title: string }[] }) => {
    asked.push(params.message);
    const answer = answers.shift();
    return answer === undefined ? null : (params.actions?.find((a) => a.title === answer) ?? null);
  });
  return { client, progress, asked, answers };
}

function moduleWith(files: Record<string, string>): string {
  const dir = writeModule(files);
  dirs.push(dir);
  return dir;
}

function warnings(published: PublishDiagnosticsParams): Diagnostic[] {
  return published.diagnostics.filter((d) => d.code === 'dataset-not-found');
}

/** The next diagnostics of `uri` that `accept` takes, or a failure after `ms`. */
function diagnosticsWhen(client: LspTestClient, uri: string, accept: (params: PublishDiagnosticsParams) => boolean, ms = 15_000): Promise<PublishDiagnosticsParams> {
  const last = client.published.filter((p) => p.uri === uri).at(-1);
  if (last && accept(last)) return Promise.resolve(last);
  return Promise.race([
    client.nextDiagnostics(uri, accept),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no such diagnostics of ${uri} within ${ms} ms`)), ms).unref()),
  ]);
}

function objectStorageRequests(): string[] {
  return sandbox.emulator.requests.flatMap((r) => (r.operation && OBJECT_STORAGE_OPERATIONS.has(r.operation) ? [r.operation] : []));
}

describe('training datasets in Object Storage over LSP, against the emulator', () => {
  it('warns on the argument naming what is missing (object, bucket, namespace), not on an object that exists, and offers the lenses', async () => {
    const { client } = await server();
    try {
      const dir = moduleWith({ 'variables.tf': `variable "bucket" {\n  default = "${BUCKET}"\n}\n` });
      const uri = fileUri(path.join(dir, 'main.tf'));
      const text = [
        model('exists', `"${NAMESPACE}"`, 'var.bucket', '"support-chat/train.jsonl"'),
        model('no_object', `"${NAMESPACE}"`, 'var.bucket', '"support-chat/missing.jsonl"'),
        model('no_bucket', `"${NAMESPACE}"`, '"no-such-bucket"', '"train.jsonl"'),
        model('other_namespace', '"someoneelse"', 'var.bucket', '"support-chat/train.jsonl"'),
      ].join('\n');
      fs.writeFileSync(path.join(dir, 'main.tf'), text);
      await client.open(uri, text);
      const published = await diagnosticsWhen(client, uri, (p) => warnings(p).length === 3);
      const found = warnings(published).map((d) => [d.range.start.line, text.split('\n')[d.range.start.line]!.trim(), d.severity, d.message]);
      assert.deepEqual(found, [
        [23, 'object       = "support-chat/missing.jsonl"', 2, `Bucket ${BUCKET} (namespace ${NAMESPACE}) has no object support-chat/missing.jsonl. "Upload dataset..." above \`training_dataset\` uploads a local file there.`],
        [36, 'bucket       = "no-such-bucket"', 2, `Namespace ${NAMESPACE} has no bucket no-such-bucket, or profile [DEFAULT] may not read it.`],
        [49, 'namespace    = "someoneelse"', 2, `Namespace someoneelse is not your tenancy's (${NAMESPACE}), and has no bucket ${BUCKET} that profile [DEFAULT] may use.`],
      ]);
      const lenses = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as CodeLens[];
      const datasetLenses = lenses.filter((l) => l.command?.command.includes('Dataset'));
      assert.deepEqual(datasetLenses.slice(0, 2).map((l) => [l.range.start.line, l.command?.title, l.command?.arguments]), [
        [5, 'Check dataset', [uri, VALID]],
        [5, 'Upload dataset...', [uri, VALID]],
      ]);
      assert.equal(datasetLenses.length, 8);
    } finally {
      await client.stop();
    }
  });

  it('says nothing and asks nothing in an untrusted workspace, until trust is granted', async () => {
    const { client } = await server({ trusted: false });
    try {
      const dir = moduleWith({});
      const uri = fileUri(path.join(dir, 'main.tf'));
      const text = model('no_object', `"${NAMESPACE}"`, `"${BUCKET}"`, '"missing.jsonl"');
      fs.writeFileSync(path.join(dir, 'main.tf'), text);
      await client.open(uri, text);
      // Past the live catalog's warm-up (1.5 s), after which a trusted workspace asks.
      await new Promise((resolve) => setTimeout(resolve, 2500));
      assert.deepEqual(client.published.filter((p) => p.uri === uri).flatMap(warnings), []);
      assert.deepEqual(await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } }), []);
      assert.deepEqual(objectStorageRequests(), []);
      const check = (await client.connection.sendRequest('ociGenaiTf/checkObjectDataset', { url: VALID })) as { kind: string; message: string };
      assert.deepEqual(check, { kind: 'failed', message: 'OCI: not called in an untrusted workspace' });
      assert.deepEqual(objectStorageRequests(), []);

      await client.connection.sendNotification('ociGenaiTf/workspaceTrust', { trusted: true });
      await diagnosticsWhen(client, uri, (p) => warnings(p).length === 1);
    } finally {
      await client.stop();
    }
  });

  it('checks an object as it is read: findings at their lines with the URL, the summary; what is missing when it is not there', async () => {
    const { client, progress } = await server();
    try {
      const valid = (await client.connection.sendRequest('ociGenaiTf/checkObjectDataset', { url: VALID })) as Record<string, unknown>;
      assert.deepEqual(valid, {
        kind: 'checked',
        url: VALID,
        report: `${VALID}: ${valid['summary']}\n`,
        summary: valid['summary'],
        errors: 0,
        warnings: 0,
      });
      assert.match(valid['summary'] as string, /^40 examples \(32 training, 8 validation\); 0 duplicates; .*; 0 errors, 0 warnings$/);
      assert.equal(progress[0]!.kind, 'begin');
      assert.equal(progress.at(-1)!.kind, 'end');
      assert.ok(progress.some((p) => p.percentage === 100));

      const problems = (await client.connection.sendRequest('ociGenaiTf/checkObjectDataset', { url: WITH_PROBLEMS })) as { report: string; errors: number; warnings: number };
      assert.equal(problems.errors, 7);
      assert.equal(problems.warnings, 4);
      const lines = problems.report.trimEnd().split('\n');
      assert.deepEqual(lines.slice(0, 3), [
        `${WITH_PROBLEMS}:3: error: not valid JSON: expected ',' or '}' after property value [not-json]`,
        `${WITH_PROBLEMS}:4: error: no "completion" [missing-field]`,
        `${WITH_PROBLEMS}:5: error: "prompt" is empty [empty-field]`,
      ]);
      assert.equal(lines.at(-2), `${WITH_PROBLEMS}:10: warning: the same prompt and completion as line 1 [duplicate-example]`);
      assert.match(lines.at(-1)!, new RegExp(`^${WITH_PROBLEMS.replace(/[.?]/g, '\\$&')}: 4 examples .* 11 lines, 1\\.1 KB; 7 errors, 4 warnings$`));

      const missing = await client.connection.sendRequest('ociGenaiTf/checkObjectDataset', { url: `oci://${BUCKET}@${NAMESPACE}/nothing-here.jsonl` });
      assert.deepEqual(missing, { kind: 'failed', message: `Bucket ${BUCKET} (namespace ${NAMESPACE}) has no object nothing-here.jsonl.` });
      assert.deepEqual(await client.connection.sendRequest('ociGenaiTf/checkObjectDataset', { url: 'genai-datasets/train.jsonl' }), {
        kind: 'failed',
        message: 'genai-datasets/train.jsonl is not an Object Storage URL: write it as oci://bucket@namespace/object.',
      });
    } finally {
      await client.stop();
    }
  });

  it('stops reading when the person cancels the check', async () => {
    const { client, progress } = await server();
    try {
      sandbox.emulator.injectFault('GetObject', { kind: 'slow', delayMs: 20_000, afterBytes: 512 });
      const checked = client.connection.sendRequest('ociGenaiTf/checkObjectDataset', { url: VALID });
      while (!progress.some((p) => p.kind === 'report')) await new Promise((resolve) => setTimeout(resolve, 20));
      const started = Date.now();
      await client.connection.sendNotification('window/workDoneProgress/cancel', { token: progress[0]!.token });
      assert.deepEqual(await checked, { kind: 'cancelled', message: `Cancelled: read ${VALID}.` });
      assert.ok(Date.now() - started < 5000, 'without waiting for the rest of the object');
      assert.equal(progress.at(-1)!.kind, 'end');
    } finally {
      await client.stop();
    }
  });

  it('runs Check dataset from its command for editors without our client: the summary as a message, every finding in the log', async () => {
    const { client } = await server();
    try {
      await client.connection.sendRequest('workspace/executeCommand', { command: 'ociGenaiTf.server.checkDataset', arguments: ['file:///x/main.tf', WITH_PROBLEMS] });
      const shown = client.notifications.filter((n) => n.method === 'window/showMessage').map((n) => n.params as { type: number; message: string });
      assert.equal(shown.length, 1);
      assert.equal(shown[0]!.type, 1, 'an error: the dataset has errors');
      const lines = shown[0]!.message.split('\n');
      assert.match(lines[0]!, new RegExp(`^${WITH_PROBLEMS.replace(/[.?]/g, '\\$&')}: 4 examples`));
      assert.equal(lines.length, 7, 'the summary, five findings and where the rest are');
      assert.equal(lines.at(-1), '(all findings are in the server log)');
      assert.ok(client.logs.some((log) => log.includes(`${WITH_PROBLEMS}:10: warning: the same prompt and completion as line 1 [duplicate-example]`)));
    } finally {
      await client.stop();
    }
  });

  it('uploads a local file: a new object (the warning clears), an identical one left alone, a different one replaced only once confirmed', async () => {
    const { client, progress } = await server();
    try {
      const object = `uploads/${path.basename(moduleWith({}))}.jsonl`;
      const url = `oci://${BUCKET}@${NAMESPACE}/${object}`;
      const dir = moduleWith({ 'train.jsonl': '{"prompt":"a","completion":"b"}\n{"prompt":"c","completion":"d"}\n' });
      const uri = fileUri(path.join(dir, 'main.tf'));
      const text = model('upload', `"${NAMESPACE}"`, `"${BUCKET}"`, JSON.stringify(object));
      fs.writeFileSync(path.join(dir, 'main.tf'), text);
      await client.open(uri, text);
      await diagnosticsWhen(client, uri, (p) => warnings(p).length === 1);

      const file = fileUri(path.join(dir, 'train.jsonl'));
      const upload = (params: Record<string, unknown> = {}) => client.connection.sendRequest('ociGenaiTf/uploadDataset', { file, url, moduleUri: uri, ...params }) as Promise<Record<string, string>>;
      assert.deepEqual(await upload(), { kind: 'uploaded', message: `Uploaded train.jsonl to ${url}: 64 bytes.` });
      assert.equal(sandbox.emulator.state.object(NAMESPACE, BUCKET, object)!.content.toString(), fs.readFileSync(path.join(dir, 'train.jsonl'), 'utf8'));
      assert.deepEqual(progress.filter((p) => p.kind === 'begin').map((p) => (p as { title?: string }).title), [`Uploading train.jsonl to ${url}`]);
      assert.ok(progress.some((p) => p.message?.startsWith('checking train.jsonl')));
      await diagnosticsWhen(client, uri, (p) => warnings(p).length === 0);

      assert.deepEqual(await upload(), { kind: 'identical', message: `${url} already holds train.jsonl: the same content, so nothing was sent.` });

      fs.writeFileSync(path.join(dir, 'train.jsonl'), '{"prompt":"a","completion":"something else"}\n');
      const etag = sandbox.emulator.state.object(NAMESPACE, BUCKET, object)!.etag;
      const refused = await upload();
      assert.deepEqual(refused, { kind: 'replace', etag, question: `Replace ${url} (64 bytes, different content) with train.jsonl (45 bytes)?` });
      assert.equal(sandbox.emulator.state.object(NAMESPACE, BUCKET, object)!.size, 64, 'not replaced');
      assert.deepEqual(await upload({ acceptProblems: true, replaceEtag: etag }), {
        kind: 'uploaded',
        message: `Uploaded train.jsonl to ${url}: 45 bytes, replacing the object that was there.`,
      });
      assert.equal(sandbox.emulator.state.object(NAMESPACE, BUCKET, object)!.size, 45);
    } finally {
      await client.stop();
    }
  });

  it('does not upload a file with errors until the person accepts them', async () => {
    const { client } = await server();
    try {
      const dir = moduleWith({ 'broken.jsonl': '{"prompt":"a","completion":"b"}\n{"prompt":""}\nnot json\n{"prompt":1,"completion":"x"}\n{"prompt":"a"}\n' });
      const object = `uploads/${path.basename(dir)}-broken.jsonl`;
      const url = `oci://${BUCKET}@${NAMESPACE}/${object}`;
      const file = fileUri(path.join(dir, 'broken.jsonl'));
      const refused = await client.connection.sendRequest('ociGenaiTf/uploadDataset', { file, url });
      assert.deepEqual(refused, {
        kind: 'problems',
        question:
          `broken.jsonl has 5 errors (line 2: "prompt" is empty; line 2: no "completion"; line 3: not valid JSON: unexpected token 'o'; and 2 more). A fine-tuning job would fail on it, or train on something else than you meant. Upload anyway?`,
      });
      assert.equal(sandbox.emulator.state.object(NAMESPACE, BUCKET, object), undefined);
      const accepted = (await client.connection.sendRequest('ociGenaiTf/uploadDataset', { file, url, acceptProblems: true })) as { kind: string };
      assert.equal(accepted.kind, 'uploaded');
      assert.ok(sandbox.emulator.state.object(NAMESPACE, BUCKET, object));
    } finally {
      await client.stop();
    }
  });

  it('runs Upload dataset from its command for editors without our client, asking for the file and to replace through messages', async () => {
    const { client, asked, answers } = await server();
    try {
      const dir = moduleWith({ 'data/train.jsonl': '{"prompt":"q","completion":"a"}\n' });
      const uri = fileUri(path.join(dir, 'main.tf'));
      const object = `uploads/${path.basename(dir)}.jsonl`;
      sandbox.emulator.writeObject(NAMESPACE, BUCKET, object, '{"prompt":"old","completion":"content"}\n');
      const url = `oci://${BUCKET}@${NAMESPACE}/${object}`;
      answers.push(path.join('data', 'train.jsonl'), 'Replace');
      await client.connection.sendRequest('workspace/executeCommand', { command: 'ociGenaiTf.server.uploadDataset', arguments: [uri, url] });
      assert.equal(asked[0], `Which file to upload to ${url}?`);
      assert.match(asked[1]!, new RegExp(`^Replace ${url.replace(/[.?]/g, '\\$&')} \\(.* bytes, different content\\) with train\\.jsonl \\(32 bytes\\)\\?$`));
      const shown = client.notifications.filter((n) => n.method === 'window/showMessage').map((n) => (n.params as { message: string }).message);
      assert.deepEqual(shown, [`Uploaded train.jsonl to ${url}: 32 bytes, replacing the object that was there.`]);
      assert.equal(sandbox.emulator.state.object(NAMESPACE, BUCKET, object)!.size, 32);
    } finally {
      await client.stop();
    }
  });
});
