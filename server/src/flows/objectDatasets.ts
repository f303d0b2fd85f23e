import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeLens, Diagnostic } from 'vscode-languageserver-types';
import type { Cloud } from '../cloud/cloud';
import type { DatasetObjects } from '../cloud/datasetObjects';
import { objectUrl, parseObjectUrl } from '../cloud/objectTarget';
import { summaryLine } from '../dataset/summaryText';
import { datasetDiagnostics } from '../features/datasetDiagnostics';
import { datasetLenses } from '../features/datasetLenses';
import type { DatasetTargets } from '../features/datasetTargets';
import type { OciConnection } from '../oci/connection';
import { loadOci } from '../oci/load';
import type { DatasetActionFailure, DatasetTargetChoice, ObjectDatasetCheck, UploadDatasetParams, UploadDatasetResponse } from '../protocol';
import { uriToPath } from '../workspace/moduleIndex';
import { LocalFileFailure, uploadDataset } from './datasetUpload';
import type { EditorPort } from './editorActions';
import { checkObjectDataset } from './objectDatasetCheck';

/** The editor's side of a check or an upload: progress (cancellable), and the log for what is a bug. */
export interface DatasetEditor extends Pick<EditorPort, 'progress'> {
  logError(error: unknown): void;
}

/** Messages for an editor without our client, which asks and shows through standard LSP. */
export interface MessagePort {
  show(kind: 'info' | 'warning' | 'error', message: string): void;
  /** The choice taken, or undefined when the person dismissed the question. */
  ask(question: string, choices: readonly string[]): Promise<string | undefined>;
  /** For what is too long for a message: the server's log. */
  log(text: string): void;
}

/** Choices a message can offer sensibly. */
const MAX_CHOICES = 8;
/** Findings named in the message that answers the command. */
const FINDINGS_SHOWN = 5;

/**
 * Training datasets in Object Storage, as the editor offers them: the warning on a `training_dataset` block whose
 * object is missing, its code lenses, the check of an object, and the upload of a local file (for VS Code through
 * requests, for other editors through the server's commands and standard messages).
 */
export class ObjectDatasets {
  constructor(
    private readonly cloud: Cloud,
    private readonly targets: DatasetTargets,
    private readonly objects: DatasetObjects,
    private readonly roots: () => readonly string[],
    private readonly editor: DatasetEditor,
  ) {}

  /** The `dataset-not-found` warnings of an open document, from what Object Storage answered so far. */
  diagnostics(uri: string): Diagnostic[] {
    if (!this.objects.available()) return [];
    return datasetDiagnostics(this.targets.of(uri), (target) => this.objects.head(target));
  }

  /** Check and Upload on the document's training datasets; the caller shows them only when OCI may be called. */
  lenses(uri: string): CodeLens[] {
    return datasetLenses(uri, this.targets.of(uri));
  }

  /** The workspace's training datasets whose object is known: where a local file may go. */
  choices(): DatasetTargetChoice[] {
    return this.targets
      .inWorkspace(this.roots())
      .map(({ target, uri, typeRange, address }) => ({ url: objectUrl(target), uri, line: typeRange.start.line, address }));
  }

  /** Reads the object and checks it, with cancellable progress. */
  async check(url: string): Promise<ObjectDatasetCheck> {
    const target = parseObjectUrl(url);
    if (!target) return { kind: 'failed', message: notAnObjectUrl(url) };
    return this.withConnection(`Checking ${url}`, async (connection, progress) => {
      const { report, text } = await checkObjectDataset(loadOci(), connection, target, {
        signal: progress.stopped,
        onProgress: (read, size) => progress.report(size ? (read / size) * 100 : undefined, `${megabytes(read)} of ${megabytes(size)}`),
      });
      const { errors, warnings } = report.summary;
      return { kind: 'checked', url, report: text, summary: summaryLine(report.summary), errors, warnings };
    });
  }

  /** Checks the local file and uploads it, unless the check or an object already there needs the person's word. */
  async upload(params: UploadDatasetParams): Promise<UploadDatasetResponse> {
    const target = parseObjectUrl(params.url);
    if (!target) return { kind: 'failed', message: notAnObjectUrl(params.url) };
    const file = uriToPath(params.file);
    if (!file) return { kind: 'failed', message: `${params.file} is not a file on this machine.` };
    return this.withConnection(`Uploading ${path.basename(file)} to ${params.url}`, async (connection, progress) => {
      const response = await uploadDataset({
        oci: loadOci(),
        connection,
        file,
        target,
        moduleDir: this.moduleDirOf(file, params.moduleUri),
        acceptProblems: params.acceptProblems === true,
        replaceEtag: params.replaceEtag,
        signal: progress.stopped,
        progress: (percent, message) => progress.report(percent, message),
      });
      // The object is there now, whatever was said of it before.
      if (response.kind === 'uploaded' || response.kind === 'identical') this.objects.forget(target);
      return response;
    });
  }

