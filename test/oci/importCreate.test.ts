import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from '@cdktf/hcl2json';
import { sandboxCli, useOciSandbox, type OciSandbox } from '../support/ociSandbox';
import { writeModule } from '../support/workspace';

let sandbox: OciSandbox;
useOciSandbox((started) => (sandbox = started), { workRequestMs: 400 });

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const cli = (args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) =>
  sandboxCli(sandbox, [...args, '--endpoint', sandbox.emulator.url], options);

function module(files: Record<string, string>): string {
  const dir = writeModule(files);
  dirs.push(dir);
  return dir;
}

const models = () => sandbox.emulator.state.models();
const cluster = () => sandbox.emulator.state.clusters().find((c) => c.type === 'FINE_TUNING' && c.lifecycleState === 'ACTIVE')!;
const fineTunableBase = () => models().find((m) => m.type === 'BASE' && m.displayName === 'cohere.command-r-08-2024')!;

describe('oci-genai-tf import, against the emulator', () => {
  it('prints a resource and an import block that HashiCorp\'s parser reads back, with the module\'s references', async () => {
    const custom = models().find((m) => m.type === 'CUSTOM' && m.lifecycleState === 'ACTIVE' && m.compartmentId === sandbox.compartmentId)!;
    const dir = module({
      'variables.tf': `variable "compartment_id" {\n  default = "${sandbox.compartmentId}"\n}\n`,
      'cluster.tf': `resource "oci_generative_ai_dedicated_ai_cluster" "training" {\n  compartment_id = var.compartment_id\n  type = "FINE_TUNING"\n  unit_count = 1\n  unit_shape = "LARGE_COHERE_V2"\n}\nimport {\n  to = oci_generative_ai_dedicated_ai_cluster.training\n  id = "${custom.fineTuneDetails!.dedicatedAiClusterId}"\n}\n`,
    });
    const run = await cli(['import', custom.id, '--dir', dir]);
    assert.equal(run.code, 0, run.stderr);
    const parsed = (await parse('imported.tf', run.stdout)) as {
      resource: { oci_generative_ai_model: Record<string, { compartment_id: string; base_model_id: string; display_name?: string; fine_tune_details: { dedicated_ai_cluster_id: string }[] }[]> };
      import: { to: string; id: string }[];
    };
    const [name, [resource]] = Object.entries(parsed.resource.oci_generative_ai_model)[0]! as [string, [(typeof parsed.resource.oci_generative_ai_model)[string][number]]];
    assert.equal(resource.compartment_id, '${var.compartment_id}');
    assert.equal(resource.fine_tune_details[0]!.dedicated_ai_cluster_id, '${oci_generative_ai_dedicated_ai_cluster.training.id}');
    assert.equal(resource.base_model_id, custom.baseModelId);
    assert.equal(resource.display_name, custom.displayName);
    assert.deepEqual(parsed.import[0], { to: `\${oci_generative_ai_model.${name}}`, id: custom.id });
    assert.match(run.stdout, /^ {2}base_model_id {2}= "/m, 'aligned as terraform fmt aligns');
  });

  it('refuses base models, failed models and what is not a model, with exit 1 and nothing on stdout', async () => {
    const failed = models().find((m) => m.lifecycleState === 'FAILED')!;
    for (const [ocid, said] of [
      [fineTunableBase().id, /is a base model: .*Use its OCID as the base_model_id/],
      [failed.id, /is FAILED: its training failed/],
      [sandbox.compartmentId, /is not the OCID of a Generative AI model/],
      ['ocid1.generativeaimodel.oc1.us-chicago-1.amaaaaaanothere', /OCI found nothing/],
    ] as const) {
      const run = await cli(['import', ocid]);
      assert.equal(run.code, 1, ocid);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, said);
    }
    assert.equal((await cli(['import'])).code, 2);
  });
});

