import * as assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { ModuleEvaluator } from '../../server/src/convert/evaluate';
import { modelToHcl, type ApiModel } from '../../server/src/convert/modelToHcl';
import { modelResourceSchema } from '../../server/src/convert/settable';
import { compareModel, type ModelComparison } from '../../server/src/drift/compareModel';
import { driftFindings, type DriftFinding } from '../../server/src/drift/driftFindings';
import { readModelBlock } from '../../server/src/drift/modelBlock';
import { SchemaRegistry } from '../../server/src/schema/registry';
import type { TypeSchemaFile } from '../../server/src/schema/schemaTypes';
import modelSchemaFile from '../../server/schema/resources/oci_generative_ai_model.json';
import { applyEdits } from '../support/cursor';
import { randomModel } from '../support/modelConversion';
import { testParser } from '../support/parser';
import { TemporaryModules } from '../support/workspace';

const registry = new SchemaRegistry();
const modules = new TemporaryModules();
after(() => modules.removeAll());

const CLUSTER = 'ocid1.generativeaidedicatedaicluster.oc1.us-chicago-1.cluster0001';
const COMPARTMENT = 'ocid1.compartment.oc1..compartment0001';
const BASE = 'ocid1.generativeaimodel.oc1.us-chicago-1.basemodel0001';
const MODEL_ID = 'ocid1.generativeaimodel.oc1.us-chicago-1.custommodel0001';

/** A LoRA model as GetModel returns it, with the fields a test changes. */
function liveModel(fields: Record<string, unknown> = {}, trainingConfig: Record<string, unknown> = {}): ApiModel {
  return {
    id: MODEL_ID,
    compartmentId: COMPARTMENT,
    baseModelId: BASE,
    displayName: 'support-bot',
    vendor: 'cohere',
    version: '1.0',
    type: 'CUSTOM',
    lifecycleState: 'ACTIVE',
    capabilities: ['CHAT'],
    timeCreated: '2026-05-01T10:00:00.000Z',
    freeformTags: { team: 'support' },
    definedTags: { Operations: { CostCenter: '42' } },
    fineTuneDetails: {
      dedicatedAiClusterId: CLUSTER,
      trainingDataset: { datasetType: 'OBJECT_STORAGE', namespaceName: 'tenancyns', bucketName: 'training', objectName: 'support-chat/train.jsonl' },
      trainingConfig: {
        trainingConfigType: 'LORA_TRAINING_CONFIG',
        totalTrainingEpochs: 3,
        learningRate: 0.0001,
        trainingBatchSize: 8,
        earlyStoppingPatience: 15,
        earlyStoppingThreshold: 0.0001,
        logModelMetricsIntervalInSteps: 10,
        loraR: 8,
        loraAlpha: 8,
        loraDropout: 0.1,
        ...trainingConfig,
      },
    },
    modelMetrics: { modelMetricsType: 'CHAT_MODEL_METRICS', finalAccuracy: 0.9, finalLoss: 0.3 },
    ...fields,
  };
}

/** The block of `liveModel()` as a person may write it: other spellings of the same values. */
function written(options: { top?: string[]; trainingConfig?: string[]; tail?: string[] } = {}): string {
  const top = options.top ?? ['display_name = "support-bot"', 'freeform_tags = { team = "support" }', 'defined_tags = { "Operations.CostCenter" = "42" }'];
  const trainingConfig = options.trainingConfig ?? ['training_config_type = "lora_training_config"', 'learning_rate = 1e-4', 'lora_r = "8"'];
  return `variable "compartment_id" {
  default = "${COMPARTMENT}"
}

resource "oci_generative_ai_model" "bot" {
  compartment_id = var.compartment_id
  base_model_id  = "${BASE}"
${top.map((line) => `  ${line}\n`).join('')}  fine_tune_details {
    dedicated_ai_cluster_id = "${CLUSTER}"
    training_dataset {
      bucket       = "training"
      dataset_type = "OBJECT_STORAGE"
      namespace    = "tenancyns"
      object       = "support-chat/train.jsonl"
    }
    training_config {
${trainingConfig.map((line) => `      ${line}\n`).join('')}    }
  }
${(options.tail ?? []).map((line) => `  ${line}\n`).join('')}}
`;
}

