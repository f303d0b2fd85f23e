import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type {
  ClientCapabilities,
  InitializeResult,
  PublishDiagnosticsParams,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver';

/** Where `npm run build` puts the CLI. */
export const BUILT_CLI = path.join(__dirname, '..', '..', '..', 'dist', 'cli.js');

interface Waiter {
  uri: string;
  accept: (params: PublishDiagnosticsParams) => boolean;
  resolve: (params: PublishDiagnosticsParams) => void;
}

/**
 * Drives the built server over stdio as an editor does: initialize, open, change, and wait for
 * `textDocument/publishDiagnostics`.
 */
export class LspTestClient {
  readonly published: PublishDiagnosticsParams[] = [];
  /** When each of `published` arrived (`performance.now()`). */
  readonly publishedAt: number[] = [];
  readonly logs: string[] = [];
  /** Notifications other than diagnostics and logs, such as our `ociGenaiTf/status`. */
  readonly notifications: { method: string; params: unknown }[] = [];
  /** What `workspace/configuration` answers for every item asked. */
  configuration: unknown = null;
  private readonly waiters: Waiter[] = [];
  initializeResult: InitializeResult | undefined;

  private constructor(
    readonly process: ChildProcessWithoutNullStreams,
    readonly connection: MessageConnection,
  ) {
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.push(params);
      this.publishedAt.push(performance.now());
      for (const waiter of [...this.waiters]) {
        if (waiter.uri === params.uri && waiter.accept(params)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(params);
        }
      }
    });
    connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
    });
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => this.configuration));
    connection.onNotification((method: string, params: unknown) => void this.notifications.push({ method, params }));
  }

  /**
   * `env` is added to a copy of this process's; unless it names one, the server gets an OCI config file that does
   * not exist, so that no test calls a real tenancy from a developer's machine. `initializationOptions` as a
   * client sends them.
   */
  static async start(
    options: {
      capabilities?: ClientCapabilities;
      rootUri?: string | null;
      env?: NodeJS.ProcessEnv;
      initializationOptions?: unknown;
      /** The editor's process id, as `initialize` tells it; by default this process's. */
      processId?: number;
    } = {},
  ): Promise<LspTestClient> {
    const env = { ...process.env, OCI_CONFIG_FILE: path.join(os.tmpdir(), 'oci-genai-tf-no-oci-config'), ...options.env };
    const child = spawn(process.execPath, [BUILT_CLI, 'lsp', '--stdio'], { stdio: 'pipe', env });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new LspTestClient(child, connection);
    connection.listen();
    client.initializeResult = await connection.sendRequest('initialize', {
      processId: options.processId ?? process.pid,
      rootUri: options.rootUri ?? null,
      capabilities: options.capabilities ?? {},
      ...(options.initializationOptions === undefined ? {} : { initializationOptions: options.initializationOptions }),
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  /** Resolves with the next diagnostics published for `uri` that `accept` takes (by default: any). */
  nextDiagnostics(uri: string, accept: (params: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => this.waiters.push({ uri, accept, resolve }));
  }

  async open(uri: string, text: string, languageId = 'terraform', version = 1): Promise<PublishDiagnosticsParams> {
    const published = this.nextDiagnostics(uri, (p) => p.version === version);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
    return published;
  }

  async change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<PublishDiagnosticsParams> {
    const published = this.nextDiagnostics(uri, (p) => p.version === version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return published;
  }

  async close(uri: string): Promise<PublishDiagnosticsParams> {
    const published = this.nextDiagnostics(uri, (p) => p.diagnostics.length === 0);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    return published;
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      this.process.kill();
    }
    await exited;
    this.connection.dispose();
  }
}
