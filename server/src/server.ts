import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createConnection,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { createTerraformParser } from './hcl/treeSitter';
import { VERSION } from './version';
import { isTerraformDocument, Workspace } from './workspace/workspace';

/**
 * The language server: LSP requests and notifications wired to the workspace and the features. Holds no logic
 * of its own beyond ordering and error isolation: a failing handler is logged, never fatal.
 */
export function startLanguageServer(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Connection {
  const connection = createConnection(input, output);
  const parserReady = createTerraformParser();
  let workspace: Workspace | undefined;
  let clientWatchesFiles = false;
  const directoryWatchers = new Map<string, fs.FSWatcher>();

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
      const document = workspace.get(uri);
      if (!document) continue;
      connection.sendDiagnostics({ uri, version: document.version, diagnostics: workspace.diagnostics(uri) });
    }
  };

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
          if (!name || !(name.endsWith('.tf') || name === '.terraform.lock.hcl')) return;
          guard('file watcher', () => publish(workspace!.filesChanged([pathToFileURL(path.join(dir, name)).href])))();
        });
        watcher.on('error', () => directoryWatchers.delete(dir));
        directoryWatchers.set(dir, watcher);
      } catch {
        // A folder we cannot watch is read again when a document in it opens.
      }
    }
  };

  connection.onInitialize(async (params): Promise<InitializeResult> => {
    workspace = new Workspace(await parserReady);
    clientWatchesFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      },
      serverInfo: { name: 'oci-genai-tf', version: VERSION },
    };
  });

  connection.onInitialized(() => {
    if (clientWatchesFiles) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.tf' }, { globPattern: '**/.terraform.lock.hcl' }],
      });
    }
    connection.console.info(`oci-genai-tf ${VERSION} ready`);
  });

  connection.onDidOpenTextDocument(
    guard('didOpen', ({ textDocument }) => {
      if (!workspace || !isTerraformDocument(textDocument.uri, textDocument.languageId)) return;
      publish(workspace.open(textDocument.uri, textDocument.languageId, textDocument.version, textDocument.text));
      watchFolders();
    }),
  );

  connection.onDidChangeTextDocument(
    guard('didChange', ({ textDocument, contentChanges }) => {
      if (!workspace) return;
      publish(workspace.change(textDocument.uri, contentChanges, textDocument.version));
    }),
  );

  connection.onDidCloseTextDocument(
    guard('didClose', ({ textDocument }) => {
      if (!workspace?.get(textDocument.uri)) return;
      const affected = workspace.close(textDocument.uri);
      connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
      publish(affected);
      watchFolders();
    }),
  );

  connection.onDidChangeWatchedFiles(
    guard('didChangeWatchedFiles', ({ changes }) => {
      if (!workspace) return;
      publish(workspace.filesChanged(changes.map((change) => change.uri)));
    }),
  );

  connection.onShutdown(() => {
    for (const watcher of directoryWatchers.values()) watcher.close();
    workspace?.dispose();
  });

  // When the editor goes away without `exit`, vscode-languageserver ends the process (code 1, as LSP asks for an
  // exit without shutdown); it also watches the editor's process id from `initialize`.
  connection.listen();
  return connection;
}
