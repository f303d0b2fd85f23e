import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  SemanticTokensRegistrationType,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import type { CloudStatus } from '../../server/src/cloud/cloud';
import { AskPassphraseRequest, StatusNotification, WorkspaceTrustNotification, type InitializationOptions } from '../../server/src/protocol';
import { registerCommand } from './command';
import { CREATE_DETAILS_SCHEME, CreateDetailsDocuments } from './createDetails';
import { confirmUploadInModal, registerDatasetCommands, withInteractiveDatasets, type ConfirmUpload } from './datasetCommands';
import { DATASET_REPORT_SCHEME, DatasetReportDocuments } from './datasetReports';
import { confirmInModal, type ConfirmCreate } from './createModel';
import { DRIFT_SCHEME, DriftDocuments, registerDriftCommands, withDriftDocument } from './driftView';
import { registerImportCreateCommands, withInteractiveCreate } from './importCreateCommands';
import { MODEL_DETAILS_SCHEME, ModelDetailsDocuments } from './modelDetails';
import { registerModelsCommands } from './modelsCommands';
import { ModelsTree } from './modelsView';
import { NotificationProgressFeature } from './notificationProgress';
import { openConfigFile, selectProfile } from './ociProfile';
import { passphraseHandler } from './passphrases';
import { OciStatusItem } from './statusItem';

const NAME = 'OCI Generative AI for Terraform';
const RESTART_WINDOW_MS = 3 * 60 * 1000;
const MAX_RESTARTS = 4;

const SEMANTIC_HIGHLIGHTING = 'ociGenaiTf.semanticHighlighting';

let client: LanguageClient | undefined;

function semanticHighlighting(): boolean {
  return vscode.workspace.getConfiguration().get<boolean>(SEMANTIC_HIGHLIGHTING, true);
}

/** Restarts a crashed server, says so, and gives up after repeated crashes in a short time. */
class RestartingErrorHandler implements ErrorHandler {
  private readonly crashes: number[] = [];

  // A write to a server that has died (EPIPE) arrives here without a count, before the close event. Shutting
  // down then would stop the client for good, so only repeated malformed messages shut it down; a dead process
  // is left to `closed`, which restarts it.
  error(_error: Error, _message: unknown, count: number | undefined): ErrorHandlerResult {
    return { action: count !== undefined && count > 3 ? ErrorAction.Shutdown : ErrorAction.Continue };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.crashes.push(now);
    while (this.crashes.length && now - this.crashes[0]! > RESTART_WINDOW_MS) this.crashes.shift();
    if (this.crashes.length > MAX_RESTARTS) {
      return {
        action: CloseAction.DoNotRestart,
        message: `The ${NAME} language server stopped ${this.crashes.length} times in 3 minutes and will not be restarted. Its log is in the "${NAME}" output; run "Developer: Reload Window" to try again.`,
      };
    }
    return { action: CloseAction.Restart, message: `The ${NAME} language server stopped unexpectedly and was restarted. Its log is in the "${NAME}" output.` };
  }
}

