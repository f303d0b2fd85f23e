import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from '@cdktf/hcl2json';
import fc from 'fast-check';
import { createModelDetails } from '../../server/src/convert/createModelDetails';
import { modelToHcl } from '../../server/src/convert/modelToHcl';
import type { BlockValue, Value } from '../../server/src/convert/values';
import { SchemaRegistry } from '../../server/src/schema/registry';
import type { TypeSchemaFile } from '../../server/src/schema/schemaTypes';
import modelSchemaFile from '../../server/schema/resources/oci_generative_ai_model.json';
import {
  blockValueFromJson,
  expectedCreateDetails,
  FRACTION_FIELDS,
  hostileString,
  randomModel,
  TRAINING_FIELDS,
  TRAINING_TYPES,
  trainingFieldsOf,
  type TrainingType,
} from '../support/modelConversion';

const registry = new SchemaRegistry();
const modelSchema = registry.get('resource', 'oci_generative_ai_model')!;

type Json = Record<string, unknown>;

function block(args: Record<string, Value>, blocks: Record<string, BlockValue> = {}): BlockValue {
  return { arguments: args, blocks };
}

/** A value spelled in any of the ways Terraform reads as the same number. */
function asTerraformMayGiveIt(n: number): fc.Arbitrary<Value> {
  return fc.constantFrom(n, String(n), `${n}${Number.isInteger(n) && Math.abs(n) < 1e21 ? '.0' : ''}`);
}

/** The string in a random mix of upper and lower case. */
function anyCase(text: string): fc.Arbitrary<string> {
  return fc.array(fc.boolean(), { minLength: text.length, maxLength: text.length }).map((lower) => [...text].map((c, i) => (lower[i] ? c.toLowerCase() : c)).join(''));
}

const ALL_TRAINING_FIELDS: [string, string][] = [
  ...Object.entries(TRAINING_FIELDS.common),
  ...Object.entries(TRAINING_FIELDS.LORA_TRAINING_CONFIG),
  ...Object.entries(TRAINING_FIELDS.VANILLA_TRAINING_CONFIG),
];

const trainingNumber = (apiName: string): fc.Arbitrary<number> =>
  FRACTION_FIELDS.has(apiName) ? fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (n === 0 ? 0 : n)) : fc.integer({ min: 0, max: 100_000 });

/** One training config as written in Terraform, every type's fields among them, and what the API is sent. */
const trainingConfig = fc
  .tuple(
    fc.constantFrom(...TRAINING_TYPES).chain((type) => anyCase(type).map((written) => ({ type, written }))),
    fc.tuple(...ALL_TRAINING_FIELDS.map(([apiName]) => fc.option(trainingNumber(apiName).chain((n) => asTerraformMayGiveIt(n).map((given) => ({ n, given }))), { nil: undefined }))),
  )
  .map(([{ type, written }, values]) => {
    const args: Record<string, Value> = { training_config_type: written };
    const used = new Set(trainingFieldsOf(type).map(([apiName]) => apiName));
    const expected: Json = { trainingConfigType: type };
    ALL_TRAINING_FIELDS.forEach(([apiName, name], index) => {
      const value = values[index];
      if (!value) return;
      args[name] = value.given;
      if (used.has(apiName)) expected[apiName] = value.n;
    });
    return { block: block(args), expected };
  });

/** A descriptive argument as Terraform may give it (a number or bool is converted to text), and what is sent. */
const descriptive = fc.option(
  fc.oneof(
    hostileString.map((text) => ({ given: text as Value, sent: text })),
    fc.integer({ min: -1000, max: 1000 }).map((n) => ({ given: n as Value, sent: String(n) })),
    fc.boolean().map((b) => ({ given: b as Value, sent: String(b) })),
    fc.constant({ given: null as Value, sent: undefined }),
  ),
  { nil: undefined },
);

const flatDefinedTags = fc.array(fc.tuple(hostileString.filter((s) => !s.includes('.')), hostileString.filter((s) => !s.includes('.')), hostileString), { maxLength: 4 });

