/**
 * What the conversion tests share: hostile strings, random models as the API returns them, and the expected
 * Terraform and API shapes, written out by hand (not read from the schema) so that they check the schema too.
 */
import fc from 'fast-check';
import type { ApiModel } from '../../server/src/convert/modelToHcl';
import type { BlockValue, Value } from '../../server/src/convert/values';
import type { BlockSchema } from '../../server/src/schema/schemaTypes';

const HOSTILE_PIECES = [
  '"', '\\', '\n', '\r', '\r\n', '\t', '${', '%{', '$${', '%%{', '$$$${', '$', '$$', '%', '%%', '{', '}', '~', '${~', '#', '//', '/*',
  '<<EOT\n', '\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u009f', '\u00a0', '\u2028', '\u2029', '\u202e', '\u2066', '\ufeff',
  '\u200b', '\u200d', 'é', 'e\u0301', '\u0301', '😀', '👨‍👩‍👧', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '𝔘', '中文', 'x ${file("/etc/passwd")}', '%{ if true }x%{ endif }',
  '__proto__', 'constructor', 'ocid1.', 'null', 'true', '1e21',
];

/** Strings made to break quoting, templates, line structure and Unicode handling. */
export const hostileString: fc.Arbitrary<string> = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE_PIECES), fc.string({ unit: 'binary', maxLength: 4 }), fc.string({ unit: 'grapheme', maxLength: 3 })), {
    maxLength: 6,
  })
  .map((pieces) => pieces.join(''));

/**
 * A string as hcl2json writes it in Terraform's JSON syntax, where `${` and `%{` start templates too, and in
 * Unicode NFC, as HCL and Terraform hold every string.
 */
export function terraformJsonString(value: string): string {
  return value
    .normalize('NFC')
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{');
}

/** The literal a string of Terraform's JSON syntax spells. */
function fromTerraformJsonString(spelled: string): string {
  return spelled.replace(/\$\$\{/g, () => '${').replace(/%%\{/g, () => '%{');
}

/** Every string of a JSON value, keys too, in Unicode NFC: what comes back of a string that went through HCL. */
function inNfc(value: unknown): unknown {
  if (typeof value === 'string') return value.normalize('NFC');
  if (Array.isArray(value)) return value.map(inNfc);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key.normalize('NFC'), inNfc(item)]));
  return value;
}

/** Whether no two keys are the same text in NFC, which Terraform could not tell apart. */
export function distinctInNfc(record: object): boolean {
  const keys = Object.keys(record);
  return new Set(keys.map((key) => key.normalize('NFC'))).size === keys.length;
}

const ocid = (kind: string, region: string): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), minLength: 8, maxLength: 24 }).map((unique) => `ocid1.${kind}.oc1.${region}.${unique}`);

/** Numbers as the API sends them; -0 aside, which no field holds and JSON does not tell from 0. */
const wholeNumber = fc.oneof(fc.integer({ min: -5, max: 1000 }), fc.maxSafeInteger());
const fraction = fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (n === 0 ? 0 : n));

/** Training fields by API name, with their Terraform names; the oracle for every mapping check. */
export const TRAINING_FIELDS = {
  common: {
    totalTrainingEpochs: 'total_training_epochs',
    learningRate: 'learning_rate',
    trainingBatchSize: 'training_batch_size',
    earlyStoppingPatience: 'early_stopping_patience',
    earlyStoppingThreshold: 'early_stopping_threshold',
    logModelMetricsIntervalInSteps: 'log_model_metrics_interval_in_steps',
  },
  LORA_TRAINING_CONFIG: { loraR: 'lora_r', loraAlpha: 'lora_alpha', loraDropout: 'lora_dropout' },
  VANILLA_TRAINING_CONFIG: { numOfLastLayers: 'num_of_last_layers' },
  TFEW_TRAINING_CONFIG: {},
} as const;
export const TRAINING_TYPES = ['LORA_TRAINING_CONFIG', 'TFEW_TRAINING_CONFIG', 'VANILLA_TRAINING_CONFIG'] as const;
export type TrainingType = (typeof TRAINING_TYPES)[number];
export const FRACTION_FIELDS = new Set(['learningRate', 'earlyStoppingThreshold', 'loraDropout']);

const ALL_TRAINING_FIELDS = [
  ...Object.keys(TRAINING_FIELDS.common),
  ...Object.keys(TRAINING_FIELDS.LORA_TRAINING_CONFIG),
  ...Object.keys(TRAINING_FIELDS.VANILLA_TRAINING_CONFIG),
];

