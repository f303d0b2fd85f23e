import * as assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { parse } from '@cdktf/hcl2json';
import fc from 'fast-check';
import { resourceName } from '../../server/src/convert/hclText';
import { apiFieldsLeftOut, modelToHcl, type ApiModel } from '../../server/src/convert/modelToHcl';
import { SchemaRegistry } from '../../server/src/schema/registry';
import { expectedResourceJson, randomModel, TRAINING_FIELDS, TRAINING_TYPES, trainingFieldsOf, type TrainingType } from '../support/modelConversion';
import { TemporaryModules } from '../support/workspace';

const registry = new SchemaRegistry();
const NO_REFERENCES = new Map<string, string>();

interface TerraformJson {
  resource?: { oci_generative_ai_model: Record<string, Record<string, unknown>[]> };
  import?: Record<string, unknown>[];
}

async function parseHcl(text: string): Promise<TerraformJson> {
  return (await parse('main.tf', text)) as TerraformJson;
}

async function resourceOf(text: string, name: string): Promise<Record<string, unknown>> {
  return (await parseHcl(text)).resource!.oci_generative_ai_model[name]![0]!;
}

const SERVICE_FIELDS = ['lifecycleState', 'lifecycleDetails', 'capabilities', 'type', 'timeCreated', 'timeUpdated', 'isLongTermSupported', 'systemTags', 'modelMetrics'];

/** The model's fields with a value that Terraform cannot set: the service's, and training fields of another type. */
function expectedLeftOut(model: ApiModel): string[] {
  const leftOut = SERVICE_FIELDS.filter((field) => model[field] !== undefined && model[field] !== null);
  const config = (model['fineTuneDetails'] as { trainingConfig?: Record<string, unknown> | null }).trainingConfig;
  if (config) {
    const used = new Set(trainingFieldsOf(config['trainingConfigType'] as TrainingType).map(([apiName]) => apiName));
    for (const field of Object.keys(config)) {
      if (field !== 'trainingConfigType' && !used.has(field)) leftOut.push(`fineTuneDetails.trainingConfig.${field}`);
    }
  }
  return leftOut.sort();
}

const CLUSTER = 'ocid1.generativeaidedicatedaicluster.oc1.us-chicago-1.cluster0001';
const COMPARTMENT = 'ocid1.compartment.oc1..compartment0001';
const BASE = 'ocid1.generativeaimodel.oc1.us-chicago-1.basemodel0001';
const MODEL_ID = 'ocid1.generativeaimodel.oc1.us-chicago-1.custommodel0001';

function customModel(fields: Record<string, unknown> = {}, trainingConfig?: Record<string, unknown>): ApiModel {
  return {
    id: MODEL_ID,
    compartmentId: COMPARTMENT,
    baseModelId: BASE,
    type: 'CUSTOM',
    lifecycleState: 'ACTIVE',
    capabilities: ['CHAT'],
    timeCreated: '2026-05-01T10:00:00.000Z',
    fineTuneDetails: {
      dedicatedAiClusterId: CLUSTER,
      trainingDataset: { datasetType: 'OBJECT_STORAGE', namespaceName: 'tenancyns', bucketName: 'training', objectName: 'support-chat/train.jsonl' },
      ...(trainingConfig ? { trainingConfig } : {}),
    },
    ...fields,
  };
}

