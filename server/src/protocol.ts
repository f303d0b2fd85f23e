import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { CloudStatus } from './cloud/cloud';
import type { DriftReport } from './drift/driftReport';

/**
 * The messages of ours beyond LSP, shared by the server and the VS Code client. Other editors need none of them:
 * without them the server calls OCI when a config exists, and asks no passphrase.
 */

/** `initializationOptions` a client may send. */
export interface InitializationOptions {
  /** VS Code's workspace trust: false keeps the server from calling OCI until trust is granted. */
  workspaceTrusted?: boolean;
  /** The client answers `ociGenaiTf/askPassphrase`. */
  askPassphrase?: boolean;
  /** The `ociGenaiTf` settings, for clients without `workspace/configuration`. */
  settings?: unknown;
}

/** Server to client: which profile and region the server uses, or why it cannot call OCI. */
export const StatusNotification = new NotificationType<CloudStatus>('ociGenaiTf/status');

/** Client to server: the workspace became trusted. */
export const WorkspaceTrustNotification = new NotificationType<{ trusted: boolean }>('ociGenaiTf/workspaceTrust');

export interface PassphraseParams {
  profile: string;
  configFile: string;
  keyFile: string;
  /** The answer given before did not decrypt the key: do not offer it again. */
  failedBefore: boolean;
}

/** Server to client: the passphrase of an encrypted API key; null when the person declines. */
export const AskPassphraseRequest = new RequestType<PassphraseParams, { passphrase: string | null }, void>('ociGenaiTf/askPassphrase');

/**
 * The models view. The server owns the tree (what nodes exist, their words, icons and commands), so that its logic
 * is tested without VS Code; the client only renders nodes and runs their commands.
 */
export interface ModelsTreeNode {
  /**
   * Stable across refreshes and unique in the tree: `compartment:<ocid>`, `group:<compartment>:BASE`,
   * `model:<compartment>:<ocid>` (base models are listed in every compartment), `more:<compartment>`, `message:<kind>`.
   */
  id: string;
  label: string;
  description?: string;
  /** Markdown; text from the service is escaped. */
  tooltip?: string;
  /** A codicon id (`pass`, `error`, `loading~spin`...) and an optional theme colour id. */
  icon?: { id: string; color?: string };
  /** For menus: `compartment`, `compartment.configured`, `modelGroup`, `model.base`, `model.custom`, each model also `.managed` when the workspace has it; `loadMore`; `message`. */
  contextValue: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
  /** Run when the node is clicked. */
  command?: { title: string; command: string; arguments?: unknown[] };
  /** On model nodes. */
  model?: { id: string; displayName?: string; type: string; consoleUrl: string };
}

export interface ModelsFilter {
  capability?: string;
  lifecycleState?: string;
  vendor?: string;
}

/** The children of a node (or the roots): compartments list their first page of models when first expanded. */
export const ModelsTreeChildrenRequest = new RequestType<{ parentId?: string }, ModelsTreeNode[], void>('ociGenaiTf/modelsTree/children');

/** The next page of a compartment's models; the client then refreshes that compartment. */
export const ModelsTreeLoadMoreRequest = new RequestType<{ compartmentId: string }, void, void>('ociGenaiTf/modelsTree/loadMore');

/** Forget what was listed (one compartment, or all) so that the next children request asks OCI again. */
export const ModelsTreeRefreshRequest = new RequestType<{ compartmentId?: string }, void, void>('ociGenaiTf/modelsTree/refresh');

export const ModelsTreeFilterRequest = new RequestType<ModelsFilter, void, void>('ociGenaiTf/modelsTree/filter');

/** Server to client: the tree changed (profile, region, trust, compartments, filter): refresh it from the roots. */
export const ModelsTreeChangedNotification = new NotificationType<{ filter: ModelsFilter }>('ociGenaiTf/modelsTree/changed');

/** The whole model as the API returns it, for "Show Details". */
export const ModelDetailsRequest = new RequestType<{ modelId: string }, unknown, void>('ociGenaiTf/modelDetails');

/** The profiles of the config file (each with its own region line) and the regions the SDK knows, for the picker. */
export const ProfilesRequest = new RequestType<
  void,
  { configFile: string; profiles: { name: string; region: string | undefined }[]; profile: string | undefined; region: string | undefined; regions: string[] },
  void
>('ociGenaiTf/profiles');

/**
 * Import and create. Other editors use the server's commands (`workspace/executeCommand`) on the code lenses and
 * from their command line; VS Code asks for what is missing itself and then calls these requests.
 */