/** The comparison of `main.tf`'s model block with `live`, and its findings (positions in the file: the block's chunk starts at line 0 of its own). */
async function compare(text: string, live: ApiModel, schemaRegistry = registry): Promise<{ comparison: ModelComparison; findings: DriftFinding[]; text: string }> {
  const { dir, workspace } = await modules.open({ 'main.tf': text });
  const evaluator = new ModuleEvaluator(dir, workspace.modules.contextForDir(dir), await testParser(), workspace.openDocuments(), { env: {}, varFiles: [] });
  try {
    const name = /resource "oci_generative_ai_model" "([^"]+)"/.exec(text)![1]!;
    const found = evaluator.findResource('oci_generative_ai_model', name)!;
    const { file, places } = readModelBlock(found.block, found.reader, evaluator);
    const comparison = compareModel(file, live, modelResourceSchema(schemaRegistry));
    const findings = driftFindings(comparison, places, new Map()).map((finding) => ({
      ...finding,
      range: shift(finding.range, found.startLine),
      edit: finding.edit && { ...finding.edit, range: shift(finding.edit.range, found.startLine) },
    }));
    return { comparison, findings, text };
  } finally {
    evaluator.dispose();
    workspace.dispose();
  }
}

function shift<R extends { start: { line: number; character: number }; end: { line: number; character: number } }>(range: R, lines: number): R {
  return { ...range, start: { ...range.start, line: range.start.line + lines }, end: { ...range.end, line: range.end.line + lines } };
}

function differing(comparison: ModelComparison): string[] {
  return comparison.fields.filter((field) => field.status === 'differs').map((field) => field.path);
}

/** The file with every "Take the live value" applied, compared again. */
async function afterTakingLive(compared: { findings: DriftFinding[]; text: string }, live: ApiModel): Promise<string[]> {
  const edited = applyEdits(compared.text, compared.findings.map((finding) => finding.edit!));
  return differing((await compare(edited, live)).comparison);
}

