import { invalidParameter, missingParameter, notAuthorizedOrNotFound, relatedResourceNotFound } from './errors';
import { isOcidOf, parseOcid } from './ocid';
import { TRAINING_CONFIG_TYPES, type DedicatedAiCluster, type Model, type TrainingConfig, type TrainingConfigType } from './resources';
import type { ModelChanges, NewModel } from './store';

/** What checking a request needs to know about the tenancy. */
export interface ValidationContext {
  region: string;
  hasCompartment(id: string): boolean;
  model(id: string): Model | undefined;
  cluster(id: string): DedicatedAiCluster | undefined;
  trainingMethodsOf(baseModelId: string): readonly TrainingConfigType[];
  trainingDefaultsFor(type: TrainingConfigType): Readonly<Record<string, number>>;
}

type Hyperparameter = { integer: boolean; min: number; minExclusive?: boolean; maxExclusive?: number };

/** The hyperparameters every training method accepts. */
const COMMON_HYPERPARAMETERS: Record<string, Hyperparameter> = {
  totalTrainingEpochs: { integer: true, min: 1 },
  learningRate: { integer: false, min: 0, minExclusive: true },
  trainingBatchSize: { integer: true, min: 1 },
  earlyStoppingPatience: { integer: true, min: 0 },
  earlyStoppingThreshold: { integer: false, min: 0 },
  logModelMetricsIntervalInSteps: { integer: true, min: 0 },
};

/** The ones only one method accepts; sending them under another method is an error, not silently ignored. */
const METHOD_HYPERPARAMETERS: Record<TrainingConfigType, Record<string, Hyperparameter>> = {
  TFEW_TRAINING_CONFIG: {},
  LORA_TRAINING_CONFIG: {
    loraR: { integer: true, min: 1 },
    loraAlpha: { integer: true, min: 1 },
    loraDropout: { integer: false, min: 0, maxExclusive: 1 },
  },
  VANILLA_TRAINING_CONFIG: { numOfLastLayers: { integer: true, min: 1 } },
};

const TAG_FIELDS = ['freeformTags', 'definedTags'] as const;
const DESCRIPTIVE_FIELDS = ['displayName', 'description', 'vendor', 'version'] as const;

/**
 * CreateModelDetails checked as the service would: shape and types first, then what the ids refer to. Returns
 * the model to create, with the training config completed from the service's defaults.
 */