/** The server's commands, run whole by the server (it asks through `window/showMessageRequest`). */
export const SERVER_COMMANDS = {
  /** Arguments: the document URI and the resource address. */
  createModel: 'ociGenaiTf.server.createModel',
  /** Arguments: the model OCID, the document URI, and optionally the position to insert at. */
  importModel: 'ociGenaiTf.server.importModel',
  /** Reads the live models again. Arguments: optionally a document URI (default: every open document). */
  refreshLiveStatus: 'ociGenaiTf.server.refreshLiveStatus',
  /** Shows the comparison with OCI as a message. Arguments: the document URI and the resource address. */
  showDrift: 'ociGenaiTf.server.showDrift',
  /** Reads a training dataset from Object Storage and checks it; the result as a message. Arguments: the document URI and the object's `oci://` URL. */
  checkDataset: 'ociGenaiTf.server.checkDataset',
  /**
   * Checks a local `.jsonl` and uploads it. Arguments: a document URI (the `.tf` file of a `training_dataset` block,
   * or the `.jsonl`), optionally the object's `oci://` URL and the local file's URI; what is missing is asked.
   */
  uploadDataset: 'ociGenaiTf.server.uploadDataset',
} as const;

/** The HCL that adopts a model into the module of `moduleUri` (a document or a folder). */
export const ImportModelRequest = new RequestType<{ modelId: string; moduleUri: string }, { hcl: string; address: string }, { refusal: string }>(
  'ociGenaiTf/importModel',
);

/** A value the block does not give statically, with live choices where the editor has them. */
export interface UnknownValue {
  path: string;
  reason: string;
  choices: { label: string; description?: string; value: string }[];
}

export type CreatePlanResponse =
  | { kind: 'refused'; reason: string }
  | { kind: 'incomplete'; address: string; unknown: UnknownValue[] }
  /** `detailsHash`: give it back to CreateModelRequest, which refuses when the block has changed since. */
  | { kind: 'ready'; address: string; details: unknown; region: string; profile: string; detailsHash: string };

/** What creating the block at `address` (or the model block at `position`) would send, given `answers` for unknown values. */
export const PlanCreateRequest = new RequestType<
  { uri: string; address?: string; position?: { line: number; character: number }; answers: Record<string, string | number | boolean> },
  CreatePlanResponse,
  void
>('ociGenaiTf/planCreate');

export type CreateModelResponse =
  | { status: 'succeeded' | 'detached'; modelId: string; workRequestId: string }
  | { status: 'failed'; modelId: string; workRequestId: string; errors: string[] };

/** Creates it: the import block goes into the file (a WorkspaceEdit) as soon as the id is known; progress as LSP work done progress. */
export const CreateModelRequest = new RequestType<
  { uri: string; address: string; answers: Record<string, string | number | boolean>; detailsHash?: string },
  CreateModelResponse,
  void
>(
  'ociGenaiTf/createModel',
);

/**
 * The comparison of a document's model blocks (the one at `address`, or at `position`, or all) with their live
 * models, compared now; a live answer still on its way is waited for a few seconds.
 */
export const DriftRequest = new RequestType<{ uri: string; address?: string; position?: { line: number; character: number } }, DriftReport[], void>('ociGenaiTf/drift');

/**
 * Training datasets in Object Storage. Other editors use the server's commands; VS Code asks for the file or the
 * object and confirms in modal dialogs itself, then calls these requests. Objects are named by `oci://` URLs.
 */

/** A `training_dataset` block of the workspace whose object is known before Terraform runs: where a file may go. */
export interface DatasetTargetChoice {
  url: string;
  /** The `.tf` file of the block, and the block's line. */
  uri: string;
  line: number;
  address: string;
}

export const DatasetTargetsRequest = new RequestType<Record<string, never>, DatasetTargetChoice[], void>('ociGenaiTf/datasetTargets');

/** An OCI failure or a refusal, as the sentence to show; or the person cancelled (`message`: what is kept, if anything). */
export type DatasetActionFailure = { kind: 'failed'; message: string } | { kind: 'cancelled'; message: string };

/**
 * The check of an object: `report` as `oci-genai-tf dataset check` writes it, the object's URL for the file name,
 * ending with the summary line.
 */
export type ObjectDatasetCheck = { kind: 'checked'; url: string; report: string; summary: string; errors: number; warnings: number } | DatasetActionFailure;

/** Reads the object (progress as LSP work done progress, cancellable) and checks it. */
export const CheckObjectDatasetRequest = new RequestType<{ url: string }, ObjectDatasetCheck, void>('ociGenaiTf/checkObjectDataset');

/**
 * What came of an upload. `problems` and `replace` ask the person: send the request again with `acceptProblems`,
 * or with `replaceEtag` (and `acceptProblems`, the file having been checked), to go on.
 */
export type UploadDatasetResponse =
  | { kind: 'problems'; question: string }
  | { kind: 'replace'; question: string; etag: string }
  | { kind: 'identical' | 'uploaded'; message: string }
  | DatasetActionFailure;

export interface UploadDatasetParams {
  /** The local file's URI. */
  file: string;
  url: string;
  /** The `.tf` file of the block the object comes from, whose module keeps the record of an unfinished upload. */
  moduleUri?: string | undefined;
  /** Upload even when the check finds errors (the person has seen them). */
  acceptProblems?: boolean;
  /** Replace the object that is there, as long as it is still the one with this etag. */
  replaceEtag?: string;
}

/** Checks the local file, then uploads it (progress as LSP work done progress, cancellable). */
export const UploadDatasetRequest = new RequestType<UploadDatasetParams, UploadDatasetResponse, void>('ociGenaiTf/uploadDataset');