/** Training fields the type does not use are there too at times: the conversions must leave them out. */
const trainingConfig = fc
  .tuple(
    fc.constantFrom(...TRAINING_TYPES),
    fc.record(Object.fromEntries(ALL_TRAINING_FIELDS.map((field) => [field, FRACTION_FIELDS.has(field) ? fraction : wholeNumber])), { requiredKeys: [] }),
  )
  .map(([trainingConfigType, fields]) => ({ trainingConfigType, ...fields }));

/** Absent three ways: no key, undefined, null. */
function optional<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | null | undefined> {
  return fc.oneof({ arbitrary, weight: 3 }, fc.constant(null), fc.constant(undefined));
}

const tagKey = fc.oneof(hostileString, fc.constantFrom('Operations.CostCenter', 'a b', 'a.b.c', ' ', '', 'Cost Center'));
const noDot = (text: string): boolean => !text.includes('.');

export interface RandomModel {
  model: ApiModel;
  /** OCID -> the expression to write instead. */
  references: Map<string, string>;
}

const EXPRESSIONS = ['var.compartment_id', 'data.oci_generative_ai_models.base.model_collection[0].items[0].id', 'oci_generative_ai_dedicated_ai_cluster.training.id'];

export const randomModel: fc.Arbitrary<RandomModel> = fc
  .record(
    {
      id: ocid('generativeaimodel', 'us-chicago-1'),
      compartmentId: ocid('compartment', ''),
      baseModelId: ocid('generativeaimodel', 'us-chicago-1'),
      displayName: optional(hostileString),
      description: optional(hostileString),
      vendor: optional(hostileString),
      version: optional(hostileString),
      freeformTags: optional(fc.dictionary(tagKey, hostileString, { maxKeys: 4 }).filter(distinctInNfc)),
      definedTags: optional(
        fc
          .dictionary(hostileString.filter(noDot), fc.dictionary(hostileString.filter(noDot), hostileString, { maxKeys: 3 }).filter(distinctInNfc), { maxKeys: 3 })
          .filter(distinctInNfc),
      ),
      fineTuneDetails: fc.record(
        {
          dedicatedAiClusterId: ocid('generativeaidedicatedaicluster', 'us-chicago-1'),
          trainingDataset: fc.record({ datasetType: fc.constant('OBJECT_STORAGE'), namespaceName: hostileString, bucketName: hostileString, objectName: hostileString }),
          trainingConfig: optional(trainingConfig),
        },
        { requiredKeys: ['dedicatedAiClusterId', 'trainingDataset'] },
      ),
      // The service's own fields: never written.
      lifecycleState: fc.constantFrom('ACTIVE', 'FAILED'),
      lifecycleDetails: optional(hostileString),
      capabilities: fc.constant(['CHAT']),
      type: fc.constant('CUSTOM'),
      timeCreated: fc.constant('2026-05-01T10:00:00.000Z'),
      timeUpdated: optional(fc.constant('2026-05-02T10:00:00.000Z')),
      isLongTermSupported: optional(fc.boolean()),
      systemTags: optional(fc.constant({ 'orcl-cloud': { 'free-tier-retained': 'true' } })),
      modelMetrics: optional(fc.record({ modelMetricsType: fc.constant('CHAT_MODEL_METRICS'), finalAccuracy: fraction, finalLoss: fraction })),
    },
    { requiredKeys: ['id', 'compartmentId', 'baseModelId', 'fineTuneDetails', 'lifecycleState', 'capabilities', 'type', 'timeCreated'] },
  )
  .chain((model) => {
    const ocids = [model.compartmentId, model.baseModelId, model.fineTuneDetails.dedicatedAiClusterId];
    return fc.subarray([0, 1, 2]).map((chosen) => ({
      model: model as ApiModel,
      references: new Map(chosen.map((index) => [ocids[index]!, EXPRESSIONS[index]!])),
    }));
  });

type Json = Record<string, unknown>;

function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function entriesOf(value: unknown): [string, unknown][] {
  return present(value) ? Object.entries(value as Json) : [];
}

/** Defined tags, flat as Terraform holds them. */
function flatDefinedTags(model: Json): [string, string][] {
  return entriesOf(model['definedTags']).flatMap(([namespace, keys]) => entriesOf(keys).map(([key, value]): [string, string] => [`${namespace}.${key}`, value as string]));
}

/** The training fields the model's training type uses, by API name and Terraform name. */
export function trainingFieldsOf(type: TrainingType): [string, string][] {
  return [...Object.entries(TRAINING_FIELDS.common), ...Object.entries(TRAINING_FIELDS[type])];
}

