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
