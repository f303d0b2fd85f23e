import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { models } from 'oci-generativeai';
import { OciConnection, within } from '../../server/src/oci/connection';
import { createModel } from '../../server/src/oci/generativeAi';
import { sandboxCli, useOciSandbox, type OciSandbox } from '../support/ociSandbox';
import { writeModule } from '../support/workspace';

let sandbox: OciSandbox;
useOciSandbox((started) => (sandbox = started), { workRequestMs: 400 });

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const cli = (args: string[], options: { cwd?: string; profile?: string } = {}) =>
  sandboxCli(sandbox, [...args, '--endpoint', sandbox.emulator.url, ...(options.profile ? ['--profile', options.profile] : [])], { cwd: options.cwd });

const connection = () => new OciConnection(sandbox.settings(), undefined, {});
const bounds = () => ({ ...within(10_000), idempotent: true });

/** A model fine-tuned now, ACTIVE, with tags: each test changes its own. */
async function activeModel(name: string): Promise<string> {
  const base = sandbox.emulator.state.models().find((m) => m.type === 'BASE' && m.displayName === 'cohere.command-r-08-2024')!;
  const cluster = sandbox.emulator.state.clusters().find((c) => c.type === 'FINE_TUNING' && c.lifecycleState === 'ACTIVE')!;
  const details: models.CreateModelDetails = {
    compartmentId: sandbox.compartmentId,
    baseModelId: base.id,
    displayName: name,
    freeformTags: { team: 'support' },
    definedTags: { Operations: { CostCenter: '42' } },
    fineTuneDetails: {
      dedicatedAiClusterId: cluster.id,
      trainingDataset: { datasetType: 'OBJECT_STORAGE', namespaceName: 'axk4z7krhqfx', bucketName: 'genai-datasets', objectName: 'support-chat/train.jsonl' } as models.ObjectStorageDataset,
      trainingConfig: { trainingConfigType: 'LORA_TRAINING_CONFIG' } as models.LoraTrainingConfig,
    },
  };
  const { model } = await createModel(connection(), details, randomUUID(), within(10_000));
  await until(() => sandbox.emulator.state.model(model.id)?.lifecycleState === 'ACTIVE');
  return model.id;
}

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.ok(done(), 'waited in vain');
}

/** A module with the model imported by `oci-genai-tf import` into main.tf, as a person would start. */
async function importedModule(modelId: string): Promise<{ dir: string; file: string; address: string }> {
  const dir = writeModule({ 'variables.tf': `variable "compartment_id" {\n  default = "${sandbox.compartmentId}"\n}\n` });
  dirs.push(dir);
  const imported = await cli(['import', modelId, '--dir', dir]);
  assert.equal(imported.code, 0, imported.stderr);
  const file = path.join(dir, 'main.tf');
  fs.writeFileSync(file, imported.stdout);
  return { dir, file, address: /^ {2}to = (\S+)$/m.exec(imported.stdout)![1]! };
}

function lineOf(file: string, text: string): number {
  return fs.readFileSync(file, 'utf8').split('\n').findIndex((line) => line.includes(text)) + 1;
}