const VARIABLES = `variable "compartment_id" {}
variable "base_model_id" {
  default = "overridden"
}
variable "cluster_id" {}
variable "bucket" {}
variable "object" {}
variable "epochs" {
  type = number
}
`;

const MODEL = (name: string, object = 'var.object') => `resource "oci_generative_ai_model" "${name}" {
  compartment_id = var.compartment_id
  base_model_id  = var.base_model_id
  display_name   = "\${var.bucket}-model"
  fine_tune_details {
    dedicated_ai_cluster_id = var.cluster_id
    training_dataset {
      bucket       = var.bucket
      dataset_type = "object_storage"
      namespace    = "axk4z7krhqfx"
      object       = ${object}
    }
    training_config {
      training_config_type  = "lora_training_config"
      total_training_epochs = var.epochs
      lora_r                = 8
    }
  }
}
`;

function createModule(name: string, object?: string): { dir: string; file: string } {
  const dir = module({
    'variables.tf': VARIABLES,
    'main.tf': MODEL(name, object),
    'terraform.tfvars': `compartment_id = "${sandbox.compartmentId}"\n`,
    'terraform.tfvars.json': JSON.stringify({ base_model_id: fineTunableBase().id }),
    'x.auto.tfvars': 'bucket = "genai-datasets"\n',
    'extra.tfvars': 'object = "support-chat/train.jsonl"\n',
  });
  return { dir, file: path.join(dir, 'main.tf') };
}

