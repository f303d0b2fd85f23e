import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { CloudStatus } from './cloud/cloud';

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