/** What hcl2json should read from `modelToHcl`'s resource block: its JSON, with references as `${...}`. */
export function expectedResourceJson(model: ApiModel, references: ReadonlyMap<string, string>): Json {
  const text = (value: string): string => {
    const reference = references.get(value);
    return reference ? `\${${reference}}` : terraformJsonString(value);
  };
  const map = (entries: [string, unknown][]): Json | undefined =>
    entries.length ? Object.fromEntries(entries.map(([key, value]) => [terraformJsonString(key), terraformJsonString(value as string)])) : undefined;
  const resource: Json = {};
  const put = (name: string, value: unknown): void => {
    if (present(value)) resource[name] = value;
  };
  put('base_model_id', text(model['baseModelId'] as string));
  put('compartment_id', text(model['compartmentId'] as string));
  put('defined_tags', map(flatDefinedTags(model)));
  for (const [apiName, name] of [['description', 'description'], ['displayName', 'display_name'], ['vendor', 'vendor'], ['version', 'version']] as const) {
    if (present(model[apiName])) put(name, text(model[apiName] as string));
  }
  put('freeform_tags', map(entriesOf(model['freeformTags'])));
  const fineTune = model['fineTuneDetails'] as Json | undefined;
  if (fineTune) {
    const dataset = fineTune['trainingDataset'] as Json;
    const details: Json = {
      dedicated_ai_cluster_id: text(fineTune['dedicatedAiClusterId'] as string),
      training_dataset: [
        {
          bucket: text(dataset['bucketName'] as string),
          dataset_type: text(dataset['datasetType'] as string),
          namespace: text(dataset['namespaceName'] as string),
          object: text(dataset['objectName'] as string),
        },
      ],
    };
    const config = fineTune['trainingConfig'] as Json | null | undefined;
    if (config) {
      const type = config['trainingConfigType'] as TrainingType;
      const fields: Json = { training_config_type: type };
      for (const [apiName, name] of trainingFieldsOf(type)) if (present(config[apiName])) fields[name] = config[apiName];
      details['training_config'] = [fields];
    }
    resource['fine_tune_details'] = [details];
  }
  return resource;
}

/** The CreateModelDetails a model's Terraform block leads back to: the fields a create can set, in NFC. */
export function expectedCreateDetails(model: ApiModel): Json {
  const details: Json = {};
  for (const field of ['compartmentId', 'baseModelId', 'displayName', 'description', 'vendor', 'version']) {
    if (present(model[field])) details[field] = model[field];
  }
  const freeform = entriesOf(model['freeformTags']);
  if (freeform.length) details['freeformTags'] = Object.fromEntries(freeform);
  const namespaces = entriesOf(model['definedTags'])
    .map(([namespace, keys]): [string, Json] => [namespace, Object.fromEntries(entriesOf(keys))])
    .filter(([, keys]) => Object.keys(keys).length > 0);
  if (namespaces.length) details['definedTags'] = Object.fromEntries(namespaces);
  const fineTune = model['fineTuneDetails'] as Json;
  const fineTuneDetails: Json = { dedicatedAiClusterId: fineTune['dedicatedAiClusterId'], trainingDataset: { ...(fineTune['trainingDataset'] as Json) } };
  const config = fineTune['trainingConfig'] as Json | null | undefined;
  if (config) {
    const type = config['trainingConfigType'] as TrainingType;
    const fields: Json = { trainingConfigType: type };
    for (const [apiName] of trainingFieldsOf(type)) if (present(config[apiName])) fields[apiName] = config[apiName];
    fineTuneDetails['trainingConfig'] = fields;
  }
  details['fineTuneDetails'] = fineTuneDetails;
  return inNfc(details) as Json;
}

interface BodySchemaLike {
  blocks?: Record<string, BlockSchema>;
}

/**
 * A resource body of hcl2json's JSON as the lead's evaluator gives it: nested blocks (known from the schema) by
 * type, literals decoded from Terraform's JSON spelling, and whole-string references replaced by their values.
 */
export function blockValueFromJson(json: Json, schema: BodySchemaLike, referenceValues: ReadonlyMap<string, string>): BlockValue {
  const block: BlockValue = { arguments: {}, blocks: {} };
  for (const [name, value] of Object.entries(json)) {
    const nested = schema.blocks?.[name];
    if (nested) block.blocks[name] = blockValueFromJson((value as Json[])[0]!, nested, referenceValues);
    else block.arguments[name] = valueFromJson(value, referenceValues);
  }
  return block;
}

function valueFromJson(value: unknown, referenceValues: ReadonlyMap<string, string>): Value {
  if (typeof value === 'string') {
    const reference = /^\$\{([^}]*)\}$/.exec(value)?.[1];
    if (reference === undefined) return fromTerraformJsonString(value);
    const resolved = referenceValues.get(reference);
    if (resolved === undefined) throw new Error(`unexpected expression ${value}`);
    return resolved;
  }
  if (Array.isArray(value)) return value.map((item) => valueFromJson(item, referenceValues));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [fromTerraformJsonString(key), valueFromJson(item, referenceValues)]));
  }
  return value as Value;
}
