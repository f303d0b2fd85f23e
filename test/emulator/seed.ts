import * as fs from 'node:fs';
import { isOcidOf } from './ocid';
import {
  CLUSTER_LIFECYCLE_STATES,
  MODEL_CAPABILITIES,
  MODEL_LIFECYCLE_STATES,
  TRAINING_CONFIG_TYPES,
  type DedicatedAiCluster,
  type Model,
  type TrainingConfigType,
} from './resources';
import defaultSeedJson from './seed.json';

/** A pretrained model as the seed describes it; the emulator adds `type: BASE` and the owning compartment. */
export interface SeedBaseModel {
  id: string;
  displayName: string;
  vendor: string;
  version: string;
  capabilities: string[];
  timeCreated: string;
  lifecycleState?: Model['lifecycleState'];
  isLongTermSupported?: boolean;
  timeDeprecated?: string;
  timeOnDemandRetired?: string;
  timeDedicatedRetired?: string;
  /** The fine-tuning methods the service offers for this model; required when it has FINE_TUNE. */
  trainingConfigTypes?: TrainingConfigType[];
}

/** A line of a JSONL dataset: an object, written as JSON, or a string, written as it is (to seed broken lines). */
export type DatasetLine = Record<string, unknown> | string;

/** The world the emulator starts from. `test/emulator/seed.json` is the default. */
export interface Seed {
  region: string;
  /** `namespace`: the tenancy's Object Storage namespace, what GetNamespace answers. */
  tenancy: { id: string; name: string; namespace: string };
  /** The user the emulator's command writes into its OCI config. */
  user: { id: string; name: string };
  /** The compartment demos and tests work in; one of `compartments`. */
  exampleCompartmentId: string;
  /** Base models belong to Oracle, not to the customer's tenancy; this is the compartment they report. */
  baseModelCompartmentId: string;
  compartments: { id: string; name: string; description?: string }[];
  /** Training datasets by name: the contents of the objects below. */
  datasets: Record<string, DatasetLine[]>;
  /** The buckets that exist, and their objects: each holds one of the datasets. */
  objectStorage: { namespace: string; bucket: string; objects: { name: string; dataset: string }[] }[];
  /** What the service fills in for hyperparameters a create request leaves out, per training method. */
  trainingConfigDefaults: Record<TrainingConfigType, Record<string, number>>;
  baseModels: SeedBaseModel[];
  customModels: Model[];
  dedicatedAiClusters: DedicatedAiCluster[];
}

/** A dataset's JSONL text: one line each, each ending with a line break. */
export function datasetContent(seed: Seed, name: string): string {
  return seed.datasets[name]!.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n').concat('\n');
}

export class SeedError extends Error {
  override readonly name = 'SeedError';
}

/** The default seed, a seed file, or a seed object; always a private copy, checked, so a bad seed fails at start. */
export function loadSeed(source?: string | Seed): Seed {
  let raw: unknown;
  if (source === undefined) raw = defaultSeedJson;
  else if (typeof source === 'string') {
    try {
      raw = JSON.parse(fs.readFileSync(source, 'utf8'));
    } catch (error) {
      throw new SeedError(`Cannot read the seed ${source}: ${(error as Error).message}`);
    }
  } else raw = source;
  const seed = structuredClone(raw);
  checkSeed(seed);
  return seed;
}

