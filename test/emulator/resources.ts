/**
 * The resources of the Generative AI management API (20231130) in their JSON wire form: the field names of the
 * SDK's `lib/model/*.d.ts`, times as ISO-8601 strings (which is also what the SDK hands its callers at run time).
 */

export const MODEL_CAPABILITIES = [
  'TEXT_GENERATION',
  'TEXT_SUMMARIZATION',
  'TEXT_EMBEDDINGS',
  'FINE_TUNE',
  'CHAT',
  'TEXT_RERANK',
  'TEXT_TO_IMAGE',
  'IMAGE_TEXT_TO_IMAGE',
  'IMAGE_TEXT_TO_TEXT',
  'IMAGE_TEXT_TO_VIDEO',
  'IMAGE_TO_IMAGE',
  'REALTIME',
  'AUDIO_TO_AUDIO',
  'AUDIO_TO_TEXT',
  'TEXT_TO_AUDIO',
  'TEXT_TO_VIDEO',
] as const;

export const MODEL_LIFECYCLE_STATES = ['ACTIVE', 'CREATING', 'DELETING', 'DELETED', 'FAILED'] as const;
export type ModelLifecycleState = (typeof MODEL_LIFECYCLE_STATES)[number];

export const CLUSTER_LIFECYCLE_STATES = ['CREATING', 'ACTIVE', 'UPDATING', 'DELETING', 'DELETED', 'FAILED', 'NEEDS_ATTENTION'] as const;
export type ClusterLifecycleState = (typeof CLUSTER_LIFECYCLE_STATES)[number];

export const TRAINING_CONFIG_TYPES = ['TFEW_TRAINING_CONFIG', 'LORA_TRAINING_CONFIG', 'VANILLA_TRAINING_CONFIG'] as const;
export type TrainingConfigType = (typeof TRAINING_CONFIG_TYPES)[number];

export const OPERATION_STATUSES = ['ACCEPTED', 'IN_PROGRESS', 'WAITING', 'FAILED', 'SUCCEEDED', 'CANCELING', 'CANCELED'] as const;
export type OperationStatus = (typeof OPERATION_STATUSES)[number];

export type ActionType = 'CREATED' | 'UPDATED' | 'DELETED' | 'IN_PROGRESS' | 'RELATED' | 'FAILED';

export type FreeformTags = Record<string, string>;
export type DefinedTags = Record<string, Record<string, unknown>>;

export interface ObjectStorageDataset {
  datasetType: 'OBJECT_STORAGE';
  namespaceName: string;
  bucketName: string;
  objectName: string;
}

/** `trainingConfigType` plus the hyperparameters that type accepts (see validation.ts), all numbers. */
export interface TrainingConfig {
  trainingConfigType: TrainingConfigType;
  [hyperparameter: string]: number | string;
}

export interface FineTuneDetails {
  trainingDataset: ObjectStorageDataset;
  dedicatedAiClusterId: string;
  trainingConfig?: TrainingConfig;
}

export interface ModelMetrics {
  modelMetricsType: 'CHAT_MODEL_METRICS' | 'TEXT_GENERATION_MODEL_METRICS';
  finalAccuracy?: number;
  finalLoss?: number;
}

export interface Model {
  id: string;
  displayName?: string;
  description?: string;
  compartmentId: string;
  capabilities: string[];
  lifecycleState: ModelLifecycleState;
  lifecycleDetails?: string;
  vendor?: string;
  version?: string;
  timeCreated: string;
  timeUpdated?: string;
  baseModelId?: string;
  type: 'BASE' | 'CUSTOM';
  fineTuneDetails?: FineTuneDetails;
  modelMetrics?: ModelMetrics;
  isLongTermSupported?: boolean;
  timeDeprecated?: string;
  timeOnDemandRetired?: string;
  timeDedicatedRetired?: string;
  freeformTags?: FreeformTags;
  definedTags?: DefinedTags;
  systemTags?: DefinedTags;
}

/** What ListModels answers per model: a Model without `description`, `timeUpdated` and `previousState`. */
export type ModelSummary = Omit<Model, 'description' | 'timeUpdated'>;

export interface DedicatedAiClusterHostingCapacity {
  capacityType: 'HOSTING_CAPACITY';
  totalEndpointCapacity?: number;
  usedEndpointCapacity?: number;
}

export interface DedicatedAiCluster {
  id: string;
  displayName?: string;
  description?: string;
  type: 'HOSTING' | 'FINE_TUNING';
  compartmentId: string;
  timeCreated: string;
  timeUpdated?: string;
  lifecycleState: ClusterLifecycleState;
  lifecycleDetails?: string;
  unitCount: number;
  unitShape: string;
  capacity?: DedicatedAiClusterHostingCapacity;
  freeformTags?: FreeformTags;
  definedTags?: DefinedTags;
  systemTags?: DefinedTags;
}

export interface WorkRequestResource {
  entityType: string;
  actionType: ActionType;
  identifier: string;
  entityUri?: string;
}

export interface WorkRequest {
  operationType: 'CREATE_MODEL' | 'DELETE_MODEL';
  status: OperationStatus;
  id: string;
  compartmentId: string;
  resources: WorkRequestResource[];
  percentComplete: number;
  timeAccepted: string;
  timeStarted?: string;
  timeFinished?: string;
}

export interface WorkRequestError {
  code: string;
  message: string;
  timestamp: string;
}

export interface WorkRequestLogEntry {
  message: string;
  timestamp: string;
}