/** What `activate` returns: the real-VS-Code tests walk the models tree and answer the create's question through it. */
export interface ExtensionApi {
  modelsTree: ModelsTree;
  /** Asked before a create starts; a modal dialog, which tests replace because the extension host cannot click one. */
  confirmCreate: ConfirmCreate;
  /** Asked before a dataset with errors is uploaded or an object replaced; a modal dialog, which tests replace too. */
  confirmUpload: ConfirmUpload;
  /** The OCI status the status bar item shows, as the server last reported it (undefined before its first report). */
  ociStatus: () => CloudStatus | undefined;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const outputChannel = vscode.window.createOutputChannel(NAME, { log: true });
  const serverModule = context.asAbsolutePath('dist/cli.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, args: ['lsp'], transport: TransportKind.stdio },
    debug: { module: serverModule, args: ['lsp'], transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'terraform' },
      { scheme: 'file', language: 'terraform-vars' },
      { scheme: 'untitled', language: 'terraform' },
      // Fine-tuning datasets: VS Code's own language for .jsonl, and the pattern for a file another extension claims.
      { scheme: 'file', language: 'jsonl' },
      { scheme: 'untitled', language: 'jsonl' },
      { scheme: 'file', pattern: '**/*.jsonl' },
    ],
    outputChannel,
    errorHandler: new RestartingErrorHandler(),
    // Read again at every (re)start, so that a restarted server learns trust granted meanwhile.
    initializationOptions: (): InitializationOptions => ({ workspaceTrusted: vscode.workspace.isTrusted, askPassphrase: true }),
    // With the setting off, VS Code takes its colours from another provider (HashiCorp's extension) or the grammar.
    middleware: {
      provideDocumentSemanticTokens: (document, token, next) => (semanticHighlighting() ? next(document, token) : undefined),
      provideDocumentRangeSemanticTokens: (document, range, token, next) => (semanticHighlighting() ? next(document, range, token) : undefined),
      provideCodeLenses: async (document, token, next) => (await next(document, token))?.map(withInteractiveCreate).map(withInteractiveDatasets).map(withDriftDocument),
    },
  };
  const languageClient = new LanguageClient('ociGenaiTf', NAME, serverOptions, clientOptions);
  client = languageClient;
  languageClient.registerFeature(new NotificationProgressFeature(languageClient));
  const statusItem = new OciStatusItem();
  languageClient.onNotification(StatusNotification, (status) => statusItem.show(status));
  languageClient.onRequest(AskPassphraseRequest, passphraseHandler(context.secrets));
  const modelsTree = new ModelsTree(languageClient);
  const modelDetails = new ModelDetailsDocuments(languageClient);
  const createDetails = new CreateDetailsDocuments();
  const driftDocuments = new DriftDocuments(languageClient);
  const datasetReports = new DatasetReportDocuments();
  const api: ExtensionApi = { modelsTree, confirmCreate: confirmInModal, confirmUpload: confirmUploadInModal, ociStatus: () => statusItem.status };
  context.subscriptions.push(
    languageClient,
    statusItem,
    modelsTree,
    modelDetails,
    createDetails,
    datasetReports,
    vscode.workspace.registerTextDocumentContentProvider(MODEL_DETAILS_SCHEME, modelDetails),
    vscode.workspace.registerTextDocumentContentProvider(CREATE_DETAILS_SCHEME, createDetails),
    driftDocuments,
    vscode.workspace.registerTextDocumentContentProvider(DRIFT_SCHEME, driftDocuments),
    ...registerDriftCommands(driftDocuments),
    vscode.workspace.registerTextDocumentContentProvider(DATASET_REPORT_SCHEME, datasetReports),
    ...registerModelsCommands(languageClient, modelsTree, modelDetails),
    ...registerImportCreateCommands(languageClient, createDetails, (message) => api.confirmCreate(message)),
    ...registerDatasetCommands(languageClient, datasetReports, (question, action) => api.confirmUpload(question, action)),
    registerCommand('ociGenaiTf.selectProfile', 'The OCI profile could not be selected', () => selectProfile(languageClient)),
    registerCommand('ociGenaiTf.openConfigFile', 'The OCI config file could not be opened', () => openConfigFile(statusItem.status)),
    // A server not running yet reads the trust when it starts.
    vscode.workspace.onDidGrantWorkspaceTrust(() => languageClient.sendNotification(WorkspaceTrustNotification, { trusted: true }).catch(() => undefined)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(SEMANTIC_HIGHLIGHTING)) return;
      const feature = languageClient.getFeature(SemanticTokensRegistrationType.method);
      for (const editor of vscode.window.visibleTextEditors) feature.getProvider(editor.document)?.onDidChangeSemanticTokensEmitter.fire();
    }),
  );
  // Activation does not wait for the server: a server that cannot start must not hold up VS Code. The client
  // reports start failures itself, and the log keeps them.
  languageClient.start().catch((error: unknown) => outputChannel.error(`The language server did not start: ${String(error)}`));
  return api;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
