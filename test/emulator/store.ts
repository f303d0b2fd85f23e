import { createHash } from 'node:crypto';
import { isoTime, type Clock } from './clock';
import { ApiError, incorrectState, invalidParameter } from './errors';
import { ObjectStore, received, type StoredObject } from './objectStore';
import { OcidGenerator, parseOcid } from './ocid';
import type {
  DedicatedAiCluster,
  DefinedTags,
  FineTuneDetails,
  FreeformTags,
  Model,
  TrainingConfigType,
  WorkRequest,
  WorkRequestError,
  WorkRequestLogEntry,
} from './resources';
import { datasetContent, type Seed } from './seed';
import { createModelSteps, deleteModelSteps, MODEL_ENTITY_TYPE, WorkRequestRun, type Step } from './workRequests';

/** A CreateModelDetails that passed validation, with the training config the service settled on. */
export interface NewModel {
  compartmentId: string;
  baseModelId: string;
  fineTuneDetails: FineTuneDetails & { trainingConfig: NonNullable<FineTuneDetails['trainingConfig']> };
  displayName?: string;
  description?: string;
  vendor?: string;
  version?: string;
  freeformTags?: FreeformTags;
  definedTags?: DefinedTags;
}

export type ModelChanges = Partial<Pick<Model, 'displayName' | 'description' | 'vendor' | 'version' | 'freeformTags' | 'definedTags'>>;

/** Read access for tests; every call answers copies, with work requests caught up to now. */
export interface EmulatorState {
  models(): Model[];
  model(id: string): Model | undefined;
  clusters(): DedicatedAiCluster[];
  workRequests(): WorkRequest[];
  workRequest(id: string): WorkRequest | undefined;
  workRequestErrors(id: string): WorkRequestError[];
  workRequestLogs(id: string): WorkRequestLogEntry[];
  /** An Object Storage object, its bytes in one buffer; undefined whatever is missing. */
  object(namespace: string, bucket: string, name: string): (Omit<StoredObject, 'chunks'> & { content: Buffer }) | undefined;
  /** Multipart uploads neither committed nor aborted. */
  multipartUploads(): ReturnType<ObjectStore['uploads']>;
}

/** OCI keeps retry tokens for 24 hours. */
const RETRY_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

/**
 * The emulated tenancy: compartments, models, clusters, Object Storage and work requests. Work requests
 * advance lazily: every read first applies the steps that are due (`settle`).
 */
export class Store {
  readonly region: string;
  readonly tenancyId: string;
  readonly userId: string;
  readonly exampleCompartmentId: string;
  private readonly compartments = new Set<string>();
  private readonly models = new Map<string, Model>();
  private readonly clusters = new Map<string, DedicatedAiCluster>();
  readonly objectStorage: ObjectStore;
  private readonly trainingMethods = new Map<string, TrainingConfigType[]>();
  private readonly trainingDefaults: Seed['trainingConfigDefaults'];
  private readonly runs = new Map<string, WorkRequestRun>();
  private readonly retryTokens = new Map<string, { bodyDigest: string; modelId: string; workRequestId: string; expiresAt: number }>();
  private readonly ids: OcidGenerator;

  constructor(
    seed: Seed,
    private readonly clock: Clock,
    private readonly workRequestMs: number,
  ) {
    this.region = seed.region;
    this.tenancyId = seed.tenancy.id;
    this.userId = seed.user.id;
    this.exampleCompartmentId = seed.exampleCompartmentId;
    this.ids = new OcidGenerator(parseOcid(seed.tenancy.id)!.realm);
    this.compartments.add(seed.tenancy.id);
    for (const compartment of seed.compartments) this.compartments.add(compartment.id);
    for (const { trainingConfigTypes, lifecycleState, ...base } of seed.baseModels) {
      this.models.set(base.id, {
        ...base,
        compartmentId: seed.baseModelCompartmentId,
        type: 'BASE',
        lifecycleState: lifecycleState ?? 'ACTIVE',
        freeformTags: {},
        definedTags: {},
        systemTags: {},
      });
      if (trainingConfigTypes) this.trainingMethods.set(base.id, trainingConfigTypes);
    }
    for (const model of seed.customModels) {
      this.models.set(model.id, { freeformTags: {}, definedTags: {}, systemTags: {}, ...model, type: 'CUSTOM' });
    }
    for (const cluster of seed.dedicatedAiClusters) this.clusters.set(cluster.id, { freeformTags: {}, definedTags: {}, systemTags: {}, ...cluster });
    this.objectStorage = new ObjectStore(seed.tenancy.namespace, clock);
    for (const { namespace, bucket, objects } of seed.objectStorage) {
      this.objectStorage.addBucket(namespace, bucket);
      for (const object of objects) {
        const content = received([Buffer.from(datasetContent(seed, object.dataset), 'utf8')]);
        this.objectStorage.put(namespace, bucket, object.name, content, 'application/x-ndjson');
      }
    }
    this.trainingDefaults = seed.trainingConfigDefaults;
  }