const randomBlock = fc
  .record({
    compartmentId: fc.constantFrom('ocid1.compartment.oc1..aaaaaaaa', 'ocid1.tenancy.oc1..bbbbbbbb'),
    baseModelId: fc.constant('ocid1.generativeaimodel.oc1.us-chicago-1.basemodel0001'),
    displayName: descriptive,
    description: descriptive,
    vendor: descriptive,
    version: descriptive,
    freeformTags: fc.option(fc.dictionary(hostileString, hostileString, { maxKeys: 4 }), { nil: undefined }),
    definedTags: fc.option(flatDefinedTags, { nil: undefined }),
    dataset: fc.record({ bucket: hostileString, namespace: hostileString, object: hostileString, datasetType: anyCase('OBJECT_STORAGE') }),
    trainingConfig: fc.option(trainingConfig, { nil: undefined }),
    metaArguments: fc.boolean(),
  })
  .map((r) => {
    const args: Record<string, Value> = { compartment_id: r.compartmentId, base_model_id: r.baseModelId };
    const expected: Json = { compartmentId: r.compartmentId, baseModelId: r.baseModelId };
    for (const [apiName, name, value] of [
      ['displayName', 'display_name', r.displayName],
      ['description', 'description', r.description],
      ['vendor', 'vendor', r.vendor],
      ['version', 'version', r.version],
    ] as const) {
      if (!value) continue;
      args[name] = value.given;
      if (value.sent !== undefined) expected[apiName] = value.sent;
    }
    if (r.freeformTags) {
      args['freeform_tags'] = Object.fromEntries(Object.entries(r.freeformTags));
      expected['freeformTags'] = Object.fromEntries(Object.entries(r.freeformTags));
    }
    if (r.definedTags) {
      const flat = new Map(r.definedTags.map(([namespace, key, value]) => [`${namespace}.${key}`, value]));
      args['defined_tags'] = Object.fromEntries(flat);
      const nested = new Map<string, [string, string][]>();
      for (const [flatKey, value] of flat) {
        const [namespace, key] = flatKey.split('.') as [string, string];
        nested.set(namespace, [...(nested.get(namespace) ?? []), [key, value]]);
      }
      expected['definedTags'] = Object.fromEntries([...nested].map(([namespace, keys]) => [namespace, Object.fromEntries(keys)]));
    }
    const fineTuneBlocks: Record<string, BlockValue> = {
      training_dataset: block({ bucket: r.dataset.bucket, namespace: r.dataset.namespace, object: r.dataset.object, dataset_type: r.dataset.datasetType }),
    };
    const fineTune: Json = {
      dedicatedAiClusterId: 'ocid1.generativeaidedicatedaicluster.oc1.us-chicago-1.cluster0001',
      trainingDataset: { bucketName: r.dataset.bucket, datasetType: 'OBJECT_STORAGE', namespaceName: r.dataset.namespace, objectName: r.dataset.object },
    };
    if (r.trainingConfig) {
      fineTuneBlocks['training_config'] = r.trainingConfig.block;
      fineTune['trainingConfig'] = r.trainingConfig.expected;
    }
    expected['fineTuneDetails'] = fineTune;
    const blocks: Record<string, BlockValue> = {
      fine_tune_details: block({ dedicated_ai_cluster_id: fineTune['dedicatedAiClusterId'] as string }, fineTuneBlocks),
    };
    if (r.metaArguments) {
      // Terraform's own arguments and blocks, and a read-only attribute: none is the API's.
      Object.assign(args, { count: 1, depends_on: ['oci_identity_policy.training'], provider: 'oci.chicago', state: 'ACTIVE', id: 'x' });
      blocks['lifecycle'] = block({ prevent_destroy: true });
      blocks['timeouts'] = block({ create: '2h' });
    }
    return { evaluated: block(args, blocks), expected };
  });

/** A minimal valid block, to change one thing at a time. */
function validBlock(changes: { args?: Record<string, Value>; trainingConfig?: Record<string, Value>; dataset?: Record<string, Value> } = {}): BlockValue {
  const fineTuneBlocks: Record<string, BlockValue> = {
    training_dataset: block({ bucket: 'training', namespace: 'tenancyns', object: 'train.jsonl', dataset_type: 'OBJECT_STORAGE', ...changes.dataset }),
  };
  if (changes.trainingConfig) fineTuneBlocks['training_config'] = block(changes.trainingConfig);
  return block(
    { compartment_id: 'ocid1.compartment.oc1..aaaaaaaa', base_model_id: 'ocid1.generativeaimodel.oc1.us-chicago-1.basemodel0001', ...changes.args },
    { fine_tune_details: block({ dedicated_ai_cluster_id: 'ocid1.generativeaidedicatedaicluster.oc1.us-chicago-1.cluster0001' }, fineTuneBlocks) },
  );
}