  /** For editors without our client: checks the object, and answers with the summary and the first findings. */
  async checkFromCommand(url: string, messages: MessagePort): Promise<void> {
    const result = await this.check(url);
    if (result.kind !== 'checked') return showFailure(result, messages);
    messages.log(result.report);
    // The report's lines are its findings, then the summary.
    const lines = result.report.trimEnd().split('\n');
    const findings = lines.slice(0, -1).slice(0, FINDINGS_SHOWN);
    const rest = lines.length - 1 > findings.length ? '\n(all findings are in the server log)' : '';
    messages.show(result.errors ? 'error' : result.warnings ? 'warning' : 'info', [`${url}: ${result.summary}`, ...findings].join('\n') + rest);
  }

  /**
   * For editors without our client: uploads, asking through messages for what the arguments do not give (the
   * object, among the workspace's training datasets; the file, among the module's `.jsonl` files) and for leave
   * to upload a file with errors or to replace an object.
   */
  async uploadFromCommand(documentUri: string, url: string | undefined, fileUri: string | undefined, messages: MessagePort): Promise<void> {
    const documentPath = uriToPath(documentUri);
    const fromDataset = documentPath?.endsWith('.jsonl') === true;
    let moduleUri = fromDataset ? undefined : documentUri;
    if (!url) {
      const choices = this.choices().slice(0, MAX_CHOICES);
      if (!choices.length) return messages.show('error', 'No training_dataset block of the workspace names its object statically: run the command with the oci://bucket@namespace/object URL as second argument.');
      const picked = await messages.ask(`Upload ${path.basename(documentPath ?? documentUri)} to which object?`, choices.map((choice) => choice.url));
      const choice = choices.find((c) => c.url === picked);
      if (!choice) return;
      url = choice.url;
      moduleUri = choice.uri;
    }
    let file = fileUri ? uriToPath(fileUri) : fromDataset ? documentPath : undefined;
    if (!file) {
      const dir = documentPath ? path.dirname(documentPath) : this.roots()[0];
      const files = dir ? localDatasets(dir) : [];
      if (!files.length) return messages.show('error', `No .jsonl file in ${dir ?? 'the workspace'}: run the command with the file's URI as third argument.`);
      const picked = await messages.ask(`Which file to upload to ${url}?`, files.map((f) => path.relative(dir!, f)));
      if (!picked) return;
      file = path.join(dir!, picked);
    }
    let params: UploadDatasetParams = { file: pathToFileURL(file).href, url, moduleUri };
    for (;;) {
      const response = await this.upload(params);
      if (response.kind === 'problems' || response.kind === 'replace') {
        const action = response.kind === 'problems' ? 'Upload anyway' : 'Replace';
        if ((await messages.ask(response.question, [action, 'Cancel'])) !== action) return;
        params = { ...params, acceptProblems: true, ...(response.kind === 'replace' && { replaceEtag: response.etag }) };
        continue;
      }
      if (response.kind === 'failed' || response.kind === 'cancelled') return showFailure(response, messages);
      return messages.show('info', response.message);
    }
  }

  /**
   * Runs a call on the connection with progress; a refusal, an OCI failure or a cancellation becomes the answer
   * (anything else is a bug, logged, and answered with its message).
   */
  private async withConnection<T>(
    title: string,
    run: (connection: OciConnection, progress: Awaited<ReturnType<EditorPort['progress']>>) => Promise<T>,
  ): Promise<T | DatasetActionFailure> {
    const connection = this.cloud.connection();
    if (!connection) return { kind: 'failed', message: this.cloud.status.message };
    const progress = await this.editor.progress(title);
    try {
      return await run(connection, progress);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (progress.stopped.aborted) return { kind: 'cancelled', message };
      if (!(error instanceof loadOci().OciFailure || error instanceof LocalFileFailure)) this.editor.logError(error);
      return { kind: 'failed', message };
    } finally {
      progress.done();
    }
  }

  /** Where an unfinished upload is recorded: the module of the block it came from, else the file's workspace folder. */
  private moduleDirOf(file: string, moduleUri: string | undefined): string {
    const moduleFile = moduleUri && uriToPath(moduleUri);
    if (moduleFile) return path.dirname(moduleFile);
    const roots = this.roots().filter((root) => file.startsWith(root.endsWith(path.sep) ? root : `${root}${path.sep}`));
    return roots.sort((a, b) => b.length - a.length)[0] ?? path.dirname(file);
  }
}

function showFailure(failure: DatasetActionFailure, messages: MessagePort): void {
  messages.show(failure.kind === 'cancelled' ? 'info' : 'error', failure.message);
}

function notAnObjectUrl(url: string): string {
  return `${url} is not an Object Storage URL: write it as oci://bucket@namespace/object.`;
}

/** The `.jsonl` files in a folder and its subfolders (not hidden ones), the first few by path. */
function localDatasets(dir: string): string[] {
  const found: string[] = [];
  const walk = (folder: string, depth: number): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (found.length >= MAX_CHOICES || entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = path.join(folder, entry.name);
      if (entry.isFile() && entry.name.endsWith('.jsonl')) found.push(full);
      else if (entry.isDirectory() && depth < 3) walk(full, depth + 1);
    }
  };
  walk(dir, 0);
  return found;
}

function megabytes(size: number): string {
  return `${(size / (1024 * 1024)).toFixed(1)} MB`;
}