function checkSeed(seed: unknown): asserts seed is Seed {
  const at = new Checker('seed');
  const root = at.object(seed);
  const region = at.field(root, 'region', 'string');
  at.ocid(at.field(root.tenancy, 'id', 'string', 'tenancy'), 'tenancy.id', ['tenancy']);
  at.field(root.tenancy, 'name', 'string', 'tenancy');
  at.field(root.tenancy, 'namespace', 'string', 'tenancy');
  at.ocid(at.field(root.user, 'id', 'string', 'user'), 'user.id', ['user']);
  at.ocid(at.field(root, 'baseModelCompartmentId', 'string'), 'baseModelCompartmentId', ['tenancy', 'compartment']);
  const compartmentIds = new Set<string>([root.tenancy.id]);
  at.array(root, 'compartments').forEach((compartment, i) => {
    const id = at.field(compartment, 'id', 'string', `compartments[${i}]`);
    at.ocid(id, `compartments[${i}].id`, ['compartment']);
    at.field(compartment, 'name', 'string', `compartments[${i}]`);
    compartmentIds.add(id);
  });
  if (!compartmentIds.has(at.field(root, 'exampleCompartmentId', 'string'))) at.fail('exampleCompartmentId', 'is not one of the compartments');
  const datasets = at.object(root.datasets, 'datasets');
  for (const [name, lines] of Object.entries(datasets)) {
    if (!Array.isArray(lines) || lines.some((line) => typeof line !== 'string' && (typeof line !== 'object' || line === null || Array.isArray(line)))) {
      at.fail(`datasets.${name}`, 'is not an array of lines (objects, or strings written as they are)');
    }
  }
  at.array(root, 'objectStorage').forEach((bucket, i) => {
    at.field(bucket, 'namespace', 'string', `objectStorage[${i}]`);
    at.field(bucket, 'bucket', 'string', `objectStorage[${i}]`);
    at.array(bucket, 'objects').forEach((object, j) => {
      const where = `objectStorage[${i}].objects[${j}]`;
      at.field(object, 'name', 'string', where);
      if (!Object.hasOwn(datasets, at.field(object, 'dataset', 'string', where))) at.fail(`${where}.dataset`, 'is not one of the datasets');
    });
  });
  const defaults = at.object(root.trainingConfigDefaults, 'trainingConfigDefaults');
  for (const type of TRAINING_CONFIG_TYPES) {
    const values = at.object(defaults[type], `trainingConfigDefaults.${type}`);
    for (const [key, value] of Object.entries(values)) {
      if (typeof value !== 'number') at.fail(`trainingConfigDefaults.${type}.${key}`, 'is not a number');
    }
  }
  const ids = new Set<string>();
  const unique = (id: string, where: string): void => {
    if (ids.has(id)) at.fail(where, `repeats the id ${id}`);
    ids.add(id);
  };
  const baseIds = new Set<string>();
  at.array(root, 'baseModels').forEach((model, i) => {
    const where = `baseModels[${i}]`;
    const id = at.field(model, 'id', 'string', where);
    at.ocid(id, `${where}.id`, ['generativeaimodel'], region);
    unique(id, where);
    baseIds.add(id);
    for (const key of ['displayName', 'vendor', 'version']) at.field(model, key, 'string', where);
    at.time(model.timeCreated, `${where}.timeCreated`);
    const capabilities = at.strings(model.capabilities, `${where}.capabilities`, MODEL_CAPABILITIES);
    if (model.lifecycleState !== undefined) at.oneOf(model.lifecycleState, `${where}.lifecycleState`, MODEL_LIFECYCLE_STATES);
    const methods = model.trainingConfigTypes === undefined ? [] : at.strings(model.trainingConfigTypes, `${where}.trainingConfigTypes`, TRAINING_CONFIG_TYPES);
    if (capabilities.includes('FINE_TUNE') !== methods.length > 0) {
      at.fail(where, 'must list trainingConfigTypes exactly when it has the FINE_TUNE capability');
    }
  });
  at.array(root, 'customModels').forEach((model, i) => {
    const where = `customModels[${i}]`;
    const id = at.field(model, 'id', 'string', where);
    at.ocid(id, `${where}.id`, ['generativeaimodel'], region);
    unique(id, where);
    if (!compartmentIds.has(at.field(model, 'compartmentId', 'string', where))) at.fail(`${where}.compartmentId`, 'is not one of the compartments');
    if (!baseIds.has(at.field(model, 'baseModelId', 'string', where))) at.fail(`${where}.baseModelId`, 'is not one of the base models');
    at.strings(model.capabilities, `${where}.capabilities`, MODEL_CAPABILITIES);
    at.oneOf(model.lifecycleState, `${where}.lifecycleState`, MODEL_LIFECYCLE_STATES);
    at.time(model.timeCreated, `${where}.timeCreated`);
    if (model.type !== undefined && model.type !== 'CUSTOM') at.fail(`${where}.type`, 'must be CUSTOM (or left out)');
    at.object(model.fineTuneDetails, `${where}.fineTuneDetails`);
  });
  at.array(root, 'dedicatedAiClusters').forEach((cluster, i) => {
    const where = `dedicatedAiClusters[${i}]`;
    const id = at.field(cluster, 'id', 'string', where);
    at.ocid(id, `${where}.id`, ['generativeaidedicatedaicluster']);
    unique(id, where);
    if (!compartmentIds.has(at.field(cluster, 'compartmentId', 'string', where))) at.fail(`${where}.compartmentId`, 'is not one of the compartments');
    at.oneOf(cluster.type, `${where}.type`, ['HOSTING', 'FINE_TUNING']);
    at.oneOf(cluster.lifecycleState, `${where}.lifecycleState`, CLUSTER_LIFECYCLE_STATES);
    at.field(cluster, 'unitShape', 'string', where);
    if (!Number.isInteger(cluster.unitCount) || cluster.unitCount < 1) at.fail(`${where}.unitCount`, 'is not a positive integer');
    at.time(cluster.timeCreated, `${where}.timeCreated`);
  });
}

/** The checker walks JSON of unknown shape. */
type Json = any;

/** Structural checks that name the offending path, for seeds written by hand. */
class Checker {
  constructor(private readonly rootName: string) {}

  fail(path: string, problem: string): never {
    throw new SeedError(`${this.rootName}.${path} ${problem}.`);
  }

  object(value: unknown, path = ''): Json {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      if (!path) throw new SeedError(`The ${this.rootName} is not a JSON object.`);
      this.fail(path, 'is not an object');
    }
    return value;
  }

  field(parent: Json, key: string, type: 'string', where?: string): string {
    const path = where ? `${where}.${key}` : key;
    const value = typeof parent === 'object' && parent !== null ? parent[key] : undefined;
    if (typeof value !== type || value === '') this.fail(path, `is missing or not a non-empty ${type}`);
    return value;
  }

  array(parent: Json, key: string): Json[] {
    const value = parent[key];
    if (!Array.isArray(value)) this.fail(key, 'is not an array');
    return value;
  }

  strings(value: unknown, path: string, allowed?: readonly string[]): string[] {
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) this.fail(path, 'is not an array of strings');
    for (const item of value) if (allowed && !allowed.includes(item)) this.fail(path, `has ${item}, which is not one of ${allowed.join(', ')}`);
    return value;
  }

  oneOf(value: unknown, path: string, allowed: readonly string[]): void {
    if (typeof value !== 'string' || !allowed.includes(value)) this.fail(path, `must be one of ${allowed.join(', ')}`);
  }

  ocid(value: string, path: string, resourceTypes: readonly string[], region?: string): void {
    if (!isOcidOf(value, resourceTypes)) this.fail(path, `is not an OCID of kind ${resourceTypes.join(' or ')}`);
    if (region !== undefined && value.split('.')[3] !== region) this.fail(path, `is not in the seed's region ${region}`);
  }

  time(value: unknown, path: string): void {
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) this.fail(path, 'is not an ISO-8601 time');
  }
}