export function validateCreateModel(body: unknown, context: ValidationContext): NewModel {
  const details = object(body, 'createModelDetails');
  onlyKnown(details, ['compartmentId', 'baseModelId', 'fineTuneDetails', ...DESCRIPTIVE_FIELDS, ...TAG_FIELDS], 'createModelDetails');

  const compartmentId = requiredString(details, 'compartmentId', 'compartmentId');
  if (!isOcidOf(compartmentId, ['compartment', 'tenancy'])) throw invalidParameter(`compartmentId "${compartmentId}" is not a compartment OCID.`);
  if (!context.hasCompartment(compartmentId)) throw notAuthorizedOrNotFound(`compartment ${compartmentId}`);
  const descriptive = descriptiveFields(details);
  const tags = tagFields(details);

  const baseModelId = requiredString(details, 'baseModelId', 'baseModelId');
  const base = context.model(baseModelId);
  if (!isOcidOf(baseModelId, ['generativeaimodel'])) throw invalidParameter(`baseModelId "${baseModelId}" is not a model OCID.`);
  if (!base || base.lifecycleState === 'DELETED') throw relatedResourceNotFound('baseModelId', baseModelId);
  const baseName = base.displayName ?? base.id;
  if (base.type !== 'BASE') throw invalidParameter(`baseModelId: ${baseName} is a custom model; fine-tuning starts from a base model.`);
  if (!base.capabilities.includes('FINE_TUNE')) {
    throw invalidParameter(`baseModelId: ${baseName} cannot be fine-tuned (its capabilities are ${base.capabilities.join(', ')}; FINE_TUNE is needed).`);
  }
  if (base.lifecycleState !== 'ACTIVE') throw invalidParameter(`baseModelId: ${baseName} is ${base.lifecycleState}, not ACTIVE.`);

  const fineTune = object(required(details, 'fineTuneDetails', 'fineTuneDetails'), 'fineTuneDetails');
  onlyKnown(fineTune, ['trainingDataset', 'dedicatedAiClusterId', 'trainingConfig'], 'fineTuneDetails');
  const dataset = object(required(fineTune, 'trainingDataset', 'fineTuneDetails.trainingDataset'), 'fineTuneDetails.trainingDataset');
  onlyKnown(dataset, ['datasetType', 'namespaceName', 'bucketName', 'objectName'], 'fineTuneDetails.trainingDataset');
  const datasetType = requiredString(dataset, 'datasetType', 'fineTuneDetails.trainingDataset.datasetType');
  if (datasetType.toUpperCase() !== 'OBJECT_STORAGE') {
    throw invalidParameter(`fineTuneDetails.trainingDataset.datasetType "${datasetType}" is not supported; the only dataset type is OBJECT_STORAGE.`);
  }
  const trainingDataset = {
    datasetType: 'OBJECT_STORAGE' as const,
    namespaceName: requiredString(dataset, 'namespaceName', 'fineTuneDetails.trainingDataset.namespaceName'),
    bucketName: requiredString(dataset, 'bucketName', 'fineTuneDetails.trainingDataset.bucketName'),
    objectName: requiredString(dataset, 'objectName', 'fineTuneDetails.trainingDataset.objectName'),
  };

  const clusterId = requiredString(fineTune, 'dedicatedAiClusterId', 'fineTuneDetails.dedicatedAiClusterId');
  checkFineTuningCluster(clusterId, context);

  const trainingConfig = completeTrainingConfig(fineTune['trainingConfig'], base, context);
  return {
    compartmentId,
    baseModelId,
    fineTuneDetails: { trainingDataset, dedicatedAiClusterId: clusterId, trainingConfig },
    ...descriptive,
    ...tags,
  };
}

/** UpdateModelDetails: every field optional; tags replace the old ones whole, as in OCI. */
export function validateUpdateModel(body: unknown): ModelChanges {
  const details = object(body, 'updateModelDetails');
  onlyKnown(details, [...DESCRIPTIVE_FIELDS, ...TAG_FIELDS], 'updateModelDetails');
  return { ...descriptiveFields(details), ...tagFields(details) };
}

function checkFineTuningCluster(clusterId: string, context: ValidationContext): void {
  const field = 'fineTuneDetails.dedicatedAiClusterId';
  if (!isOcidOf(clusterId, ['generativeaidedicatedaicluster'])) throw invalidParameter(`${field} "${clusterId}" is not a dedicated AI cluster OCID.`);
  const region = parseOcid(clusterId)!.region;
  if (region !== context.region) throw invalidParameter(`${field}: the cluster is in region ${region}; a model is fine-tuned on a cluster in its own region, ${context.region}.`);
  const cluster = context.cluster(clusterId);
  if (!cluster || cluster.lifecycleState === 'DELETED') throw relatedResourceNotFound(field, clusterId);
  const name = cluster.displayName ?? cluster.id;
  if (cluster.type !== 'FINE_TUNING') throw invalidParameter(`${field}: ${name} is a ${cluster.type} cluster; fine-tuning needs a FINE_TUNING cluster.`);
  if (cluster.lifecycleState !== 'ACTIVE') throw invalidParameter(`${field}: ${name} is ${cluster.lifecycleState}; fine-tuning needs an ACTIVE cluster.`);
}

