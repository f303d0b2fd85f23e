import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { CompletionItem, CompletionList, Hover, PublishDiagnosticsParams } from 'vscode-languageserver';
import type { CloudStatus } from '../../server/src/cloud/cloud';
import { withCursor } from '../support/cursor';
import { LspTestClient } from '../support/lspClient';
import { SANDBOX_PASSPHRASE, useOciSandbox, type OciSandbox } from '../support/ociSandbox';
import { fileUri, writeModule } from '../support/workspace';

let sandbox: OciSandbox;
let dir: string;
useOciSandbox((started) => {
  sandbox = started;
  dir = writeModule({ 'terraform.tfvars': `compartment_id = "${sandbox.compartmentId}"\n`, 'variables.tf': 'variable "compartment_id" {}\n' });
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const MODEL = (line: string) => `resource "oci_generative_ai_model" "m" {
  compartment_id = var.compartment_id
${line}
  fine_tune_details {
    dedicated_ai_cluster_id = "|"
  }
}
`;

/** A server with the sandbox's config, the emulator as endpoint, and the given profile and trust. */
function server(options: { profile?: string; trusted?: boolean; askPassphrase?: boolean } = {}): Promise<LspTestClient> {
  return LspTestClient.start({
    env: { OCI_CONFIG_FILE: sandbox.configFile, OCI_CLI_PROFILE: options.profile ?? 'DEFAULT' },
    initializationOptions: {
      workspaceTrusted: options.trusted ?? true,
      askPassphrase: options.askPassphrase ?? false,
      settings: { oci: { endpoint: sandbox.emulator.url } },
    },
  });
}

function labels(result: CompletionItem[] | CompletionList | null): string[] {
  return (Array.isArray(result) ? result : (result?.items ?? [])).map((item) => item.label);
}

async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const statuses = (client: LspTestClient): CloudStatus[] =>
  client.notifications.filter((n) => n.method === 'ociGenaiTf/status').map((n) => n.params as CloudStatus);

describe('live values over LSP, against the emulator', () => {
  it('announces the profile and region, completes the clusters of the compartment from terraform.tfvars, never blocking', async () => {
    const client = await server();
    try {
      const uri = fileUri(path.join(dir, 'main.tf'));
      const { text, position } = withCursor(MODEL(''));
      await client.open(uri, text);
      const ask = () => client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position }) as Promise<CompletionList | CompletionItem[] | null>;
      const cluster = sandbox.emulator.state.clusters().find((c) => c.type === 'FINE_TUNING' && c.lifecycleState === 'ACTIVE' && c.compartmentId === sandbox.compartmentId)!;
      const offered = await eventually(async () => labels(await ask()), (found) => found.includes(cluster.displayName!));
      assert.ok(offered.includes(cluster.displayName!), offered.join(', '));
      const listed = sandbox.emulator.requests.filter((r) => r.operation === 'ListDedicatedAiClusters');
      assert.deepEqual([...new Set(listed.map((r) => r.query['compartmentId']))], [sandbox.compartmentId]);
      assert.deepEqual(statuses(client).at(-1), {
        state: 'ready',
        profile: 'DEFAULT',
        region: sandbox.emulator.region,
        configFile: sandbox.configFile,
        message: `OCI: profile [DEFAULT], region ${sandbox.emulator.region}`,
      });
    } finally {
      await client.stop();
    }
  });

  it('warns about a literal base model that cannot be fine-tuned once the tenancy answers, and shows it on hover', async () => {
    const client = await server();
    try {
      const chatOnly = sandbox.emulator.state.models().find((m) => m.type === 'BASE' && !(m.capabilities as string[]).includes('FINE_TUNE'))!;
      const uri = fileUri(path.join(dir, 'literal.tf'));
      const { text, position } = withCursor(MODEL(`  base_model_id = "${chatOnly.id.slice(0, -4)}|${chatOnly.id.slice(-4)}"`).replace('"|"', '"x"'));
      const warned = new Promise<PublishDiagnosticsParams>((resolve) => {
        const check = setInterval(() => {
          const found = client.published.find((p) => p.uri === uri && p.diagnostics.some((d) => d.code === 'base-model-not-fine-tunable'));
          if (found) {
            clearInterval(check);
            resolve(found);
          }
        }, 50);
      });
      await client.open(uri, text);
      const published = await warned;
      assert.match(published.diagnostics.find((d) => d.code === 'base-model-not-fine-tunable')!.message as string, /cannot be fine-tuned: its capabilities are .* without FINE_TUNE/);
      const shown = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position })) as Hover;
      assert.match((shown.contents as { value: string }).value, /base model.*ACTIVE/);
    } finally {
      await client.stop();
    }
  });

  it('calls nothing in an untrusted workspace until trust is granted', async () => {
    const client = await server({ trusted: false });
    try {
      const uri = fileUri(path.join(dir, 'untrusted.tf'));
      const { text, position } = withCursor(MODEL(''));
      await client.open(uri, text);
      await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position });
      await new Promise((resolve) => setTimeout(resolve, 2000));
      assert.equal(sandbox.emulator.requests.length, 0);
      assert.equal(statuses(client).at(-1)?.state, 'untrusted');
      await client.connection.sendNotification('ociGenaiTf/workspaceTrust', { trusted: true });
      await eventually(async () => labels(await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position })), () => sandbox.emulator.requests.length > 0);
      assert.ok(sandbox.emulator.requests.length > 0);
      assert.equal(statuses(client).at(-1)?.state, 'ready');
    } finally {
      await client.stop();
    }
  });

  it('asks the client for the passphrase of an encrypted key, once', async () => {
    const client = await server({ profile: 'NO_PASSPHRASE', askPassphrase: true });
    const asked: unknown[] = [];
    client.connection.onRequest('ociGenaiTf/askPassphrase', (params: unknown) => {
      asked.push(params);
      return { passphrase: SANDBOX_PASSPHRASE };
    });
    try {
      const uri = fileUri(path.join(dir, 'encrypted.tf'));
      const { text, position } = withCursor(MODEL(''));
      await client.open(uri, text);
      const ask = () => client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position }) as Promise<CompletionList | null>;
      await eventually(async () => labels(await ask()), (found) => found.length > 0 && sandbox.emulator.requests.some((r) => r.authenticated));
      assert.equal(asked.length, 1);
      assert.deepEqual(Object.keys(asked[0] as object).sort(), ['configFile', 'failedBefore', 'keyFile', 'profile']);
      assert.ok(sandbox.emulator.requests.every((r) => r.authenticated));
      assert.ok(!client.logs.some((line) => line.includes(SANDBOX_PASSPHRASE)), 'the passphrase is never logged');
    } finally {
      await client.stop();
    }
  });

  it('says why it cannot call OCI when the profile is broken, and keeps working', async () => {
    const client = await LspTestClient.start({ env: { OCI_CONFIG_FILE: sandbox.configFile, OCI_CLI_PROFILE: 'NOPE' } });
    try {
      const uri = fileUri(path.join(dir, 'broken-profile.tf'));
      const { text, position } = withCursor(MODEL('  |').replace('"|"', '"x"'));
      await client.open(uri, text);
      // Completion still answers from the schema.
      assert.ok(labels(await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position })).includes('base_model_id'));
      const last = await eventually(async () => statuses(client).at(-1), (status) => status !== undefined);
      assert.equal(last?.state, 'error');
      assert.match(last!.message, /has no profile \[NOPE\]; it has \[DEFAULT\]/);
    } finally {
      await client.stop();
    }
  });

  it('answers the models view: roots, a compartment, details, profiles, and says when the filter changes it', async () => {
    const client = await server();
    try {
      const send = <R>(method: string, params: unknown) => client.connection.sendRequest(method, params) as Promise<R>;
      type Node = { id: string; label: string; model?: { id: string } };
      const roots = await eventually(() => send<Node[]>('ociGenaiTf/modelsTree/children', {}), (nodes) => nodes.some((n) => n.id.startsWith('compartment:')));
      assert.deepEqual(roots.map((n) => n.label), ['Tenancy (root compartment)']);
      const groups = await send<Node[]>('ociGenaiTf/modelsTree/children', { parentId: `compartment:${sandbox.compartmentId}` });
      const models = await send<Node[]>('ociGenaiTf/modelsTree/children', { parentId: groups[0]!.id });
      const details = await send<{ id: string; capabilities: string[] }>('ociGenaiTf/modelDetails', { modelId: models[0]!.model!.id });
      assert.equal(details.id, models[0]!.model!.id);
      const profiles = await send<{ profiles: { name: string; region?: string }[]; profile: string; region: string; regions: string[] }>('ociGenaiTf/profiles', null);
      assert.ok(profiles.profile === 'DEFAULT' && profiles.regions.includes('us-chicago-1'));
      assert.deepEqual(profiles.profiles.find((p) => p.name === 'SESSION'), { name: 'SESSION', region: sandbox.emulator.region });
      await send('ociGenaiTf/modelsTree/filter', { capability: 'FINE_TUNE' });
      const changed = client.notifications.filter((n) => n.method === 'ociGenaiTf/modelsTree/changed').at(-1);
      assert.deepEqual(changed?.params, { filter: { capability: 'FINE_TUNE' } });
      await assert.rejects(send('ociGenaiTf/modelDetails', { modelId: 'ocid1.generativeaimodel.oc1.us-chicago-1.amaaaaaanothere' }), /OCI found nothing/);
    } finally {
      await client.stop();
    }
  });
});
