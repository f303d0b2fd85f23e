import type { ApiModel } from '../convert/modelToHcl';

/**
 * What the editor knows of the tenancy, in the shapes features use: no SDK types, so that features and the
 * server stay free of the SDK, which loads only when something calls OCI.
 */
export interface LiveModel {
  id: string;
  displayName: string | undefined;
  vendor: string | undefined;
  version: string | undefined;
  /** BASE or CUSTOM. */
  type: string;
  lifecycleState: string;
  capabilities: readonly string[];
}

export interface LiveCluster {
  id: string;
  displayName: string | undefined;
  /** FINE_TUNING or HOSTING. */
  type: string;
  lifecycleState: string;
  unitShape: string | undefined;
  unitCount: number | undefined;
}

/** A model's whole record, for its live status and the drift comparison. */
export interface LiveModelDetails {
  /** As the API returns it (GetModel), plain JSON. */
  model: ApiModel;
  /** While it is CREATING: the work request that creates it, for the percentage done. */
  creation?: { workRequestId: string; status: string; percentComplete: number | undefined };
}

/** One object by OCID, as far as it is known yet. */
export type Lookup<T> =
  | { state: 'known'; value: T }
  /** OCI answered that the profile sees no such object. */
  | { state: 'absent'; message: string }
  | { state: 'pending' }
  /** The call failed for another reason (network, key): nothing is known either way. */
  | { state: 'unavailable'; message: string };

/** Answers from a cache at once, and fetches what is missing or stale in the background. */
export interface LiveCatalog {
  /** The region's base models that can be fine-tuned; undefined until the first answer. */
  fineTunableBaseModels(compartmentId: string): readonly LiveModel[] | undefined;
  /** The compartment's ACTIVE FINE_TUNING clusters; undefined until the first answer. */
  fineTuningClusters(compartmentId: string): readonly LiveCluster[] | undefined;
  model(ocid: string): Lookup<LiveModel>;
  cluster(ocid: string): Lookup<LiveCluster>;
  modelDetails(ocid: string): Lookup<LiveModelDetails>;
  /** Fetches a model's details again in the background if the last answer is at least `olderThanMs` old. */
  refreshModelDetails(ocid: string, olderThanMs: number): void;
}