const details = (evaluated: BlockValue): Json => createModelDetails(evaluated, registry) as unknown as Json;

describe('createModelDetails', () => {
  it('maps every argument of an evaluated block to its API field and type', () => {
    fc.assert(
      fc.property(randomBlock, ({ evaluated, expected }) => {
        assert.deepEqual(details(evaluated), expected);
      }),
      { numRuns: 200 },
    );
  });

  it('gives back the creatable fields of a model, through modelToHcl and HashiCorp\'s parser', async () => {
    await fc.assert(
      fc.asyncProperty(randomModel, async ({ model, references }) => {
        const text = modelToHcl(model, registry, { name: 'm', references });
        const json = (await parse('main.tf', text)) as { resource: { oci_generative_ai_model: { m: Json[] } } };
        const referenceValues = new Map([...references].map(([ocid, expression]) => [expression, ocid]));
        const evaluated = blockValueFromJson(json.resource.oci_generative_ai_model.m[0]!, modelSchema, referenceValues);
        assert.deepEqual(details(evaluated), expectedCreateDetails(model));
      }),
      { numRuns: 100 },
    );
  });

  it('names fields as the API does and nests defined tags', () => {
    const request = details(
      validBlock({
        args: { display_name: 'chat', defined_tags: { 'Operations.CostCenter': '42', 'Operations.Owner': 'ops', 'Finance.Project': 'x' }, freeform_tags: { 'a.b c': 'd' } },
        trainingConfig: { training_config_type: 'lora_training_config', lora_r: '8', lora_alpha: 16, learning_rate: '1e-4', num_of_last_layers: 2 },
        dataset: { dataset_type: 'object_storage' },
      }),
    );
    assert.deepEqual(request, {
      compartmentId: 'ocid1.compartment.oc1..aaaaaaaa',
      baseModelId: 'ocid1.generativeaimodel.oc1.us-chicago-1.basemodel0001',
      definedTags: { Operations: { CostCenter: '42', Owner: 'ops' }, Finance: { Project: 'x' } },
      displayName: 'chat',
      freeformTags: { 'a.b c': 'd' },
      fineTuneDetails: {
        dedicatedAiClusterId: 'ocid1.generativeaidedicatedaicluster.oc1.us-chicago-1.cluster0001',
        trainingDataset: { bucketName: 'training', datasetType: 'OBJECT_STORAGE', namespaceName: 'tenancyns', objectName: 'train.jsonl' },
        trainingConfig: { trainingConfigType: 'LORA_TRAINING_CONFIG', learningRate: 0.0001, loraAlpha: 16, loraR: 8 },
      },
    });
  });

  it('leaves out a training config that is not there, null optionals and Terraform\'s own arguments', () => {
    const request = details(validBlock({ args: { display_name: null, count: 2, for_each: null, lifecycle: 'x' } }));
    assert.deepEqual(Object.keys(request).sort(), ['baseModelId', 'compartmentId', 'fineTuneDetails']);
    assert.deepEqual(Object.keys(request['fineTuneDetails'] as Json).sort(), ['dedicatedAiClusterId', 'trainingDataset']);
  });

  it('converts numbers and bools to text for string arguments, as Terraform does', () => {
    assert.deepEqual(details(validBlock({ args: { version: 2, vendor: 1e21, description: true } })), {
      ...details(validBlock()),
      version: '2',
      vendor: '1000000000000000000000',
      description: 'true',
    });
  });

  it('refuses a missing required argument or block, naming it', () => {
    const { compartment_id: _omitted, ...withoutCompartment } = validBlock().arguments;
    assert.throws(() => details(block(withoutCompartment, validBlock().blocks)), { message: 'The argument compartment_id is required.' });
    assert.throws(() => details(validBlock({ args: { base_model_id: null } })), { message: 'The argument base_model_id is required.' });
    assert.throws(() => details(block(validBlock().arguments)), { message: 'The block fine_tune_details is required.' });
    const withoutBucket = validBlock();
    delete withoutBucket.blocks['fine_tune_details']!.blocks['training_dataset']!.arguments['bucket'];
    assert.throws(() => details(withoutBucket), { message: 'The argument fine_tune_details.training_dataset.bucket is required.' });
    assert.throws(() => details(validBlock({ trainingConfig: { lora_r: 8 } })), {
      message: 'The argument fine_tune_details.training_config.training_config_type is required.',
    });
  });

  it('refuses a value of the wrong type, naming the argument', () => {
    const training = (fields: Record<string, Value>): BlockValue => validBlock({ trainingConfig: { training_config_type: 'LORA_TRAINING_CONFIG', ...fields } });
    assert.throws(() => details(training({ lora_r: 'abc' })), { message: 'The argument fine_tune_details.training_config.lora_r must be a whole number, not "abc".' });
    assert.throws(() => details(training({ lora_r: 2.5 })), { message: 'The argument fine_tune_details.training_config.lora_r must be a whole number, not 2.5.' });
    assert.throws(() => details(training({ lora_dropout: '' })), /lora_dropout must be a number, not ""/);
    assert.throws(() => details(training({ learning_rate: '0x10' })), /learning_rate must be a number/);
    assert.throws(() => details(training({ learning_rate: '1e999' })), /learning_rate must be a number/);
    assert.throws(() => details(training({ total_training_epochs: true })), /total_training_epochs must be a whole number, not true/);
    assert.throws(() => details(validBlock({ args: { display_name: ['x'] } })), { message: 'The argument display_name must be a string, not a list.' });
    assert.throws(() => details(validBlock({ args: { freeform_tags: 'team=x' } })), { message: 'The argument freeform_tags must be a map of string, not "team=x".' });
    assert.throws(() => details(validBlock({ args: { freeform_tags: { team: { a: 'b' } } } })), { message: 'The argument freeform_tags["team"] must be a string, not an object.' });
    assert.throws(() => details(validBlock({ trainingConfig: { training_config_type: 'FAST' } })), {
      message: 'The argument fine_tune_details.training_config.training_config_type must be one of LORA_TRAINING_CONFIG, TFEW_TRAINING_CONFIG, VANILLA_TRAINING_CONFIG, not "FAST".',
    });
    assert.throws(() => details(validBlock({ args: { defined_tags: { CostCenter: '42' } } })), { message: 'The key "CostCenter" of defined_tags must be "Namespace.key", with exactly one dot.' });
    assert.throws(() => details(validBlock({ args: { defined_tags: { 'a.b.c': '42' } } })), /"a.b.c" of defined_tags/);
  });

  it('accepts what Terraform reads as a number', () => {
    for (const [given, sent] of [['8', 8], ['+8', 8], ['8.0', 8], ['8e0', 8], [' 8', undefined], ['8 ', undefined], ['', undefined]] as const) {
      const evaluated = validBlock({ trainingConfig: { training_config_type: 'TFEW_TRAINING_CONFIG', total_training_epochs: given } });
      if (sent === undefined) assert.throws(() => details(evaluated), /must be a whole number/, given);
      else assert.equal(((details(evaluated)['fineTuneDetails'] as Json)['trainingConfig'] as Json)['totalTrainingEpochs'], sent, given);
    }
  });

  it('follows the schema: a list argument is converted item by item', () => {
    const withList = structuredClone(modelSchemaFile) as TypeSchemaFile;
    withList.blocks!['fine_tune_details']!.attributes['example_counts'] = { type: { list: 'int' }, mode: 'optional', apiName: 'exampleCounts', description: '' };
    const evaluated = validBlock();
    evaluated.blocks['fine_tune_details']!.arguments['example_counts'] = [1, '2'];
    const request = createModelDetails(evaluated, new SchemaRegistry([withList])) as unknown as Json;
    assert.deepEqual((request['fineTuneDetails'] as Json)['exampleCounts'], [1, 2]);
    evaluated.blocks['fine_tune_details']!.arguments['example_counts'] = [1, 'x'];
    assert.throws(() => createModelDetails(evaluated, new SchemaRegistry([withList])), {
      message: 'The argument fine_tune_details.example_counts[1] must be a whole number, not "x".',
    });
  });

  it('sends only the training fields of the chosen training type', () => {
    const everyField = Object.fromEntries(ALL_TRAINING_FIELDS.map(([, name], index) => [name, index + 1]));
    for (const type of TRAINING_TYPES) {
      const request = details(validBlock({ trainingConfig: { training_config_type: type.toLowerCase(), ...everyField } }));
      const config = (request['fineTuneDetails'] as Json)['trainingConfig'] as Json;
      assert.deepEqual(Object.keys(config).sort(), ['trainingConfigType', ...trainingFieldsOf(type as TrainingType).map(([apiName]) => apiName)].sort(), type);
    }
  });
});