  hasCompartment(id: string): boolean {
    return this.compartments.has(id);
  }

  model(id: string): Model | undefined {
    this.settle();
    return this.models.get(id);
  }

  /** What ListModels sees in a compartment: every base model (they belong to no tenant compartment) and its custom models. */
  modelsVisibleIn(compartmentId: string): Model[] {
    this.settle();
    return [...this.models.values()].filter((model) => model.type === 'BASE' || model.compartmentId === compartmentId);
  }

  cluster(id: string): DedicatedAiCluster | undefined {
    return this.clusters.get(id);
  }

  clustersIn(compartmentId: string): DedicatedAiCluster[] {
    return [...this.clusters.values()].filter((cluster) => cluster.compartmentId === compartmentId);
  }

  workRequest(id: string): WorkRequestRun | undefined {
    this.settle();
    return this.runs.get(id);
  }

  workRequestsIn(compartmentId: string): WorkRequestRun[] {
    this.settle();
    return [...this.runs.values()].filter((run) => run.workRequest.compartmentId === compartmentId);
  }

  trainingMethodsOf(baseModelId: string): readonly TrainingConfigType[] {
    return this.trainingMethods.get(baseModelId) ?? [];
  }

  trainingDefaultsFor(type: TrainingConfigType): Readonly<Record<string, number>> {
    return this.trainingDefaults[type];
  }

  /**
   * The model and work request an earlier CreateModel with this retry token made, if any. The same token with
   * another body is a 409 Conflict; a token whose model has since been deleted is invalidated, as OCI documents.
   */
  retriedCreate(token: string, bodyDigest: string): { model: Model; workRequestId: string } | undefined {
    this.settle();
    const now = this.clock.now();
    for (const [key, entry] of this.retryTokens) if (entry.expiresAt <= now) this.retryTokens.delete(key);
    const entry = this.retryTokens.get(token);
    if (!entry) return undefined;
    if (entry.bodyDigest !== bodyDigest) {
      throw new ApiError(409, 'Conflict', 'The opc-retry-token was already used with a different request body. Use a new retry token for a different request.');
    }
    const model = this.models.get(entry.modelId)!;
    if (model.lifecycleState === 'DELETING' || model.lifecycleState === 'DELETED') {
      throw new ApiError(409, 'InvalidatedRetryToken', 'The opc-retry-token was used by a request whose model has since been deleted. Use a new retry token.');
    }
    return { model, workRequestId: entry.workRequestId };
  }

  createModel(details: NewModel, retry?: { token: string; bodyDigest: string }): { model: Model; workRequestId: string } {
    const base = this.models.get(details.baseModelId)!;
    const cluster = this.clusters.get(details.fineTuneDetails.dedicatedAiClusterId)!;
    const nowMs = this.clock.now();
    const now = isoTime(nowMs);
    const model: Model = {
      id: this.ids.next('generativeaimodel', this.region),
      displayName: details.displayName ?? `model${now.replace(/\D/g, '').slice(0, 14)}`,
      ...(details.description !== undefined && { description: details.description }),
      compartmentId: details.compartmentId,
      capabilities: base.capabilities.filter((capability) => capability !== 'FINE_TUNE'),
      lifecycleState: 'CREATING',
      lifecycleDetails: 'Fine-tuning is queued.',
      vendor: details.vendor ?? base.vendor,
      version: details.version ?? '1.0',
      timeCreated: now,
      timeUpdated: now,
      baseModelId: base.id,
      type: 'CUSTOM',
      fineTuneDetails: details.fineTuneDetails,
      freeformTags: details.freeformTags ?? {},
      definedTags: details.definedTags ?? {},
      systemTags: {},
    };
    this.models.set(model.id, model);
    const dataset = details.fineTuneDetails.trainingDataset;
    const datasetFound = this.objectStorage.has(dataset.namespaceName, dataset.bucketName, dataset.objectName);
    const steps = createModelSteps(model, { baseModelName: base.displayName ?? base.id, clusterName: cluster.displayName ?? cluster.id, datasetFound });
    const run = this.startWorkRequest('CREATE_MODEL', model, steps);
    if (retry) this.retryTokens.set(retry.token, { bodyDigest: retry.bodyDigest, modelId: model.id, workRequestId: run.workRequest.id, expiresAt: nowMs + RETRY_TOKEN_LIFETIME_MS });
    return { model, workRequestId: run.workRequest.id };
  }

