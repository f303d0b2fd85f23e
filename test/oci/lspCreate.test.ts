import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { ApplyWorkspaceEditParams, CodeLens, TextEdit } from 'vscode-languageserver';
import { applyEdits } from '../support/cursor';
import { LspTestClient } from '../support/lspClient';
import { useOciSandbox, type OciSandbox } from '../support/ociSandbox';
import { fileUri, writeModule } from '../support/workspace';

let sandbox: OciSandbox;
useOciSandbox((started) => (sandbox = started), { workRequestMs: 400 });
const dirs: string[] = [];
after(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const MODEL = (name: string, cluster: string) => `resource "oci_generative_ai_model" "${name}" {
  compartment_id = var.compartment_id
  base_model_id  = var.base_model_id
  fine_tune_details {
    dedicated_ai_cluster_id = ${cluster}
    training_dataset {
      bucket       = "genai-datasets"
      dataset_type = "OBJECT_STORAGE"
      namespace    = "axk4z7krhqfx"
      object       = "support-chat/train.jsonl"
    }
  }
}
`;

/**
 * A server on the sandbox that applies the edits it asks for to `texts` and, as an editor does, tells it the new
 * text of an open document; it says Create when asked.
 */
async function server(texts: Map<string, string>) {
  const client = await LspTestClient.start({
    env: { OCI_CONFIG_FILE: sandbox.configFile },
    capabilities: { window: { workDoneProgress: true }, workspace: { applyEdit: true, workspaceEdit: { documentChanges: true } } },
    initializationOptions: { settings: { oci: { endpoint: sandbox.emulator.url } } },
  });
  const progress: unknown[] = [];
  client.connection.onRequest('window/workDoneProgress/create', () => null);
  client.connection.onNotification('$/progress', (params: { value: unknown }) => void progress.push(params.value));
  client.connection.onRequest('window/showMessageRequest', (params: { message: string }) => {
    progress.push({ asked: params.message });
    return { title: 'Create' };
  });
  let version = 100;
  client.connection.onRequest('workspace/applyEdit', async (params: ApplyWorkspaceEditParams) => {
    for (const change of params.edit.documentChanges ?? []) {
      if (!('textDocument' in change)) continue;
      const uri = change.textDocument.uri;
      texts.set(uri, applyEdits(texts.get(uri)!, change.edits as TextEdit[]));
      await client.change(uri, ++version, [{ text: texts.get(uri)! }]);
    }
    for (const [uri, edits] of Object.entries(params.edit.changes ?? {})) texts.set(uri, applyEdits(texts.get(uri)!, edits));
    return { applied: true };
  });
  return { client, progress };
}

function moduleWith(files: Record<string, string>): string {
  const dir = writeModule(files);
  dirs.push(dir);
  return dir;
}

describe('import and create over LSP, against the emulator', () => {
  it('answers the HCL of a model, and refuses a base model with its kind', async () => {
    const { client } = await server(new Map());
    try {
      const dir = moduleWith({ 'main.tf': `variable "compartment_id" {\n  default = "${sandbox.compartmentId}"\n}\n` });
      const custom = sandbox.emulator.state.models().find((m) => m.type === 'CUSTOM' && m.lifecycleState === 'ACTIVE')!;
      const imported = (await client.connection.sendRequest('ociGenaiTf/importModel', { modelId: custom.id, moduleUri: fileUri(dir) })) as { hcl: string; address: string };
      assert.match(imported.address, /^oci_generative_ai_model\./);
      assert.match(imported.hcl, /compartment_id = var\.compartment_id/);
      const base = sandbox.emulator.state.models().find((m) => m.type === 'BASE')!;
      await assert.rejects(client.connection.sendRequest('ociGenaiTf/importModel', { modelId: base.id, moduleUri: fileUri(dir) }), (error: { message: string; data: unknown }) => {
        assert.match(error.message, /is a base model/);
        assert.deepEqual(error.data, { refusal: 'base-model' });
        return true;
      });
    } finally {
      await client.stop();
    }
  });

  it('offers Create as a code lens, asks for the values only Terraform knows with live choices, then creates and writes the import block', async () => {
    const texts = new Map<string, string>();
    const { client, progress } = await server(texts);
    try {
      const base = sandbox.emulator.state.models().find((m) => m.type === 'BASE' && (m.capabilities as string[]).includes('FINE_TUNE'))!;
      const dir = moduleWith({
        'terraform.tfvars': `compartment_id = "${sandbox.compartmentId}"\nbase_model_id = "${base.id}"\n`,
        'variables.tf': 'variable "compartment_id" {}\nvariable "base_model_id" {}\n',
        // Declared, not created yet: its id is known to Terraform only.
        'cluster.tf': 'resource "oci_generative_ai_dedicated_ai_cluster" "training" {\n  compartment_id = var.compartment_id\n  type = "FINE_TUNING"\n  unit_count = 1\n  unit_shape = "LARGE_COHERE_V2"\n}\n',
      });
      const uri = fileUri(path.join(dir, 'main.tf'));
      const text = MODEL('bot', 'oci_generative_ai_dedicated_ai_cluster.training.id');
      fs.writeFileSync(path.join(dir, 'main.tf'), text);
      texts.set(uri, text);
      await client.open(uri, text);
      const lenses = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as CodeLens[];
      // Those of the block's training dataset aside (datasetLsp.test.ts).
      const createLenses = lenses.filter((l) => !/Dataset$/.test(l.command?.command ?? ''));
      assert.deepEqual(createLenses.map((l) => [l.range.start.line, l.command?.title, l.command?.command, l.command?.arguments]), [
        [0, 'Create in OCI...', 'ociGenaiTf.server.createModel', [uri, 'oci_generative_ai_model.bot']],
      ]);
      const plan = async (answers: Record<string, string>) =>
        (await client.connection.sendRequest('ociGenaiTf/planCreate', { uri, position: { line: 3, character: 4 }, answers })) as {
          kind: string;
          unknown?: { path: string; choices: { value: string }[] }[];
          details?: { compartmentId: string };
        };
      const cluster = sandbox.emulator.state.clusters().find((c) => c.type === 'FINE_TUNING' && c.lifecycleState === 'ACTIVE')!;
      let incomplete = await plan({});
      for (let i = 0; i < 50 && !incomplete.unknown?.[0]?.choices.length; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        incomplete = await plan({});
      }
      assert.equal(incomplete.kind, 'incomplete');
      assert.equal(incomplete.unknown![0]!.path, 'fine_tune_details.dedicated_ai_cluster_id');
      assert.deepEqual(incomplete.unknown![0]!.choices.map((c) => c.value), [cluster.id], 'the FINE_TUNING clusters of the block\'s compartment');
      const answers = { 'fine_tune_details.dedicated_ai_cluster_id': cluster.id };
      const ready = await plan(answers);
      assert.equal(ready.kind, 'ready');
      assert.equal(ready.details!.compartmentId, sandbox.compartmentId);
      const outcome = (await client.connection.sendRequest('ociGenaiTf/createModel', { uri, address: 'oci_generative_ai_model.bot', answers })) as { status: string; modelId: string };
      assert.equal(outcome.status, 'succeeded');
      assert.match(texts.get(uri)!, new RegExp(`# oci-genai-tf: created in OCI on .*\\nimport \\{\\n  to = oci_generative_ai_model\\.bot\\n  id = "${outcome.modelId}"\\n\\}\\n$`));
      const kinds = progress.map((p) => (p as { kind?: string }).kind);
      assert.equal(kinds[0], 'begin');
      assert.equal(kinds.at(-1), 'end');
      assert.ok((progress as { percentage?: number }[]).some((p) => p.percentage === 100));
    } finally {
      await client.stop();
    }
  });

  it('runs the whole create from its command for editors without our client, confirming through a message', async () => {
    const texts = new Map<string, string>();
    const { client, progress } = await server(texts);
    try {
      const base = sandbox.emulator.state.models().find((m) => m.type === 'BASE' && (m.capabilities as string[]).includes('FINE_TUNE'))!;
      const cluster = sandbox.emulator.state.clusters().find((c) => c.type === 'FINE_TUNING' && c.lifecycleState === 'ACTIVE')!;
      const dir = moduleWith({ 'variables.tf': `variable "compartment_id" {\n  default = "${sandbox.compartmentId}"\n}\nvariable "base_model_id" {\n  default = "${base.id}"\n}\n` });
      const uri = fileUri(path.join(dir, 'main.tf'));
      const text = MODEL('cli', `"${cluster.id}"`);
      fs.writeFileSync(path.join(dir, 'main.tf'), text);
      texts.set(uri, text);
      await client.open(uri, text);
      const before = sandbox.emulator.state.models().length;
      await client.connection.sendRequest('workspace/executeCommand', { command: 'ociGenaiTf.server.createModel', arguments: [uri, 'oci_generative_ai_model.cli'] });
      assert.equal(sandbox.emulator.state.models().length, before + 1);
      assert.match((progress.find((p) => (p as { asked?: string }).asked) as { asked: string }).asked, /^Create oci_generative_ai_model\.cli in us-chicago-1 with profile \[DEFAULT\]\? This is sent: \{"/);
      assert.match(texts.get(uri)!, /^import \{$/m);
    } finally {
      await client.stop();
    }
  });
});
