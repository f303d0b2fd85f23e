/**
 * Everything that talks to OCI, loaded only when something first does: the SDK is most of the CLI's size, and a
 * language server that never calls the cloud should not pay for it at start. Reach it through `loadOci`.
 */
export { checkEndpoint, OciConnection, within, type CallBounds } from './connection';
export { signingIdentity, type PassphrasePrompt } from './credentials';
export { OciFailure, type FailureKind } from './failures';
export {
  createModel,
  getDedicatedAiCluster,
  getModel,
  getWorkRequest,
  listDedicatedAiClusters,
  listModels,
  listModelsPage,
  listWorkRequestErrors,
} from './generativeAi';
export {
  getNamespace,
  headObject,
  objectUrl,
  readObject,
  type MissingPart,
  type ObjectFacts,
  type ObjectHead,
  type ObjectTarget,
  type ReadOptions,
} from './objectStorage';
export {
  uploadFile,
  type LocalFileIdentity,
  type Overwrite,
  type UploadOptions,
  type UploadProgress,
  type UploadRecord,
  type UploadResult,
  type UploadResumeStore,
} from './objectUpload';
export { loadProfile, OciConfigError, profileRegions, resolveConfigLocation, type ConnectionSettings, type Profile } from './profile';
export { OciLiveCatalog } from './liveCatalog';
export { knownRegions } from './regions';