describe('the drift comparison', () => {
  it('finds a model imported by import, unchanged, in sync: every field, whatever the model holds', async () => {
    const parser = await testParser();
    await fc.assert(
      fc.asyncProperty(randomModel, async ({ model, references }) => {
        // The module gives each reference the OCID it stands for, except the data source, which only Terraform reads.
        const [compartment, cluster] = [model['compartmentId'] as string, (model['fineTuneDetails'] as { dedicatedAiClusterId: string }).dedicatedAiClusterId];
        const { dir, workspace } = await modules.open({
          'declarations.tf': `variable "compartment_id" {\n  default = "${compartment}"\n}\nresource "oci_generative_ai_dedicated_ai_cluster" "training" {}\nimport {\n  to = oci_generative_ai_dedicated_ai_cluster.training\n  id = "${cluster}"\n}\ndata "oci_generative_ai_models" "base" {}\n`,
          'main.tf': modelToHcl(model, registry, { name: 'm', references }),
        });
        const evaluator = new ModuleEvaluator(dir, workspace.modules.contextForDir(dir), parser, workspace.openDocuments(), { env: {}, varFiles: [] });
        try {
          const found = evaluator.findResource('oci_generative_ai_model', 'm')!;
          const comparison = compareModel(readModelBlock(found.block, found.reader, evaluator).file, model, modelResourceSchema(registry));
          assert.deepEqual(differing(comparison), []);
          assert.ok(comparison.fields.some((field) => field.path === 'fine_tune_details.training_dataset.bucket' && field.status === 'same'));
          const unknown = comparison.notCompared.map((n) => n.path);
          assert.deepEqual(unknown, [...references.values()].some((r) => r.startsWith('data.')) ? ['base_model_id'] : []);
        } finally {
          evaluator.dispose();
          workspace.dispose();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('compares in schema terms: enum case, numbers in any form, defined tags flat with keys in any case, strings in NFC', async () => {
    const same = await compare(
      written({
        top: ['display_name = "cafe\u0301"', 'freeform_tags = { team = "support" }', 'defined_tags = { "operations.costcenter" = 42 }'],
        trainingConfig: ['training_config_type = "Lora_Training_Config"', 'learning_rate = "0.0001"', 'lora_r = 8.0', 'lora_dropout = 1e-1'],
      }),
      liveModel({ displayName: 'caf\u00e9' }),
    );
    assert.deepEqual(differing(same.comparison), []);
    const byPath = new Map(same.comparison.fields.map((field) => [field.path, field]));
    assert.equal(byPath.get('fine_tune_details.training_config.learning_rate')!.status, 'same');
    assert.equal(byPath.get('fine_tune_details.training_config.lora_alpha')!.status, 'kept', 'not set in the file: the provider keeps it');
    assert.equal(byPath.get('vendor')!.status, 'kept');
    assert.equal(byPath.get('defined_tags')!.status, 'same');
  });

  it('finds each kind of difference, ForceNew ones replacing the model, and takes the live values back', async () => {
    const live = liveModel({ displayName: 'support-bot-v2', freeformTags: { team: 'support', env: 'prod' }, definedTags: { Operations: { CostCenter: '43' } } }, { learningRate: 0.0002, trainingConfigType: 'LORA_TRAINING_CONFIG' });
    const compared = await compare(written(), live);
    const found = new Map(compared.findings.map((finding) => [finding.path, finding]));
    assert.deepEqual([...found.keys()], ['defined_tags', 'display_name', 'freeform_tags', 'fine_tune_details.training_config.learning_rate']);
    assert.equal(found.get('display_name')!.message, 'live value: "support-bot-v2" (the file says "support-bot"); applying the file would update it in place');
    assert.equal(found.get('fine_tune_details.training_config.learning_rate')!.message, 'live value: 0.0002 (the file says 0.0001); applying the file would replace the model');
    assert.equal(found.get('defined_tags')!.effect, 'update');
    assert.equal(found.get('freeform_tags')!.message, 'live value: { "team" = "support", "env" = "prod" } (the file says { "team" = "support" }); applying the file would update it in place');
    const lines = compared.text.split('\n');
    assert.equal(lines[found.get('fine_tune_details.training_config.learning_rate')!.range.start.line]!.trim(), 'learning_rate = 1e-4');
    const edited = applyEdits(compared.text, compared.findings.map((finding) => finding.edit!));
    assert.match(edited, /^ {6}learning_rate = 0\.0002$/m);
    assert.match(edited, /^ {2}defined_tags = \{\n {4}"Operations\.CostCenter" = "43"\n {2}\}$/m);
    assert.deepEqual(await afterTakingLive(compared, live), []);
  });

  it('says what the file sets that OCI does not hold, and removes it to take the live value', async () => {
    const compared = await compare(written({ top: ['display_name = "support-bot"', 'description = "first line"'] }), liveModel());
    assert.deepEqual(compared.findings.map((f) => [f.path, f.message]), [['description', 'live value: not set (the file says "first line"); applying the file would update it in place']]);
    assert.equal(compared.findings[0]!.edit!.newText, '');
    assert.doesNotMatch(applyEdits(compared.text, [compared.findings[0]!.edit!]), /description/);
    assert.deepEqual(await afterTakingLive(compared, liveModel()), []);
  });

  it('writes the live value escaped as import writes it: ${ and %{ stay literal', async () => {
    const live = liveModel({ displayName: 'a ${var.x} %{ if true }b%{ endif } "q"\n' });
    const compared = await compare(written(), live);
    const edit = compared.findings.find((f) => f.path === 'display_name')!.edit!;
    assert.equal(edit.newText, '"a $${var.x} %%{ if true }b%%{ endif } \\"q\\"\\n"');
    assert.deepEqual(await afterTakingLive(compared, live), []);
  });

  it('compares the training type and, where the file changes it, the fields of its own type', async () => {
    const live = liveModel({}, { trainingConfigType: 'VANILLA_TRAINING_CONFIG', numOfLastLayers: 4 });
    const compared = await compare(written(), live);
    assert.deepEqual(differing(compared.comparison), ['fine_tune_details.training_config.training_config_type', 'fine_tune_details.training_config.lora_r']);
    assert.ok(compared.findings.every((finding) => finding.effect === 'replace'));
  });

  it('leaves out what only Terraform knows, and what lifecycle.ignore_changes names, and says why', async () => {
    const text = written({ tail: ['lifecycle {', '  ignore_changes = [defined_tags, fine_tune_details[0].training_config[0].learning_rate]', '}'] })
      .replace('compartment_id = var.compartment_id', 'compartment_id = var.other')
      .replace(`dedicated_ai_cluster_id = "${CLUSTER}"`, 'dedicated_ai_cluster_id = oci_generative_ai_dedicated_ai_cluster.training.id');
    const live = liveModel({ definedTags: { Operations: { CostCenter: '99' } } }, { learningRate: 0.5 });
    const { comparison } = await compare(`${text}variable "other" {}\n`, live);
    assert.deepEqual(differing(comparison), []);
    assert.deepEqual(
      comparison.notCompared.map((n) => [n.path, n.reason.replace(/:.*/, '')]),
      [
        ['compartment_id', 'not known before Terraform runs'],
        ['defined_tags', 'lifecycle.ignore_changes names it, so Terraform leaves it as it is'],
        ['fine_tune_details.dedicated_ai_cluster_id', 'not known before Terraform runs'],
        ['fine_tune_details.training_config.learning_rate', 'lifecycle.ignore_changes names it, so Terraform leaves it as it is'],
      ],
    );
    assert.match(comparison.notCompared[0]!.reason, /var\.other, which has no default/);
    const everything = await compare(written({ tail: ['lifecycle {', '  ignore_changes = all', '}'] }), live);
    assert.deepEqual(everything.comparison.fields, []);
  });

  it('keeps OCI\'s values where the file leaves an Optional+Computed field or block out', async () => {
    const { comparison, findings } = await compare(written({ top: [] }).replace(/ {4}training_config \{[^}]*\}\n/, ''), liveModel({ description: 'set in the console' }));
    assert.deepEqual(findings, []);
    const kept = comparison.fields.filter((field) => field.status === 'kept').map((field) => field.path);
    assert.ok(kept.includes('description') && kept.includes('freeform_tags') && kept.includes('fine_tune_details.training_config.lora_r'), kept.join(', '));
    assert.ok(!kept.includes('fine_tune_details.training_config.num_of_last_layers'), 'only the fields of the live training type');
  });

  it('finds an optional field the file leaves out (not Optional+Computed) and inserts the live value', async () => {
    const file = structuredClone(modelSchemaFile) as TypeSchemaFile;
    file.attributes['description'] = { ...file.attributes['description']!, computed: false };
    const plainOptional = new SchemaRegistry([file]);
    const live = liveModel({ description: 'from OCI' });
    const compared = await compare(written(), live, plainOptional);
    assert.deepEqual(compared.findings.map((f) => [f.path, f.message]), [['description', 'description: live value: "from OCI" (the file does not set it); applying the file would update it in place']]);
    assert.equal(compared.text.split('\n')[compared.findings[0]!.range.start.line], 'resource "oci_generative_ai_model" "bot" {');
    const edited = applyEdits(compared.text, [compared.findings[0]!.edit!]);
    assert.match(edited, /^ {2}description = "from OCI"\n\}\n$/m);
    assert.deepEqual(differing((await compare(edited, live, plainOptional)).comparison), []);
  });

  it('finds a compartment move an in-place update, a new base model a replacement', async () => {
    const live = liveModel({ compartmentId: 'ocid1.compartment.oc1..elsewhere', baseModelId: 'ocid1.generativeaimodel.oc1.us-chicago-1.otherbase' });
    const { findings } = await compare(written(), live);
    assert.deepEqual(findings.map((f) => [f.path, f.effect]), [['base_model_id', 'replace'], ['compartment_id', 'update']]);
    assert.match(findings[1]!.edit!.newText, /^"ocid1\.compartment\.oc1\.\.elsewhere"$/);
  });
});