describe('oci-genai-tf drift, against the emulator', () => {
  it('finds a model just imported in sync: exit 0, nothing on stdout', async () => {
    const { dir } = await importedModule(await activeModel('in-sync'));
    const run = await cli(['drift'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, '1 model compared: 1 in sync.\n');
  });

  it('prints each difference with its effect, as text and as JSON, and exits 1', async () => {
    const modelId = await activeModel('drifting');
    const { dir, file, address } = await importedModule(modelId);
    await connection().call(
      (client) =>
        client.updateModel({
          modelId,
          updateModelDetails: { displayName: 'renamed in the console', freeformTags: { team: 'support', env: 'prod' }, definedTags: { Operations: { CostCenter: '43' } } },
        }),
      { ...bounds(), action: 'update the model' },
    );
    // The file asks for another learning rate (ForceNew), and spells the training type in lower case (no drift).
    const text = fs.readFileSync(file, 'utf8').replace(/learning_rate( *)= 0\.0002/, 'learning_rate$1= 0.0003').replace('"LORA_TRAINING_CONFIG"', '"lora_training_config"');
    fs.writeFileSync(file, text);
    const run = await cli(['drift', 'main.tf'], { cwd: dir });
    assert.equal(run.code, 1, run.stderr);
    assert.equal(
      run.stdout,
      [
        `main.tf:${lineOf(file, 'defined_tags')}: defined_tags: { "Operations.CostCenter" = "42" } -> { "Operations.CostCenter" = "43" } (updates)`,
        `main.tf:${lineOf(file, 'display_name')}: display_name: "drifting" -> "renamed in the console" (updates)`,
        `main.tf:${lineOf(file, 'freeform_tags')}: freeform_tags: { "team" = "support" } -> { "team" = "support", "env" = "prod" } (updates)`,
        `main.tf:${lineOf(file, 'learning_rate')}: fine_tune_details.training_config.learning_rate: 0.0003 -> 0.0002 (replaces)`,
        '',
      ].join('\n'),
    );
    assert.equal(run.stderr, '1 model compared: 0 in sync, 1 with 4 differences.\n');
    const json = await cli(['drift', '--format', 'json'], { cwd: dir });
    assert.equal(json.code, 1);
    const [report] = JSON.parse(json.stdout) as { file: string; address: string; modelId: string; inSync: boolean; live: { lifecycleState: string }; differences: { field: string; effect: string }[] }[];
    assert.deepEqual([report!.file, report!.address, report!.modelId, report!.inSync, report!.live.lifecycleState], ['main.tf', address, modelId, false, 'ACTIVE']);
    assert.deepEqual(report!.differences.map((d) => [d.field, d.effect]), [
      ['defined_tags', 'update'],
      ['display_name', 'update'],
      ['freeform_tags', 'update'],
      ['fine_tune_details.training_config.learning_rate', 'replace'],
    ]);
  });

  it('says that a model the module names is gone, deleted or never there, and exits 1', async () => {
    const modelId = await activeModel('deleted');
    const { dir, address } = await importedModule(modelId);
    await connection().call((client) => client.deleteModel({ modelId }), { ...bounds(), action: 'delete the model' });
    await until(() => sandbox.emulator.state.model(modelId)?.lifecycleState === 'DELETED');
    const run = await cli(['drift', dir]);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, `${path.relative(process.cwd(), path.join(dir, 'main.tf'))}:1: ${address}: Model ${modelId} is DELETED in OCI: the import block or state entry that names it is stale; Terraform would create a new model (and cannot import this one).\n`);
    assert.match(run.stderr, /1 model compared: 0 in sync, 1 gone\./);
    const missing = 'ocid1.generativeaimodel.oc1.us-chicago-1.amaaaaaanothere';
    fs.writeFileSync(path.join(dir, 'main.tf'), fs.readFileSync(path.join(dir, 'main.tf'), 'utf8').replaceAll(modelId, missing));
    const notFound = await cli(['drift'], { cwd: dir });
    assert.equal(notFound.code, 1);
    assert.match(notFound.stdout, /OCI does not find model ocid1\.generativeaimodel\.oc1\.us-chicago-1\.amaaaaaanothere \(deleted, or your profile may not read it\)/);
  });

  it('reads the state file, read only, and leaves out values only Terraform knows', async () => {
    const modelId = await activeModel('from-state');
    const { dir, file, address } = await importedModule(modelId);
    const [type, name] = address.split('.');
    const hcl = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, hcl.slice(0, hcl.indexOf('\n# Adopts')).replace('compartment_id = var.compartment_id', 'compartment_id = var.unknown') + '\nvariable "unknown" {}\n');
    const state = JSON.stringify({ version: 4, resources: [{ mode: 'managed', type, name, instances: [{ attributes: { id: modelId } }] }] });
    fs.writeFileSync(path.join(dir, 'terraform.tfstate'), state);
    const run = await cli(['drift', '--format', 'json'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    const [report] = JSON.parse(run.stdout) as { notCompared: { path: string; reason: string }[] }[];
    assert.deepEqual(report!.notCompared.map((n) => n.path), ['compartment_id']);
    assert.match(report!.notCompared[0]!.reason, /var\.unknown, which has no default/);
    assert.equal(fs.readFileSync(path.join(dir, 'terraform.tfstate'), 'utf8'), state);
  });

  it('exits 2 on a usage error, and on an OCI failure with one sentence on stderr and nothing on stdout', async () => {
    const { dir } = await importedModule(await activeModel('failures'));
    assert.equal((await cli(['drift', '--format', 'sarif'], { cwd: dir })).code, 2);
    assert.equal((await cli(['drift', 'no-such-folder'], { cwd: dir })).code, 2);
    assert.equal((await cli(['drift', 'a', 'b'], { cwd: dir })).code, 2);
    const unknownKey = await cli(['drift'], { cwd: dir, profile: 'UNKNOWN_KEY' });
    assert.equal(unknownKey.code, 2);
    assert.equal(unknownKey.stdout, '');
    assert.match(unknownKey.stderr, /^oci-genai-tf drift: Could not read model .*\n$/);
    sandbox.emulator.injectFault('GetModel', { kind: 'status', status: 400, code: 'InvalidParameter', message: 'modelId is not valid' });
    const rejected = await cli(['drift'], { cwd: dir });
    assert.equal(rejected.code, 2);
    assert.equal(rejected.stdout, '');
    assert.match(rejected.stderr, /modelId is not valid.*opc-request-id/s);
  });
});
