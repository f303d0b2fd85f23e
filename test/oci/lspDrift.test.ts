import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { models } from 'oci-generativeai';
import type { CodeAction, CodeLens, Diagnostic, TextEdit } from 'vscode-languageserver';
import { CreateRecords } from '../../server/src/flows/createRecords';
import { OciConnection, within } from '../../server/src/oci/connection';
import { createModel } from '../../server/src/oci/generativeAi';
import { applyEdits } from '../support/cursor';
import { LspTestClient } from '../support/lspClient';
import { useOciSandbox, type OciSandbox } from '../support/ociSandbox';
import { fileUri, writeModule } from '../support/workspace';

let sandbox: OciSandbox;
useOciSandbox((started) => (sandbox = started), { workRequestMs: 4000 });
const dirs: string[] = [];
after(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A server on the sandbox that refreshes its code lenses on request, as VS Code does. */
function server(options: { trusted?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<LspTestClient> {
  return LspTestClient.start({
    env: options.env ?? { OCI_CONFIG_FILE: sandbox.configFile, OCI_CLI_PROFILE: 'DEFAULT' },
    capabilities: { workspace: { codeLens: { refreshSupport: true } } },
    initializationOptions: { workspaceTrusted: options.trusted ?? true, settings: { oci: { endpoint: sandbox.emulator.url } } },
  });
}

function moduleDir(): string {
  const dir = writeModule({ 'variables.tf': `variable "compartment_id" {\n  default = "${sandbox.compartmentId}"\n}\n` });
  dirs.push(dir);
  return dir;
}

const seedModel = (name: string) => sandbox.emulator.state.models().find((m) => m.displayName === name)!;
const connection = () => new OciConnection(sandbox.settings(), undefined, {});

async function eventually<T>(what: string, probe: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) assert.fail(`${what} never came; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function lensTitles(client: LspTestClient, uri: string): Promise<string[]> {
  return (await liveLenses(client, uri)).map((lens) => lens.command!.title);
}

/** The lenses of the live status and drift (not those of the block's training dataset). */
async function liveLenses(client: LspTestClient, uri: string): Promise<CodeLens[]> {
  const lenses = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as CodeLens[];
  return lenses.filter((lens) => ['ociGenaiTf.server.refreshLiveStatus', 'ociGenaiTf.server.showDrift'].includes(lens.command?.command ?? ''));
}

/** The diagnostics last published for the document. */
function published(client: LspTestClient, uri: string): Diagnostic[] {
  return client.published.filter((p) => p.uri === uri).at(-1)?.diagnostics ?? [];
}

const driftOf = (client: LspTestClient, uri: string) => published(client, uri).filter((d) => d.code === 'drift' || d.code === 'model-gone');

/** The module's main.tf holding what the editor's import writes for the model, changed by `edit`; opened. */
async function openImported(client: LspTestClient, modelId: string, edit: (hcl: string) => string = (hcl) => hcl): Promise<{ uri: string; text: string; file: string }> {
  const dir = moduleDir();
  const imported = (await client.connection.sendRequest('ociGenaiTf/importModel', { modelId, moduleUri: fileUri(dir) })) as { hcl: string };
  const file = path.join(dir, 'main.tf');
  const text = edit(imported.hcl);
  fs.writeFileSync(file, text);
  const uri = fileUri(file);
  await client.open(uri, text);
  return { uri, text, file };
}

/** A model block written by hand for a model that import refuses (FAILED, gone), with its import block. */
function handWritten(name: string, modelId: string): string {
  return `resource "oci_generative_ai_model" "${name}" {
  compartment_id = var.compartment_id
  base_model_id  = "ocid1.generativeaimodel.oc1.us-chicago-1.whatever"
  fine_tune_details {
    dedicated_ai_cluster_id = "ocid1.generativeaidedicatedaicluster.oc1.us-chicago-1.whatever"
    training_dataset {
      bucket       = "b"
      dataset_type = "OBJECT_STORAGE"
      namespace    = "n"
      object       = "o"
    }
  }
}

import {
  to = oci_generative_ai_model.${name}
  id = "${modelId}"
}
`;
}

describe('live status and drift over LSP, against the emulator', () => {
  it('shows the state and drift above an imported model, diagnostics after open and after save, and a quick fix that takes the live value', async () => {
    const client = await server();
    let version = 1;
    try {
      const model = seedModel('support-assistant-v1');
      const { uri, text: opened } = await openImported(client, model.id, (hcl) => hcl.replace(/(display_name *= )"support-assistant-v1"/, '$1"renamed locally"'));
      assert.notEqual(opened.indexOf('renamed locally'), -1, opened);
      const titles = await eventually('the lenses', () => lensTitles(client, uri), (t) => t.length === 2 && !t[0]!.includes('reading'));
      assert.deepEqual(titles, ['OCI: ACTIVE · accuracy 0.8731 · loss 0.4127', '1 difference from OCI: applying updates it in place']);
      const afterOpen = await eventually('drift after open', () => driftOf(client, uri), (d) => d.length === 1);
      assert.equal(afterOpen[0]!.message, 'live value: "support-assistant-v1" (the file says "renamed locally"); applying the file would update it in place');
      assert.equal(afterOpen[0]!.severity, 3);
      assert.match(opened.split('\n')[afterOpen[0]!.range.start.line]!, /^ {2}display_name += "renamed locally"$/);

      // An edit to a ForceNew field, then a save.
      let text = opened.replace(/learning_rate( *)= 0\.0002/, 'learning_rate$1= 0.0003');
      await client.change(uri, ++version, [{ text }]);
      await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
      const afterSave = await eventually('drift after save', () => driftOf(client, uri), (d) => d.length === 2);
      const learningRate = afterSave.find((d) => String(d.message).includes('0.0003'))!;
      assert.equal(learningRate.message, 'live value: 0.0002 (the file says 0.0003); applying the file would replace the model');

      // Every "Take the live value", one at a time, as a person applies them.
      for (const diagnostic of afterSave) {
        const [current] = await eventually('the diagnostic, compared again', () => driftOf(client, uri).filter((d) => d.message === diagnostic.message), (found) => found.length === 1);
        const actions = (await client.connection.sendRequest('textDocument/codeAction', {
          textDocument: { uri },
          range: current!.range,
          context: { diagnostics: [current] },
        })) as CodeAction[];
        const take = actions.find((a) => a.title.startsWith('Take the live value'))!;
        assert.ok(take, JSON.stringify(actions));
        assert.equal(take.isPreferred, true);
        text = applyEdits(text, take.edit!.changes![uri] as TextEdit[]);
        await client.change(uri, ++version, [{ text }]);
        await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
      }
      assert.match(text, /^ {2}display_name += "support-assistant-v1"$/m);
      assert.match(text, /^ {6}learning_rate += 0\.0002$/m);
      await eventually('no drift', () => driftOf(client, uri), (d) => d.length === 0);
      assert.deepEqual(await eventually('in sync', () => lensTitles(client, uri), (t) => t[1] === 'In sync with OCI'), ['OCI: ACTIVE · accuracy 0.8731 · loss 0.4127', 'In sync with OCI']);

      // The whole comparison, as VS Code asks for it and as other editors see it.
      const [report] = (await client.connection.sendRequest('ociGenaiTf/drift', { uri, position: { line: 3, character: 2 } })) as { fields: { path: string; status: string }[] }[];
      assert.ok(report!.fields.every((field) => field.status !== 'differs'));
      const shown = new Promise<string>((resolve) =>
        client.connection.onRequest('window/showMessageRequest', (params: { message: string }) => {
          resolve(params.message);
          return null;
        }),
      );
      await client.connection.sendRequest('workspace/executeCommand', { command: 'ociGenaiTf.server.showDrift', arguments: await lensArguments(client, uri) });
      assert.match(await shown, /^oci_generative_ai_model\.support_assistant_v1 {2}ocid1\.generativeaimodel.*\nOCI: ACTIVE/);
    } finally {
      await client.stop();
    }
  });

  it('says FAILED with the reason, DELETED with one diagnostic on the block, and CREATING with its percentage until a refresh shows it ACTIVE', async () => {
    const client = await server();
    try {
      const failed = seedModel('article-summarizer');
      const failedDir = moduleDir();
      const failedUri = fileUri(path.join(failedDir, 'main.tf'));
      await client.open(failedUri, handWritten('summarizer', failed.id));
      const [failedTitle] = await eventually('FAILED', () => lensTitles(client, failedUri), (t) => t[0]?.startsWith('OCI: FAILED') === true);
      assert.equal(failedTitle, 'OCI: FAILED: The training dataset oci://genai-datasets@axk4z7krhqfx/summaries/articles-v2....');

      const doomed = seedModel('support-assistant-llama');
      await connection().call((client) => client.deleteModel({ modelId: doomed.id }), { ...within(10_000), idempotent: true, action: 'delete' });
      await eventually('DELETED in the emulator', () => sandbox.emulator.state.model(doomed.id)!.lifecycleState, (state) => state === 'DELETED');
      const goneUri = fileUri(path.join(moduleDir(), 'main.tf'));
      await client.open(goneUri, handWritten('llama', doomed.id));
      assert.deepEqual(await eventually('DELETED', () => lensTitles(client, goneUri), (t) => t[0] === 'OCI: DELETED'), ['OCI: DELETED', 'Show Drift']);
      const gone = await eventually('the gone diagnostic', () => driftOf(client, goneUri), (d) => d.length === 1);
      assert.deepEqual([gone[0]!.code, gone[0]!.range.start.line], ['model-gone', 0]);
      assert.match(String(gone[0]!.message), /is DELETED in OCI: the import block or state entry that names it is stale/);

      // A model being created now: the editor has been reading OCI for a while, as a person's has.
      const base = sandbox.emulator.state.models().find((m) => m.type === 'BASE' && m.displayName === 'cohere.command-r-08-2024')!;
      const cluster = sandbox.emulator.state.clusters().find((c) => c.type === 'FINE_TUNING' && c.lifecycleState === 'ACTIVE')!;
      const { model } = await createModel(
        connection(),
        {
          compartmentId: sandbox.compartmentId,
          baseModelId: base.id,
          displayName: 'in-training',
          fineTuneDetails: {
            dedicatedAiClusterId: cluster.id,
            trainingDataset: { datasetType: 'OBJECT_STORAGE', namespaceName: 'axk4z7krhqfx', bucketName: 'genai-datasets', objectName: 'support-chat/train.jsonl' } as models.ObjectStorageDataset,
          },
        },
        randomUUID(),
        within(10_000),
      );
      const { uri: creatingUri, file } = await openImported(client, model.id);
      const address = /^ {2}to = (\S+)$/m.exec(fs.readFileSync(file, 'utf8'))![1]!;
      const records = new CreateRecords(path.dirname(file));
      records.put({ address, retryToken: 't', detailsHash: 'h', modelId: model.id, workRequestId: 'w', status: 'creating' });
      const [creating] = await eventually('CREATING', () => lensTitles(client, creatingUri), (t) => t[0]?.startsWith('OCI: CREATING') === true, 3000);
      assert.match(creating!, /^OCI: CREATING \d+%$/);
      await eventually('ACTIVE in the emulator', () => sandbox.emulator.state.model(model.id)!.lifecycleState, (state) => state === 'ACTIVE');
      await client.connection.sendRequest('workspace/executeCommand', { command: 'ociGenaiTf.server.refreshLiveStatus', arguments: [creatingUri] });
      const [active] = await eventually('ACTIVE', () => lensTitles(client, creatingUri), (t) => t[0]?.startsWith('OCI: ACTIVE') === true);
      assert.match(active!, /^OCI: ACTIVE · accuracy 0\.\d+ · loss 0\.\d+$/);
      await eventually('the create record settled', () => records.get(address)!.status, (status) => status === 'succeeded');
    } finally {
      await client.stop();
    }
  });

  for (const [what, options] of [
    ['in an untrusted workspace', { trusted: false }],
    ['without a readable OCI profile', { env: {} }],
  ] as const) {
    it(`is silent ${what}: no live lenses, no drift`, async () => {
      const client = await server(options);
      try {
        const model = seedModel('support-assistant-prod');
        const uri = fileUri(path.join(moduleDir(), 'main.tf'));
        await client.open(uri, handWritten('prod', model.id));
        // Past the time the editor takes to start calling OCI.
        await new Promise((resolve) => setTimeout(resolve, 2500));
        assert.deepEqual(await lensTitles(client, uri), []);
        assert.deepEqual(driftOf(client, uri), []);
        assert.equal(sandbox.emulator.requests.filter((r) => r.operation === 'GetModel').length, 0);
      } finally {
        await client.stop();
      }
    });
  }
});

async function lensArguments(client: LspTestClient, uri: string): Promise<unknown[]> {
  return (await liveLenses(client, uri))[1]!.command!.arguments!;
}