describe('oci-genai-tf create, against the emulator', () => {
  it('creates the model with values from every source, follows the training, and writes the import block', async () => {
    const { dir, file } = createModule('bot');
    const before = models().length;
    const run = await cli(['create', 'main.tf', 'oci_generative_ai_model.bot', '--var-file', 'extra.tfvars', '--yes', '--write'], {
      cwd: dir,
      env: { TF_VAR_cluster_id: cluster().id, TF_VAR_epochs: '2' },
    });
    assert.equal(run.code, 0, run.stderr);
    const modelId = run.stdout.trim();
    assert.equal(models().length, before + 1);
    const created = models().find((m) => m.id === modelId)!;
    assert.equal(created.lifecycleState, 'ACTIVE');
    assert.equal(created.displayName, 'genai-datasets-model');
    assert.equal(created.compartmentId, sandbox.compartmentId);
    assert.equal(created.baseModelId, fineTunableBase().id);
    assert.deepEqual(created.fineTuneDetails!.trainingDataset, { datasetType: 'OBJECT_STORAGE', namespaceName: 'axk4z7krhqfx', bucketName: 'genai-datasets', objectName: 'support-chat/train.jsonl' });
    assert.equal(created.fineTuneDetails!.trainingConfig!.trainingConfigType, 'LORA_TRAINING_CONFIG');
    assert.equal((created.fineTuneDetails!.trainingConfig as { totalTrainingEpochs?: number }).totalTrainingEpochs, 2);
    assert.match(run.stderr, /This CreateModelDetails goes to/);
    assert.match(run.stderr, /SUCCEEDED 100%/);
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, new RegExp(`# oci-genai-tf: created in OCI on \\d{4}-\\d\\d-\\d\\d; .*\\nimport \\{\\n  to = oci_generative_ai_model\\.bot\\n  id = "${modelId}"\\n\\}\\n$`));
    await parse('main.tf', text);
    const again = await cli(['create', 'main.tf', 'oci_generative_ai_model.bot', '--var-file', 'extra.tfvars', '--yes'], { cwd: dir, env: { TF_VAR_cluster_id: cluster().id, TF_VAR_epochs: '2' } });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /exists already: the module knows it as/);
  });

  it('shows the work request\'s errors when training fails, and keeps the failed model\'s OCID in the file', async () => {
    const { dir, file } = createModule('missing', '"support-chat/no-such-file.jsonl"');
    const run = await cli(['create', 'main.tf', 'oci_generative_ai_model.missing', '--yes', '--write'], { cwd: dir, env: { TF_VAR_cluster_id: cluster().id, TF_VAR_epochs: '1' } });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /the model's training failed \(work request .*\):\n {2}.*no-such-file\.jsonl/);
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, /# oci-genai-tf: the create failed: .*\n# oci-genai-tf: the FAILED model ocid1\.generativeaimodel\.\S+ still exists in OCI/);
    assert.ok(!/^import \{/m.test(text), 'no import block for a failed model');
  });

  it('creates one model when the answer to the create is lost, retrying with the same token', async () => {
    const { dir } = createModule('lost');
    sandbox.emulator.injectFault('CreateModel', { kind: 'lostResponse' });
    const before = models().length;
    const run = await cli(['create', 'main.tf', 'oci_generative_ai_model.lost', '--var-file', 'extra.tfvars', '--yes', '--no-wait'], {
      cwd: dir,
      env: { TF_VAR_cluster_id: cluster().id, TF_VAR_epochs: '1' },
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(models().length, before + 1);
    const creates = sandbox.emulator.requests.filter((r) => r.operation === 'CreateModel');
    assert.equal(creates.length, 2);
    assert.equal(creates[0]!.headers['opc-retry-token'], creates[1]!.headers['opc-retry-token']);
    const [modelId, workRequestId] = run.stdout.trim().split('\n');
    assert.ok(modelId?.startsWith('ocid1.generativeaimodel.') && workRequestId?.startsWith('ocid1.'));
    const record = JSON.parse(fs.readFileSync(path.join(dir, '.oci-genai-tf', 'creates.json'), 'utf8')) as Record<string, { modelId: string; status: string }>;
    assert.deepEqual([record['oci_generative_ai_model.lost']!.modelId, record['oci_generative_ai_model.lost']!.status], [modelId, 'creating']);
    assert.equal(fs.readFileSync(path.join(dir, '.oci-genai-tf', '.gitignore'), 'utf8').trim().split('\n').pop(), '*');
  });

  it('refuses, before any request: errors in the block, values only Terraform knows, no terminal without --yes', async () => {
    const broken = module({ 'main.tf': 'resource "oci_generative_ai_model" "b" {\n  compartment_id = \n  base_model_id = "x"\n}\n' });
    const brokenRun = await cli(['create', 'main.tf', 'oci_generative_ai_model.b', '--yes'], { cwd: broken });
    assert.equal(brokenRun.code, 1);
    assert.match(brokenRun.stderr, /has 1 error to fix first; line 2:/);
    const { dir } = createModule('unknown');
    const unknownRun = await cli(['create', 'main.tf', 'oci_generative_ai_model.unknown', '--yes'], { cwd: dir });
    assert.equal(unknownRun.code, 1);
    assert.match(unknownRun.stderr, /only Terraform knows these values of oci_generative_ai_model\.unknown.*\n {2}fine_tune_details\.dedicated_ai_cluster_id: var\.cluster_id, which has no default/);
    const noTerminal = await cli(['create', 'main.tf', 'oci_generative_ai_model.unknown'], { cwd: dir });
    assert.equal(noTerminal.code, 2);
    assert.match(noTerminal.stderr, /no terminal to confirm on/);
    assert.equal(sandbox.emulator.requests.filter((r) => r.operation === 'CreateModel').length, 0);
  });
});

describe('oci-genai-tf create under OCI faults', () => {
  const run = (name: string, extra: string[] = []) =>
    cli(['create', 'main.tf', `oci_generative_ai_model.${name}`, '--var-file', 'extra.tfvars', '--yes', '--write', '--no-wait', ...extra], {
      cwd: createdDirs.get(name),
      env: { TF_VAR_cluster_id: cluster().id, TF_VAR_epochs: '1' },
    });
  const createdDirs = new Map<string, string>();
  const prepare = (name: string): { file: string; before: string; listing: string[] } => {
    const { dir, file } = createModule(name);
    createdDirs.set(name, dir);
    return { file, before: fs.readFileSync(file, 'utf8'), listing: fs.readdirSync(dir).sort() };
  };
  const creates = () => sandbox.emulator.requests.filter((r) => r.operation === 'CreateModel');

  for (const [what, fault, times] of [
    ['throttling with retry-after', { kind: 'status', status: 429, retryAfterSeconds: 1 }, 1],
    ['server errors', { kind: 'status', status: 500 }, 2],
    ['dropped connections', { kind: 'drop' }, 2],
  ] as const) {
    it(`creates exactly one model through ${what}, every attempt with the same retry token`, async () => {
      const name = `recovers_${what.replace(/\W+/g, '_')}`;
      const { file, before } = prepare(name);
      const modelsBefore = models().length;
      const createsBefore = creates().length;
      sandbox.emulator.injectFault('CreateModel', fault, { times });
      const started = performance.now();
      const result = await run(name);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(models().length, modelsBefore + 1);
      const attempts = creates().slice(createsBefore);
      assert.equal(attempts.length, times + 1);
      assert.equal(new Set(attempts.map((r) => r.headers['opc-retry-token'])).size, 1);
      if (fault.kind === 'status' && fault.status === 429) assert.ok(performance.now() - started >= 1000, 'waited as retry-after asked');
      assert.ok(fs.readFileSync(file, 'utf8').startsWith(before), 'the file kept, the import block added');
      assert.match(fs.readFileSync(file, 'utf8').slice(before.length), /^\n?# oci-genai-tf: creating in OCI \(work request ocid1\./);
    });
  }

  it('refuses with the service\'s reason, the request id, an unchanged module and no model', async () => {
    const { file, before, listing } = prepare('rejected');
    const modelsBefore = models().length;
    sandbox.emulator.injectFault('CreateModel', { kind: 'status', status: 400, code: 'InvalidParameter', message: 'trainingDataset.objectName is not valid' });
    const started = performance.now();
    const result = await run('rejected');
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /trainingDataset\.objectName is not valid.*opc-request-id/s);
    assert.ok(performance.now() - started < 10_000);
    assert.equal(models().length, modelsBefore);
    assert.equal(fs.readFileSync(file, 'utf8'), before);
    assert.deepEqual(fs.readdirSync(createdDirs.get('rejected')!).filter((f) => f !== '.oci-genai-tf').sort(), listing);
  });

  it('after a malformed answer to a create, says so, writes nothing, and the next run sends the same retry token', async () => {
    const { file, before } = prepare('malformed');
    const modelsBefore = models().length;
    const createsBefore = creates().length;
    sandbox.emulator.injectFault('CreateModel', { kind: 'malformed' });
    const first = await run('malformed');
    assert.equal(first.code, 1);
    assert.equal(first.stdout, '');
    assert.match(first.stderr, /Could not create the model .*: the answer from .* is not the JSON OCI sends.*opc-request-id/s);
    assert.equal(fs.readFileSync(file, 'utf8'), before, 'nothing written without a model id');
    const second = await run('malformed');
    assert.equal(second.code, 0, second.stderr);
    assert.equal(models().length, modelsBefore + 1, 'one model in all');
    const [firstAttempt, secondAttempt] = creates().slice(createsBefore);
    // Had the service committed the first, this token would have found it instead of creating another.
    assert.equal(firstAttempt!.headers['opc-retry-token'], secondAttempt!.headers['opc-retry-token']);
    assert.match(fs.readFileSync(file, 'utf8'), new RegExp(`id = "${second.stdout.trim().split('\n')[0]}"`));
  });

  it('refuses an expired session before any request, naming the command that renews it', async () => {
    const { file, before } = prepare('expired');
    const createsBefore = creates().length;
    const result = await run('expired', ['--profile', 'EXPIRED_SESSION']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /oci session refresh --profile EXPIRED_SESSION/);
    assert.equal(creates().length, createsBefore);
    assert.equal(fs.readFileSync(file, 'utf8'), before);
  });
});