describe('modelToHcl', () => {
  it('writes what the model holds, as hcl2json reads it back, field by field', async () => {
    await fc.assert(
      fc.asyncProperty(randomModel, async ({ model, references }) => {
        const name = resourceName(model['displayName'] as string | undefined, new Set());
        const text = modelToHcl(model, registry, { name, references });
        const json = await parseHcl(text);
        assert.deepEqual(json.resource!.oci_generative_ai_model[name], [expectedResourceJson(model, references)]);
        assert.deepEqual(json.import, [{ to: `\${oci_generative_ai_model.${name}}`, id: model.id }]);
        assert.ok(text.includes(`\n#   terraform import oci_generative_ai_model.${name} ${model.id}\nimport {\n`), text);
        assert.deepEqual(apiFieldsLeftOut(model, registry).sort(), expectedLeftOut(model));
      }),
      { numRuns: 100 },
    );
  });

  it('gets no diagnostic in the editor, whose grammar reads some escapes differently from HCL', async () => {
    const modules = new TemporaryModules();
    after(() => modules.removeAll());
    const declarations = `variable "compartment_id" {}
resource "oci_generative_ai_dedicated_ai_cluster" "training" {
  compartment_id = var.compartment_id
  type           = "FINE_TUNING"
  unit_count     = 1
  unit_shape     = "LARGE_COHERE_V2"
}
data "oci_generative_ai_models" "base" {
  compartment_id = var.compartment_id
}
`;
    await fc.assert(
      fc.asyncProperty(randomModel, async ({ model, references }) => {
        const { workspace, uri } = await modules.open({ 'declarations.tf': declarations, 'main.tf': modelToHcl(model, registry, { name: 'm', references }) });
        try {
          assert.deepEqual(workspace.diagnostics(uri).map((d) => `${d.range.start.line + 1}: ${d.message}`), []);
        } finally {
          workspace.dispose();
        }
      }),
      { numRuns: 50 },
    );
  });

  it('writes a LoRA model with references, in schema order, then its import block', () => {
    const model = customModel(
      {
        displayName: 'support-chat',
        description: 'Answers "billing" questions',
        vendor: 'acme',
        version: '1',
        freeformTags: { team: 'support' },
        definedTags: { Operations: { CostCenter: '42' } },
        systemTags: { 'orcl-cloud': { 'free-tier-retained': 'true' } },
      },
      { trainingConfigType: 'LORA_TRAINING_CONFIG', totalTrainingEpochs: 3, learningRate: 0.0002, loraR: 8, loraAlpha: 8, loraDropout: 0.1 },
    );
    const references = new Map([
      [COMPARTMENT, 'var.compartment_id'],
      [CLUSTER, 'oci_generative_ai_dedicated_ai_cluster.training.id'],
    ]);
    assert.equal(
      modelToHcl(model, registry, { name: 'support_chat', references }),
      `resource "oci_generative_ai_model" "support_chat" {
  base_model_id = "${BASE}"
  compartment_id = var.compartment_id
  defined_tags = {
    "Operations.CostCenter" = "42"
  }
  description = "Answers \\"billing\\" questions"
  display_name = "support-chat"
  freeform_tags = {
    "team" = "support"
  }
  vendor = "acme"
  version = "1"
  fine_tune_details {
    dedicated_ai_cluster_id = oci_generative_ai_dedicated_ai_cluster.training.id
    training_dataset {
      bucket = "training"
      dataset_type = "OBJECT_STORAGE"
      namespace = "tenancyns"
      object = "support-chat/train.jsonl"
    }
    training_config {
      training_config_type = "LORA_TRAINING_CONFIG"
      learning_rate = 0.0002
      total_training_epochs = 3
      lora_alpha = 8
      lora_dropout = 0.1
      lora_r = 8
    }
  }
}

# Adopts the existing model into Terraform's state (Terraform 1.5 or later). Import blocks work in the root module only:
# with older Terraform, or in a child module (address module.<module name>.oci_generative_ai_model.support_chat), remove this block and run
#   terraform import oci_generative_ai_model.support_chat ${MODEL_ID}
import {
  to = oci_generative_ai_model.support_chat
  id = "${MODEL_ID}"
}
`,
    );
    assert.deepEqual(apiFieldsLeftOut(model, registry).sort(), ['capabilities', 'lifecycleState', 'systemTags', 'timeCreated', 'type']);
  });

  it('never lets a display name become an interpolation', async () => {
    const model = customModel({ displayName: 'x ${file("/etc/passwd")}', description: '%{ for x in [1] }${x}%{ endfor }' });
    const text = modelToHcl(model, registry, { name: 'x', references: NO_REFERENCES });
    assert.ok(text.includes('display_name = "x $${file(\\"/etc/passwd\\")}"'), text);
    const resource = await resourceOf(text, 'x');
    assert.equal(resource['display_name'], 'x $${file("/etc/passwd")}');
    assert.equal(resource['description'], '%%{ for x in [1] }$${x}%%{ endfor }');
  });

  it('writes only the training fields of the model\'s training type', async () => {
    const everyField = Object.fromEntries(
      [...Object.keys(TRAINING_FIELDS.common), ...Object.keys(TRAINING_FIELDS.LORA_TRAINING_CONFIG), 'numOfLastLayers'].map((field, index) => [field, index + 1]),
    );
    for (const type of TRAINING_TYPES) {
      const model = customModel({}, { trainingConfigType: type, ...everyField });
      const resource = await resourceOf(modelToHcl(model, registry, { name: 'm', references: NO_REFERENCES }), 'm');
      const config = ((resource['fine_tune_details'] as Record<string, unknown>[])[0]!['training_config'] as Record<string, unknown>[])[0]!;
      assert.deepEqual(Object.keys(config).sort(), ['training_config_type', ...trainingFieldsOf(type).map(([, name]) => name)].sort(), type);
      for (const [name, value] of Object.entries(config)) if (name !== 'training_config_type') assert.equal(typeof value, 'number', name);
    }
    const vanilla = customModel({}, { trainingConfigType: 'VANILLA_TRAINING_CONFIG', numOfLastLayers: 2, loraR: 8 });
    assert.deepEqual(apiFieldsLeftOut(vanilla, registry).filter((field) => field.startsWith('fine')), ['fineTuneDetails.trainingConfig.loraR']);
  });

  it('writes a model without a training config without the block', async () => {
    const resource = await resourceOf(modelToHcl(customModel(), registry, { name: 'm', references: NO_REFERENCES }), 'm');
    const fineTune = (resource['fine_tune_details'] as Record<string, unknown>[])[0]!;
    assert.deepEqual(Object.keys(fineTune).sort(), ['dedicated_ai_cluster_id', 'training_dataset']);
  });

  it('leaves out absent optionals and empty maps, keeps an empty string', async () => {
    const model = customModel({ displayName: null, vendor: undefined, freeformTags: {}, definedTags: { Operations: {} }, description: '' });
    const resource = await resourceOf(modelToHcl(model, registry, { name: 'm', references: NO_REFERENCES }), 'm');
    assert.deepEqual(Object.keys(resource).sort(), ['base_model_id', 'compartment_id', 'description', 'fine_tune_details']);
    assert.equal(resource['description'], '');
  });

  it('writes defined tags flat and freeform tags as they are, keys quoted', async () => {
    const model = customModel({ definedTags: { Operations: { CostCenter: '42', 'Cost Owner': 'ops' }, Finance: { Project: 'x' } }, freeformTags: { 'a.b': 'c', 'with space': 'd' } });
    const resource = await resourceOf(modelToHcl(model, registry, { name: 'm', references: NO_REFERENCES }), 'm');
    assert.deepEqual(resource['defined_tags'], { 'Operations.CostCenter': '42', 'Operations.Cost Owner': 'ops', 'Finance.Project': 'x' });
    assert.deepEqual(resource['freeform_tags'], { 'a.b': 'c', 'with space': 'd' });
  });

  it('writes a defined tag value the API typed as a number or bool as text, as Terraform holds it', async () => {
    const model = customModel({ definedTags: { Operations: { CostCenter: 42, Billable: true } } });
    const resource = await resourceOf(modelToHcl(model, registry, { name: 'm', references: NO_REFERENCES }), 'm');
    assert.deepEqual(resource['defined_tags'], { 'Operations.CostCenter': '42', 'Operations.Billable': 'true' });
    assert.throws(() => modelToHcl(customModel({ definedTags: { Operations: 'x' } }), registry, { name: 'm', references: NO_REFERENCES }), /namespace "Operations" does not hold keys/);
  });

  it('writes references for whole arguments only, not for map values', async () => {
    const model = customModel({ freeformTags: { source: COMPARTMENT }, description: COMPARTMENT });
    const resource = await resourceOf(modelToHcl(model, registry, { name: 'm', references: new Map([[COMPARTMENT, 'var.compartment_id']]) }), 'm');
    assert.equal(resource['compartment_id'], '${var.compartment_id}');
    assert.equal(resource['description'], '${var.compartment_id}');
    assert.deepEqual(resource['freeform_tags'], { source: COMPARTMENT });
  });

  it('writes a BASE model\'s settable fields without crashing', async () => {
    const base: ApiModel = {
      id: BASE,
      compartmentId: COMPARTMENT,
      displayName: 'cohere.command-r-08-2024',
      vendor: 'cohere',
      version: '1.7',
      type: 'BASE',
      lifecycleState: 'ACTIVE',
      capabilities: ['CHAT', 'FINE_TUNE'],
      timeCreated: '2024-08-01T00:00:00.000Z',
      timeOnDemandRetired: '2026-08-01T00:00:00.000Z',
    };
    const text = modelToHcl(base, registry, { name: 'base', references: NO_REFERENCES });
    assert.deepEqual(await resourceOf(text, 'base'), { compartment_id: COMPARTMENT, display_name: 'cohere.command-r-08-2024', vendor: 'cohere', version: '1.7' });
    assert.deepEqual(apiFieldsLeftOut(base, registry).sort(), ['capabilities', 'lifecycleState', 'timeCreated', 'timeOnDemandRetired', 'type']);
  });

  it('refuses what it cannot write exactly or safely', () => {
    const model = customModel();
    const write = (m: ApiModel, name = 'm', references = NO_REFERENCES): string => modelToHcl(m, registry, { name, references });
    assert.throws(() => write(model, 'my model'), /"my model" is not a valid Terraform resource name/);
    assert.throws(() => write(model, 'm"\n}'), /not a valid Terraform resource name/);
    assert.throws(() => write({ ...model, id: `${MODEL_ID}\nresource "x" "y" {}` }), /is not an OCID/);
    assert.throws(() => write(model, 'm', new Map([[COMPARTMENT, 'var.x\n  provisioner']])), /not a plain Terraform reference/);
    assert.throws(() => write(customModel({ definedTags: { Operations: { 'Cost.Center': '1' } } })), /"Operations.Cost.Center" has a dot/);
    assert.throws(() => write(customModel({ displayName: new Date(0) })), /displayName does not hold JSON data/);
    assert.throws(() => write(customModel({ displayName: 'a\uD800' })), /lone UTF-16 surrogate/);
  });
});
