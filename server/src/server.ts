import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  TextDocumentSyncKind,
  type Connection,
  type HoverParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Parser } from 'web-tree-sitter';
import { Cloud } from './cloud/cloud';
import { DatasetObjects } from './cloud/datasetObjects';
import { DatasetDocuments, isDatasetDocument, type DatasetDiagnostics } from './dataset/datasetDocuments';
import { DriftChecks } from './drift/driftChecks';
import { driftReportText } from './drift/driftReport';
import { createLenses } from './features/codeLenses';
import { DatasetTargets } from './features/datasetTargets';
import { codeActions } from './features/codeActions';
import { completions, type CompletionSettings } from './features/completion';
import { documentSymbols, flatSymbols } from './features/documentSymbols';
import { foldingRanges } from './features/foldingRanges';
import { documentFormattingEdits } from './features/formatting';
import { hover } from './features/hover';
import { liveStatusLenses } from './features/liveStatusLenses';
import { liveValueProvider } from './features/liveValues';
import { definition, references } from './features/navigation';
import { SEMANTIC_TOKENS_LEGEND, semanticTokens, semanticTokensInRange } from './features/semanticTokens';
import type { HclDocument } from './hcl/chunkedDocument';
import { EditorActions, type EditorPort } from './flows/editorActions';
import { ImportRefused } from './flows/importModel';
import { ObjectDatasets, type MessagePort } from './flows/objectDatasets';
import { createTerraformParser } from './hcl/treeSitter';
import type { PassphrasePrompt } from './oci/credentials';
import { loadOci } from './oci/load';
import { profileRegions } from './oci/profile';
import {
  AskPassphraseRequest,
  CheckObjectDatasetRequest,
  CreateModelRequest,
  DatasetTargetsRequest,
  DriftRequest,
  ImportModelRequest,
  PlanCreateRequest,
  SERVER_COMMANDS,
  ModelDetailsRequest,
  ModelsTreeChangedNotification,
  ModelsTreeChildrenRequest,
  ModelsTreeFilterRequest,
  ModelsTreeLoadMoreRequest,
  ModelsTreeRefreshRequest,
  ProfilesRequest,
  StatusNotification,
  UploadDatasetRequest,
  WorkspaceTrustNotification,
  type InitializationOptions,
} from './protocol';
import { quietLibraries } from './quietLibraries';
import { readSettings, type Settings } from './settings';
import { VERSION } from './version';
import { ManagedModels } from './views/managedModels';
import { ModelsTree } from './views/modelsTree';
import { uriToPath } from './workspace/moduleIndex';
import { isTerraformDocument, Workspace } from './workspace/workspace';
import { sleep } from './sleep';

/**
 * The language server: LSP requests and notifications wired to the workspace and the features. Holds no logic
 * of its own beyond ordering and error isolation: a failing handler is logged, never fatal.
 */
/** How long Show Drift waits for a live answer still on its way before it answers with what it has. */
const DRIFT_WAIT_MS = 10_000;
const DRIFT_POLL_MS = 100;

/** The first screens of a large file, then slices short enough to answer requests between them. */
const FIRST_SLICE_MS = 40;
const FIRST_SLICE_LINES = 400;
const NEXT_SLICE_MS = 20;

