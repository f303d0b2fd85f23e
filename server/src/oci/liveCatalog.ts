import { models } from 'oci-generativeai';
import type { LiveCatalog, LiveCluster, LiveModel, LiveModelDetails, Lookup } from '../cloud/liveData';
import type { ApiModel } from '../convert/modelToHcl';
import { within, type CallBounds, type OciConnection } from './connection';
import { OciFailure } from './failures';
import { getDedicatedAiCluster, getModel, listDedicatedAiClusters, listModels, modelCreationWorkRequest } from './generativeAi';
import { RefreshingCache, type CacheAnswer } from './refreshingCache';

/** Models and clusters change rarely; a few minutes old is fresh enough for completion and hints. */
const FRESH_FOR_MS = 5 * 60 * 1000;
const RETRY_AFTER_FAILURE_MS = 30 * 1000;
/** Background calls: nobody waits on them, but a dead network must not keep them open for long. */
const CALL_BOUND_MS = 8000;

function canBeFineTuned(model: models.ModelSummary): boolean {
  return (model.capabilities as readonly string[]).includes(models.ModelCapability.FineTune);
}

function liveModel(model: models.ModelSummary | models.Model): LiveModel {
  return {
    id: model.id,
    displayName: model.displayName,
    vendor: model.vendor,
    version: model.version,
    type: model.type,
    lifecycleState: model.lifecycleState,
    capabilities: model.capabilities ?? [],
  };
}

function liveCluster(cluster: models.DedicatedAiClusterSummary | models.DedicatedAiCluster): LiveCluster {
  return {
    id: cluster.id,
    displayName: cluster.displayName,
    type: cluster.type,
    lifecycleState: cluster.lifecycleState,
    unitShape: cluster.unitShape,
    unitCount: cluster.unitCount,
  };
}

function lookup<T>(answer: CacheAnswer<T>): Lookup<T> {
  if (answer.value !== undefined) return { state: 'known', value: answer.value };
  if (answer.pending) return { state: 'pending' };
  const failure = answer.error;
  const message = failure instanceof Error ? failure.message : String(failure);
  return failure instanceof OciFailure && failure.kind === 'not-found' ? { state: 'absent', message } : { state: 'unavailable', message };
}

/** The tenancy as the editor sees it: cached per compartment and per OCID, fetched through one connection. */
export class OciLiveCatalog implements LiveCatalog {
  private readonly baseModels: RefreshingCache<string, LiveModel[]>;
  private readonly clusters: RefreshingCache<string, LiveCluster[]>;
  private readonly models: RefreshingCache<string, LiveModel>;
  private readonly clusterById: RefreshingCache<string, LiveCluster>;
  private readonly details: RefreshingCache<string, LiveModelDetails>;

  /** `failed` hears of every failed fetch, once per attempt: answers only say that nothing is known. */
  constructor(connection: OciConnection, changed: () => void, failed: (message: string) => void) {
    /** A cache whose fetches are bounded, and whose failures are reported once per attempt. */
    const cache = <V>(load: (key: string, bounds: CallBounds) => Promise<V>) =>
      new RefreshingCache<string, V>(
        async (key, signal) => {
          try {
            return await load(key, within(CALL_BOUND_MS, signal));
          } catch (error) {
            if (!signal.aborted) failed(error instanceof Error ? error.message : String(error));
            throw error;
          }
        },
        changed,
        FRESH_FOR_MS,
        RETRY_AFTER_FAILURE_MS,
      );
    this.baseModels = cache(async (compartmentId, bounds) => {
      const listed = await listModels(connection, { compartmentId, capability: [models.ModelCapability.FineTune] }, bounds);
      return listed.filter((model) => model.type === 'BASE' && model.lifecycleState === 'ACTIVE' && canBeFineTuned(model)).map(liveModel);
    });
    this.clusters = cache(async (compartmentId, bounds) => {
      const listed = await listDedicatedAiClusters(connection, { compartmentId, lifecycleState: 'ACTIVE' }, bounds);
      return listed.filter((cluster) => cluster.type === 'FINE_TUNING').map(liveCluster);
    });
    this.models = cache(async (ocid, bounds) => liveModel(await getModel(connection, ocid, bounds)));
    this.clusterById = cache(async (ocid, bounds) => liveCluster(await getDedicatedAiCluster(connection, ocid, bounds)));
    this.details = cache(async (ocid, bounds) => {
      const model = await getModel(connection, ocid, bounds);
      if (model.lifecycleState !== models.Model.LifecycleState.Creating) return { model: model as unknown as ApiModel };
      // The percentage is a nicety: without it (no permission to read work requests) the state is still known.
      const creation = await modelCreationWorkRequest(connection, model.compartmentId, ocid, bounds).catch(() => undefined);
      return {
        model: model as unknown as ApiModel,
        ...(creation && { creation: { workRequestId: creation.id, status: creation.status, percentComplete: creation.percentComplete } }),
      };
    });
  }

  fineTunableBaseModels(compartmentId: string): readonly LiveModel[] | undefined {
    return this.baseModels.get(compartmentId).value;
  }

  fineTuningClusters(compartmentId: string): readonly LiveCluster[] | undefined {
    return this.clusters.get(compartmentId).value;
  }

  model(ocid: string): Lookup<LiveModel> {
    return lookup(this.models.get(ocid));
  }

  cluster(ocid: string): Lookup<LiveCluster> {
    return lookup(this.clusterById.get(ocid));
  }

  modelDetails(ocid: string): Lookup<LiveModelDetails> {
    return lookup(this.details.get(ocid));
  }

  refreshModelDetails(ocid: string, olderThanMs: number): void {
    this.details.refresh(ocid, olderThanMs);
  }

  dispose(): void {
    for (const cache of [this.baseModels, this.clusters, this.models, this.clusterById, this.details]) cache.dispose();
  }
}