/** The training config as given, checked field by field, with the method's defaults for what it leaves out. */
function completeTrainingConfig(value: unknown, base: Model, context: ValidationContext): TrainingConfig {
  const path = 'fineTuneDetails.trainingConfig';
  const methods = context.trainingMethodsOf(base.id);
  if (value === undefined || value === null) {
    const method = methods[0]!;
    return { trainingConfigType: method, ...context.trainingDefaultsFor(method) };
  }
  const config = object(value, path);
  const given = requiredString(config, 'trainingConfigType', `${path}.trainingConfigType`);
  const method = TRAINING_CONFIG_TYPES.find((type) => type === given.toUpperCase());
  if (!method) throw invalidParameter(`${path}.trainingConfigType "${given}" is not one of ${TRAINING_CONFIG_TYPES.join(', ')}.`);
  const accepted = { ...COMMON_HYPERPARAMETERS, ...METHOD_HYPERPARAMETERS[method] };
  const result: TrainingConfig = { trainingConfigType: method, ...context.trainingDefaultsFor(method) };
  for (const [key, raw] of Object.entries(config)) {
    if (key === 'trainingConfigType') continue;
    const rule = accepted[key];
    if (!rule) {
      const owner = TRAINING_CONFIG_TYPES.find((type) => key in METHOD_HYPERPARAMETERS[type]);
      throw invalidParameter(
        owner
          ? `${path}.${key} is not a field of ${method}; it belongs to ${owner}.`
          : `${path}.${key} is not a field of ${method}. Its fields are: ${Object.keys(accepted).join(', ')}.`,
      );
    }
    result[key] = hyperparameter(raw, rule, `${path}.${key}`);
  }
  if (!methods.includes(method)) {
    throw invalidParameter(`${path}.trainingConfigType: ${base.displayName ?? base.id} cannot be fine-tuned with ${method}; it supports ${methods.join(', ')}.`);
  }
  return result;
}

function hyperparameter(value: unknown, rule: Hyperparameter, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidParameter(`${path} must be a number.`);
  if (rule.integer && !Number.isInteger(value)) throw invalidParameter(`${path} must be an integer.`);
  const tooLow = rule.minExclusive ? value <= rule.min : value < rule.min;
  const tooHigh = rule.maxExclusive !== undefined && value >= rule.maxExclusive;
  if (tooLow || tooHigh) {
    const low = `${rule.minExclusive ? 'greater than' : 'at least'} ${rule.min}`;
    throw invalidParameter(`${path} must be ${low}${rule.maxExclusive !== undefined ? ` and less than ${rule.maxExclusive}` : ''}; it is ${value}.`);
  }
  return value;
}

function descriptiveFields(details: Record<string, unknown>): Pick<ModelChanges, (typeof DESCRIPTIVE_FIELDS)[number]> {
  const result: Record<string, string> = {};
  for (const key of DESCRIPTIVE_FIELDS) {
    const value = details[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') throw invalidParameter(`${key} must be a string.`);
    if (key === 'displayName' && (value.length < 1 || value.length > 255)) throw invalidParameter(`displayName must be 1 to 255 characters long.`);
    result[key] = value;
  }
  return result;
}

function tagFields(details: Record<string, unknown>): Pick<ModelChanges, 'freeformTags' | 'definedTags'> {
  const result: Pick<ModelChanges, 'freeformTags' | 'definedTags'> = {};
  const freeform = details['freeformTags'];
  if (freeform !== undefined && freeform !== null) {
    const tags = object(freeform, `freeformTags`);
    for (const [key, value] of Object.entries(tags)) {
      if (typeof value !== 'string') throw invalidParameter(`freeformTags.${key} must be a string.`);
    }
    result.freeformTags = tags as Record<string, string>;
  }
  const defined = details['definedTags'];
  if (defined !== undefined && defined !== null) {
    const namespaces = object(defined, `definedTags`);
    for (const [namespace, tags] of Object.entries(namespaces)) object(tags, `definedTags.${namespace}`);
    result.definedTags = namespaces as Record<string, Record<string, unknown>>;
  }
  return result;
}

function object(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidParameter(`${path} must be a JSON object.`);
  return value as Record<string, unknown>;
}

function onlyKnown(value: Record<string, unknown>, known: readonly string[], path: string): void {
  const unknown = Object.keys(value).find((key) => !known.includes(key));
  if (unknown !== undefined) throw invalidParameter(`${path}.${unknown} is not a field of ${path}. Its fields are: ${known.join(', ')}.`);
}

function required(parent: Record<string, unknown>, key: string, path: string): unknown {
  const value = parent[key];
  if (value === undefined || value === null) throw missingParameter(path);
  return value;
}

function requiredString(parent: Record<string, unknown>, key: string, path: string): string {
  const value = required(parent, key, path);
  if (typeof value !== 'string') throw invalidParameter(`${path} must be a string.`);
  if (value === '') throw missingParameter(path);
  return value;
}