export function startLanguageServer(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Connection {
  const connection = createConnection(input, output);
  // After createConnection, which points the console at the LSP log: libraries' chatter stays out of it.
  quietLibraries();
  const parserReady = createTerraformParser();
  let workspace: Workspace | undefined;
  let drift: DriftChecks | undefined;
  let parser: Parser | undefined;
  let clientWatchesFiles = false;
  let completionSettings: CompletionSettings = { snippets: false, markdown: false };
  let hierarchicalSymbols = false;
  let clientHasConfiguration = false;
  let initialCloud: Parameters<Cloud['configure']>[0] = {};
  let initialSettings: Settings | undefined;
  let workspaceRoots: string[] = [];
  let clientRegistersConfiguration = false;
  let clientRefreshesCodeLenses = false;
  const directoryWatchers = new Map<string, fs.FSWatcher>();
  const datasets = new DatasetDocuments();
  let livePublishPending = false;
  const cloud = new Cloud({
    // Answers for several lookups often land together: publish once for them.
    liveDataChanged: () => {
      if (livePublishPending) return;
      livePublishPending = true;
      setImmediate(() => {
        livePublishPending = false;
        if (drift?.liveDataChanged()) refreshCodeLenses();
        if (workspace) publish([...workspace.openDocuments()].map((document) => document.uri));
      });
    },
    callFailed: (message) => connection.console.warn(message),
    statusChanged: (status) => {
      connection.console.info(status.message);
      void connection.sendNotification(StatusNotification, status);
      // Another profile, region or trust: what the tree listed no longer holds.
      modelsTree.refresh();
      treeChanged();
      // Live checks and lenses appear, or go silent.
      if (workspace) publish([...workspace.openDocuments()].map((document) => document.uri));
      refreshCodeLenses();
    },
  });
  // What Object Storage says of the objects training datasets name: its answers publish the warnings again.
  const datasetObjects = new DatasetObjects(cloud, {
    changed: () => workspace && publish([...workspace.openDocuments()].map((document) => document.uri)),
    failed: (message) => connection.console.warn(message),
  });
  let objectDatasets: ObjectDatasets | undefined;
  const managedModels = new ManagedModels(
    () => workspaceRoots,
    () => [...(workspace?.openDocuments() ?? [])].map((document) => ({ path: uriToPath(document.uri), text: document.text })),
  );
  const modelsTree = new ModelsTree({ cloud, managed: () => managedModels.ocids() });
  const treeChanged = (): void => void connection.sendNotification(ModelsTreeChangedNotification, { filter: modelsTree.filter });
  const applySettings = (settings: Settings): void => {
    cloud.configure({ settings: settings.cloud });
    if (modelsTree.configure(settings.modelsView)) treeChanged();
  };

  const guard =
    <A extends unknown[]>(name: string, handler: (...args: A) => void) =>
    (...args: A): void => {
      try {
        handler(...args);
      } catch (error) {
        connection.console.error(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
    };

  const publish = (uris: Iterable<string>): void => {
    if (!workspace) return;
    for (const uri of uris) {
      const version = workspace.versionOf(uri);
      if (version === undefined) continue;
      connection.sendDiagnostics({ uri, version, diagnostics: [...workspace.diagnostics(uri), ...(drift?.diagnostics(uri) ?? []), ...(objectDatasets?.diagnostics(uri) ?? [])] });
    }
  };

  /**
   * A document just opened is analysed a slice at a time: when it is large, the diagnostics of its first chunks
   * (those that need no other chunk) are published at once, and requests are answered between slices; then
   * everything `affected` is published whole. An edit or a close meanwhile publishes on its own, and ends this.
   */
  const publishOpened = (uri: string, affected: string[]): void => {
    if (!workspace) return;
    const document = workspace.get(uri);
    if (!document) return publish(affected);
    const version = document.version;
    if (workspace.analyzeFor(uri, FIRST_SLICE_MS, FIRST_SLICE_LINES)) return publish(affected);
    connection.sendDiagnostics({ uri, version, diagnostics: workspace.partialDiagnostics(uri) });
    const nextSlice = guard('analysis of an opened document', () => {
      const current = workspace?.get(uri);
      if (!workspace || current !== document || current.version !== version) return;
      if (workspace.analyzeFor(uri, NEXT_SLICE_MS)) publish(affected);
      else setImmediate(nextSlice);
    });
    setImmediate(nextSlice);
  };

  /** A dataset's diagnostics once checked; none when a newer version made the check useless. */
  const publishDataset = (checked: Promise<DatasetDiagnostics | undefined>): void =>
    void checked.then(
      (published) => published && connection.sendDiagnostics(published),
      (error: unknown) => connection.console.error(`dataset check failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
    );

  /** Without file events from the client, watch the folders of open documents ourselves. */
  const watchFolders = (): void => {
    if (clientWatchesFiles || !workspace) return;
    const wanted = new Set<string>();
    for (const document of workspace.openDocuments()) {
      const dir = workspace.modules.dirOf(document.uri);
      if (dir) wanted.add(dir);
    }
    for (const [dir, watcher] of directoryWatchers) {
      if (!wanted.has(dir)) {
        watcher.close();
        directoryWatchers.delete(dir);
      }
    }
    for (const dir of wanted) {
      if (directoryWatchers.has(dir)) continue;
      try {
        const watcher = fs.watch(dir, { persistent: false }, (_event, name) => {
          if (!name || !(name.endsWith('.tf') || name.endsWith('.tfvars') || name === '.terraform.lock.hcl' || name === 'terraform.tfstate')) return;
          guard('file watcher', () => {
            const affected = workspace!.filesChanged([pathToFileURL(path.join(dir, name)).href]);
            publish(affected);
            for (const uri of affected) drift?.edited(uri);
          })();
        });
        watcher.on('error', () => directoryWatchers.delete(dir));
        directoryWatchers.set(dir, watcher);
      } catch {
        // A folder we cannot watch is read again when a document in it opens.
      }
    }
  };

  connection.onInitialize(async (params): Promise<InitializeResult> => {
    parser = await parserReady;
    workspace = new Workspace(parser);
    workspace.liveCatalog = () => cloud.loadedCatalog();
    drift = new DriftChecks({
      workspace,
      parser,
      env: process.env,
      catalog: () => cloud.loadedCatalog(),
      changed: (uris) => {
        publish(uris);
        refreshCodeLenses();
      },
    });
    objectDatasets = new ObjectDatasets(cloud, new DatasetTargets(workspace, parser, process.env), datasetObjects, () => workspaceRoots, {
      progress: (title) => editorPort.progress(title),
      logError: (error) => connection.console.error(`dataset action failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
    });
    const client = params.capabilities;
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    clientHasConfiguration = client.workspace?.configuration === true;
    clientRegistersConfiguration = client.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    clientRefreshesCodeLenses = client.workspace?.codeLens?.refreshSupport === true;
    const askPassphrase: PassphrasePrompt | undefined = options.askPassphrase
      ? async ({ profile, failedBefore }) =>
          (await connection.sendRequest(AskPassphraseRequest, { profile: profile.name, configFile: profile.configFile, keyFile: profile.keyFile, failedBefore })).passphrase ??
          undefined
      : undefined;
    // Applied once initialized: the status it announces may not reach the client before `initialize` is answered.
    initialSettings = readSettings(options.settings);
    initialCloud = { settings: initialSettings.cloud, trusted: options.workspaceTrusted !== false, askPassphrase };
    const folders = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
    workspaceRoots = folders.flatMap((uri) => uriToPath(uri) ?? []);
    clientWatchesFiles = client.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    completionSettings = {
      snippets: client.textDocument?.completion?.completionItem?.snippetSupport === true,
      markdown: client.textDocument?.completion?.completionItem?.documentationFormat?.includes('markdown') === true,
    };
    hierarchicalSymbols = client.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        completionProvider: { triggerCharacters: ['.', '"', '='] },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        definitionProvider: true,
        referencesProvider: true,
        documentFormattingProvider: true,
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: true, range: true },
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: Object.values(SERVER_COMMANDS) },
      },
      serverInfo: { name: 'oci-genai-tf', version: VERSION },
    };
  });

  /** A request handler that answers `fallback` when the document is unknown or the handler fails. */
  const request =
    <P extends { textDocument: { uri: string } }, R>(name: string, fallback: R, handler: (document: HclDocument, params: P) => R) =>
    (params: P): R => {
      const document = workspace?.get(params.textDocument.uri);
      if (!document) return fallback;
      try {
        return handler(document, params);
      } catch (error) {
        connection.console.error(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return fallback;
      }
    };
  const moduleOf = (document: HclDocument) => workspace!.modules.contextFor(document);
  const liveValues = (document: HclDocument) => {
    const catalog = cloud.catalog();
    return catalog && liveValueProvider(catalog, moduleOf(document), cloud.defaultCompartment(), process.env);
  };

  connection.onCompletion(
    request('completion', [], (document, params) =>
      completions(document, params.position, {
        registry: workspace!.registry,
        module: moduleOf(document),
        settings: completionSettings,
        live: liveValues(document),
      }),
    ),
  );
  const terraformHover = request('hover', null, (document, params: HoverParams) =>
    hover(document, params.position, {
      registry: workspace!.registry,
      module: moduleOf(document),
      documentAt: (uri) => workspace!.get(uri),
      parser: parser!,
      live: cloud.catalog(),
    }) ?? null,
  );
  connection.onHover((params) => (datasets.has(params.textDocument.uri) ? datasets.hover(params.textDocument.uri, params.position) : terraformHover(params)));
  connection.onCodeAction(
    request('codeAction', [], (document, params) => codeActions(document, params.context.diagnostics, { registry: workspace!.registry, module: moduleOf(document) })),
  );
  const navigation = (document: HclDocument) => ({
    module: moduleOf(document),
    parser: parser!,
    openDocuments: () => workspace!.openDocuments(),
  });
  connection.onDefinition(request('definition', null, (document, params) => definition(document, params.position, navigation(document)) ?? null));
  connection.onDocumentFormatting(async ({ textDocument }) => {
    const document = workspace?.get(textDocument.uri);
    if (!workspace || !document) return [];
    const { text, version } = document;
    try {
      const edits = await documentFormattingEdits(text, workspace.diagnostics(textDocument.uri));
      // The edits fit the text as it was when asked: an edit made meanwhile would make them wrong.
      return workspace.get(textDocument.uri)?.version === version ? edits : [];
    } catch (error) {
      connection.console.error(`formatting failed: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  });
  connection.onReferences(
    request('references', [], (document, params) => references(document, params.position, params.context.includeDeclaration, navigation(document))),
  );
  connection.onDocumentSymbol(
    request('documentSymbol', [], (document, params) => {
      const symbols = documentSymbols(document);
      return hierarchicalSymbols ? symbols : flatSymbols(symbols, params.textDocument.uri);
    }),
  );
  connection.onFoldingRanges(request('foldingRange', [], (document) => foldingRanges(document)));
  connection.languages.semanticTokens.on(request('semanticTokens', { data: [] }, (document) => semanticTokens(document)));
  connection.languages.semanticTokens.onRange(
    request('semanticTokensRange', { data: [] }, (document, params) => semanticTokensInRange(document, params.range)),
  );

  connection.onCodeLens(
    request('codeLens', [], (document) =>
      cloud.status.state === 'ready'
        ? [...createLenses(document, workspace!.analyzer, moduleOf(document)), ...liveStatusLenses(document.uri, drift!.statuses(document.uri)), ...objectDatasets!.lenses(document.uri)]
        : [],
    ),
  );

  /**
   * Which blocks can be created changes when the module learns an object's id (an import block, the state), and
   * what the live lenses say when OCI answers.
   */
  function refreshCodeLenses(): void {
    if (clientRefreshesCodeLenses) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }

  /** Files changed through the client, as one undoable edit each; progress as LSP work done progress. */
  const editorPort: EditorPort = {
    editFile: async (uri, change) => {
      const open = workspace?.get(uri);
      const file = uriToPath(uri);
      const text = open?.text ?? (file ? fs.readFileSync(file, 'utf8') : undefined);
      if (text === undefined) return false;
      const edit = change(text);
      if (!edit) return true;
      const lines = TextDocument.create(uri, 'terraform', 0, text);
      const textEdit = { range: { start: lines.positionAt(edit.start), end: lines.positionAt(edit.end) }, newText: edit.text };
      const result = await connection.workspace.applyEdit(
        open ? { documentChanges: [{ textDocument: { uri, version: open.version }, edits: [textEdit] }] } : { changes: { [uri]: [textEdit] } },
      );
      refreshCodeLenses();
      return result.applied;
    },
    progress: async (title) => {
      const progress = await connection.window.createWorkDoneProgress();
      const stopped = new AbortController();
      progress.token.onCancellationRequested(() => stopped.abort());
      progress.begin(title, 0, 'sending the request', true);
      return {
        report: (percent, message) => (percent === undefined ? progress.report(message) : progress.report(Math.round(percent), message)),
        done: () => progress.done(),
        stopped: stopped.signal,
      };
    },
  };
  const actions = () => new EditorActions(workspace!, parser!, cloud, process.env);
  /** A refusal or OCI failure as the sentence the client shows; anything else is a bug, logged with its stack. */
  const refusal = (error: unknown): ResponseError<{ refusal: string }> => {
    const message = error instanceof Error ? error.message : String(error);
    const kind = error instanceof ImportRefused ? error.kind : 'failure';
    if (!(error instanceof ImportRefused) && !(error instanceof loadOci().OciFailure)) connection.console.error(error instanceof Error ? (error.stack ?? message) : message);
    return new ResponseError(ErrorCodes.InvalidRequest, message, { refusal: kind });
  };

  connection.onRequest(ImportModelRequest, async ({ modelId, moduleUri }) => {
    try {
      return await actions().importModel(modelId, moduleUri);
    } catch (error) {
      throw refusal(error);
    }
  });
  connection.onRequest(PlanCreateRequest, async ({ uri, address, position, answers }) => {
    const document = workspace?.get(uri);
    const target = address ?? (document && position ? actions().modelAt(document, position.line) : undefined);
    if (!target) return { kind: 'refused' as const, reason: 'The cursor is not in an oci_generative_ai_model block.' };
    return actions().planCreate(uri, target, answers);
  });
  connection.onRequest(CreateModelRequest, async ({ uri, address, answers, detailsHash }) => {
    try {
      return await actions().createModel(uri, address, answers, editorPort, detailsHash);
    } catch (error) {
      throw refusal(error);
    }
  });
  connection.onExecuteCommand(async ({ command, arguments: args = [] }) => {
    try {
      if (command === SERVER_COMMANDS.createModel) await createFromCommand(String(args[0]), String(args[1]));
      else if (command === SERVER_COMMANDS.importModel) await importFromCommand(String(args[0]), String(args[1]), args[2] as { line: number; character: number } | undefined);
      else if (command === SERVER_COMMANDS.refreshLiveStatus) drift?.refresh(typeof args[0] === 'string' ? args[0] : undefined);
      else if (command === SERVER_COMMANDS.showDrift) void connection.window.showInformationMessage(driftReportText(await driftReports(String(args[0]), String(args[1]))));
      else if (command === SERVER_COMMANDS.checkDataset) await objectDatasets?.checkFromCommand(String(args[1]), messages);
      else if (command === SERVER_COMMANDS.uploadDataset) {
        await objectDatasets?.uploadFromCommand(String(args[0]), typeof args[1] === 'string' ? args[1] : undefined, typeof args[2] === 'string' ? args[2] : undefined, messages);
      }
    } catch (error) {
      void connection.window.showErrorMessage(refusal(error).message);
    }
  });

  /** Standard messages, for the dataset commands of editors without our client. */
  const messages: MessagePort = {
    show: (kind, message) =>
      void connection.sendNotification(ShowMessageNotification.type, { type: kind === 'error' ? MessageType.Error : kind === 'warning' ? MessageType.Warning : MessageType.Info, message }),
    ask: async (question, choices) => (await connection.window.showWarningMessage(question, ...choices.map((title) => ({ title }))))?.title,
    log: (text) => connection.console.info(text),
  };
  connection.onRequest(DatasetTargetsRequest, () => objectDatasets?.choices() ?? []);
  connection.onRequest(CheckObjectDatasetRequest, ({ url }) => objectDatasets!.check(url));
  connection.onRequest(UploadDatasetRequest, (params) => objectDatasets!.upload(params));

  /** The comparison now; live answers still on their way are waited for a few seconds. */
  const driftReports = async (uri: string, address: string | undefined) => {
    if (!drift || cloud.status.state !== 'ready') throw new Error(cloud.status.message);
    const deadline = Date.now() + DRIFT_WAIT_MS;
    while (drift.pending(uri) && Date.now() < deadline) await sleep(DRIFT_POLL_MS);
    return drift.reports(uri, address);
  };
  connection.onRequest(DriftRequest, async ({ uri, address, position }) => {
    const document = workspace?.get(uri);
    const target = address ?? (document && position ? actions().modelAt(document, position.line) : undefined);
    try {
      return await driftReports(uri, target);
    } catch (error) {
      throw refusal(error);
    }
  });

  /** For editors without our client: everything through standard messages, the confirmation included. */
  const createFromCommand = async (uri: string, address: string): Promise<void> => {
    const plan = await actions().planCreate(uri, address, {});
    if (plan.kind === 'refused') return void connection.window.showErrorMessage(plan.reason);
    if (plan.kind === 'incomplete') {
      return void connection.window.showErrorMessage(
        `Only Terraform knows these values of ${address}; give them through variables or write them literally: ${plan.unknown.map((u) => `${u.path} (${u.reason})`).join('; ')}`,
      );
    }
    const answer = await connection.window.showWarningMessage(
      `Create ${address} in ${plan.region} with profile [${plan.profile}]? This is sent: ${JSON.stringify(plan.details)}`,
      { title: 'Create' },
      { title: 'Cancel' },
    );
    if (answer?.title !== 'Create') return;
    const outcome = await actions().createModel(uri, address, {}, editorPort, plan.detailsHash);
    if (outcome.status === 'failed') void connection.window.showErrorMessage(`The training of ${address} failed: ${outcome.errors.join('; ')}`);
    else void connection.window.showInformationMessage(`${address} ${outcome.status === 'succeeded' ? 'was created' : 'is being created'}: ${outcome.modelId}`);
  };
  const importFromCommand = async (modelId: string, uri: string, position: { line: number; character: number } | undefined): Promise<void> => {
    const imported = await actions().importModel(modelId, uri);
    await editorPort.editFile(uri, (text) => {
      const lines = TextDocument.create(uri, 'terraform', 0, text);
      const at = position ? lines.offsetAt(position) : text.length;
      const before = at > 0 && text[at - 1] !== '\n' ? '\n' : '';
      return { start: at, end: at, text: `${before}${imported.hcl}` };
    });
  };

  /** The settings as the client has them now; clients without `workspace/configuration` keep their first ones. */
  const pullSettings = async (): Promise<void> => {
    if (!clientHasConfiguration) return;
    try {
      applySettings(readSettings(await connection.workspace.getConfiguration('ociGenaiTf')));
    } catch (error) {
      connection.console.error(`reading the settings failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  connection.onInitialized(() => {
    if (clientWatchesFiles) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: ['**/*.tf', '**/*.tfvars', '**/.terraform.lock.hcl', '**/terraform.tfstate'].map((globPattern) => ({ globPattern })),
      });
    }
    if (clientRegistersConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'ociGenaiTf' });
    connection.console.info(`oci-genai-tf ${VERSION} ready`);
    cloud.configure(initialCloud);
    if (initialSettings) modelsTree.configure(initialSettings.modelsView);
    void pullSettings();
  });

  connection.onDidChangeConfiguration(({ settings }) => {
    // A client that pushes its settings sends them here; one that is asked answers `workspace/configuration`.
    if (clientHasConfiguration) void pullSettings();
    else if (settings && typeof settings === 'object' && 'ociGenaiTf' in settings) applySettings(readSettings(settings.ociGenaiTf));
  });

  /** A failed custom request: the client shows the sentence. */
  const failed = (error: unknown): ResponseError<void> =>
    new ResponseError(ErrorCodes.InternalError, error instanceof Error ? error.message : String(error));

  connection.onRequest(ModelsTreeChildrenRequest, async ({ parentId }) => {
    try {
      return await modelsTree.children(parentId);
    } catch (error) {
      throw failed(error);
    }
  });
  connection.onRequest(ModelsTreeLoadMoreRequest, async ({ compartmentId }) => modelsTree.loadMore(compartmentId));
  connection.onRequest(ModelsTreeRefreshRequest, ({ compartmentId }) => {
    modelsTree.refresh(compartmentId);
    managedModels.invalidate();
  });
  connection.onRequest(ModelsTreeFilterRequest, (filter) => {
    modelsTree.setFilter(filter);
    treeChanged();
  });
  connection.onRequest(ModelDetailsRequest, async ({ modelId }) => {
    const ociConnection = cloud.connection();
    if (!ociConnection) throw new ResponseError(ErrorCodes.InvalidRequest, cloud.status.message);
    const oci = loadOci();
    try {
      return await oci.getModel(ociConnection, modelId, oci.within(15_000));
    } catch (error) {
      throw failed(error);
    }
  });
  connection.onRequest(ProfilesRequest, () => {
    const { configFile, profile } = cloud.configLocation();
    const region = cloud.status.state === 'ready' ? cloud.status.region : undefined;
    return { configFile, profiles: profileRegions(configFile), profile, region, regions: loadOci().knownRegions() };
  });

  connection.onNotification(WorkspaceTrustNotification, ({ trusted }) => cloud.configure({ trusted }));

  connection.onDidOpenTextDocument(
    guard('didOpen', ({ textDocument }) => {
      if (isDatasetDocument(textDocument.uri, textDocument.languageId)) {
        publishDataset(datasets.opened(textDocument.uri, textDocument.languageId, textDocument.version, textDocument.text));
        return;
      }
      if (!workspace || !isTerraformDocument(textDocument.uri, textDocument.languageId)) return;
      publishOpened(textDocument.uri, workspace.open(textDocument.uri, textDocument.languageId, textDocument.version, textDocument.text));
      drift?.opened(textDocument.uri);
      watchFolders();
    }),
  );

  connection.onDidChangeTextDocument(
    guard('didChange', ({ textDocument, contentChanges }) => {
      if (datasets.has(textDocument.uri)) return publishDataset(datasets.changed(textDocument.uri, contentChanges, textDocument.version));
      if (!workspace) return;
      managedModels.invalidate();
      publish(workspace.change(textDocument.uri, contentChanges, textDocument.version));
      drift?.edited(textDocument.uri);
    }),
  );

  connection.onDidSaveTextDocument(
    guard('didSave', ({ textDocument }) => {
      if (!drift) return;
      publish(drift.saved(textDocument.uri));
      refreshCodeLenses();
    }),
  );

  connection.onDidCloseTextDocument(
    guard('didClose', ({ textDocument }) => {
      if (datasets.closed(textDocument.uri)) return void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
      if (workspace?.versionOf(textDocument.uri) === undefined) return;
      const affected = workspace.close(textDocument.uri);
      connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
      publish(affected);
      watchFolders();
    }),
  );

  connection.onDidChangeWatchedFiles(
    guard('didChangeWatchedFiles', ({ changes }) => {
      if (!workspace) return;
      managedModels.invalidate();
      refreshCodeLenses();
      const affected = workspace.filesChanged(changes.map((change) => change.uri));
      publish(affected);
      // The state file or an import block may name other models now.
      for (const uri of affected) drift?.edited(uri);
    }),
  );

  connection.onShutdown(() => {
    drift?.dispose();
    datasetObjects.dispose();
    cloud.dispose();
    for (const watcher of directoryWatchers.values()) watcher.close();
    workspace?.dispose();
  });

  // When the editor goes away without `exit`, vscode-languageserver ends the process (code 1, as LSP asks for an
  // exit without shutdown); it also watches the editor's process id from `initialize`.
  connection.listen();
  return connection;
}