  /** UpdateModel is synchronous: the change is in place when the call answers. */
  updateModel(model: Model, changes: ModelChanges): Model {
    this.checkCustomAndSettled(model, 'updated');
    Object.assign(model, changes, { timeUpdated: isoTime(this.clock.now()) });
    return model;
  }

  deleteModel(model: Model): WorkRequestRun {
    this.checkCustomAndSettled(model, 'deleted');
    model.lifecycleState = 'DELETING';
    model.lifecycleDetails = 'Deletion in progress.';
    model.timeUpdated = isoTime(this.clock.now());
    return this.startWorkRequest('DELETE_MODEL', model, deleteModelSteps(model));
  }

  /** Applies every work request step that is due. */
  settle(): void {
    const now = this.clock.elapsed();
    for (const run of this.runs.values()) {
      if (run.finished) continue;
      const model = this.models.get(run.workRequest.resources[0]!.identifier)!;
      run.advance(now, (change, time) => Object.assign(model, change, { timeUpdated: time }));
    }
  }

  view(): EmulatorState {
    const copy = <T>(value: T): T => structuredClone(value);
    return {
      models: () => {
        this.settle();
        return [...this.models.values()].map(copy);
      },
      model: (id) => copy(this.model(id)),
      clusters: () => [...this.clusters.values()].map(copy),
      workRequests: () => {
        this.settle();
        return [...this.runs.values()].map((run) => copy(run.workRequest));
      },
      workRequest: (id) => copy(this.workRequest(id)?.workRequest),
      workRequestErrors: (id) => copy(this.workRequest(id)?.errors ?? []),
      workRequestLogs: (id) => copy(this.workRequest(id)?.logs ?? []),
      object: (namespace, bucket, name) => {
        const found = this.objectStorage.find(namespace, bucket, name);
        if (!found) return undefined;
        const { chunks, ...facts } = found;
        return { ...facts, content: Buffer.concat(chunks) };
      },
      multipartUploads: () => this.objectStorage.uploads(),
    };
  }

  private checkCustomAndSettled(model: Model, verb: string): void {
    if (model.type === 'BASE') throw invalidParameter(`Model ${model.id} is a base model; only custom models can be ${verb}.`);
    if (model.lifecycleState !== 'ACTIVE' && model.lifecycleState !== 'FAILED') {
      throw incorrectState(`Model ${model.id} is ${model.lifecycleState}; it can be ${verb} only when ACTIVE or FAILED.`);
    }
  }

  private startWorkRequest(operationType: WorkRequest['operationType'], model: Model, steps: Step[]): WorkRequestRun {
    const workRequest: WorkRequest = {
      operationType,
      status: 'ACCEPTED',
      id: this.ids.next('generativeaiworkrequest', this.region),
      compartmentId: model.compartmentId,
      resources: [{ entityType: MODEL_ENTITY_TYPE, actionType: 'IN_PROGRESS', identifier: model.id, entityUri: `/20231130/models/${model.id}` }],
      percentComplete: 0,
      timeAccepted: isoTime(this.clock.now()),
    };
    const run = new WorkRequestRun(workRequest, steps, this.clock.elapsed(), this.workRequestMs);
    this.runs.set(workRequest.id, run);
    this.settle();
    return run;
  }
}

/** An entity tag that changes whenever the resource does. */
export function etagOf(resource: object): string {
  return createHash('sha256').update(JSON.stringify(resource)).digest('hex').slice(0, 32);
}
