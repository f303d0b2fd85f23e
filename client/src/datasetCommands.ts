import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CheckObjectDatasetRequest, SERVER_COMMANDS, UploadDatasetRequest, type UploadDatasetParams } from '../../server/src/protocol';
import { registerCommand } from './command';
import type { DatasetReportDocuments } from './datasetReports';
import { pickDatasetTarget, type PickedTarget } from './datasetTargetPick';

/**
 * Our interactive check and upload. Not the server's command ids: vscode-languageclient registers a command for
 * each id of the server's `executeCommandProvider`, which runs them whole on the server with plain messages.
 */
const CHECK_DATASET_COMMAND = 'ociGenaiTf.checkDataset';
const UPLOAD_DATASET_COMMAND = 'ociGenaiTf.uploadDataset';

const OPEN_REPORT = 'Open Report';
const UNTRUSTED = 'Training datasets are not read from OCI or uploaded in an untrusted workspace: trust the workspace first.';

/** Asks the person before the upload goes on; `action` is the button that says yes. A modal by default (see `ExtensionApi.confirmUpload`). */
export type ConfirmUpload = (question: string, action: string) => Promise<boolean>;

export async function confirmUploadInModal(question: string, action: string): Promise<boolean> {
  return (await vscode.window.showWarningMessage(question, { modal: true }, action)) === action;
}

/** Check (code lens, palette) and Upload (code lens, a `.jsonl` in the explorer or an editor, palette). */
export function registerDatasetCommands(client: LanguageClient, reports: DatasetReportDocuments, confirm: ConfirmUpload): vscode.Disposable[] {
  return [
    registerCommand(CHECK_DATASET_COMMAND, 'The dataset could not be checked', (_uri?: unknown, url?: unknown) => checkDataset(client, reports, url)),
    registerCommand(UPLOAD_DATASET_COMMAND, 'The dataset could not be uploaded', (first?: unknown, second?: unknown) => uploadDataset(client, confirm, first, second)),
  ];
}

/** The server's dataset lenses run our interactive commands, with the same arguments. */
export function withInteractiveDatasets(lens: vscode.CodeLens): vscode.CodeLens {
  if (lens.command?.command === SERVER_COMMANDS.checkDataset) lens.command = { ...lens.command, command: CHECK_DATASET_COMMAND };
  if (lens.command?.command === SERVER_COMMANDS.uploadDataset) lens.command = { ...lens.command, command: UPLOAD_DATASET_COMMAND };
  return lens;
}

/** Reads the object (the lens's, or one chosen) and shows the server's report as a document, the summary as a notification. */
async function checkDataset(client: LanguageClient, reports: DatasetReportDocuments, url: unknown): Promise<void> {
  if (!vscode.workspace.isTrusted) return void vscode.window.showWarningMessage(UNTRUSTED);
  const target = typeof url === 'string' ? url : (await pickDatasetTarget(client, 'Check a dataset in Object Storage'))?.url;
  if (!target) return;
  const result = await client.sendRequest(CheckObjectDatasetRequest, { url: target });
  if (result.kind === 'failed') return void vscode.window.showErrorMessage(result.message);
  if (result.kind === 'cancelled') return;
  const document = reports.set(result.url, result.report);
  await reports.show(document);
  const show = result.errors ? vscode.window.showErrorMessage : result.warnings ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(`${result.url}: ${result.summary}`, OPEN_REPORT).then((choice) => (choice === OPEN_REPORT ? reports.show(document) : undefined));
}

/**
 * Uploads a local `.jsonl`: from the lens (its object; the file is asked for), from a menu on the file or its
 * editor (the object is asked for), or from the palette (the active `.jsonl`, else the file is asked for, then the
 * object). The server checks the file and uploads it; a file with errors, or an object already there with other
 * content, goes on only once the person says so.
 */
async function uploadDataset(client: LanguageClient, confirm: ConfirmUpload, first: unknown, second: unknown): Promise<void> {
  if (!vscode.workspace.isTrusted) return void vscode.window.showWarningMessage(UNTRUSTED);
  let target: PickedTarget | undefined = typeof first === 'string' && typeof second === 'string' ? { url: second, moduleUri: first } : undefined;
  const file = first instanceof vscode.Uri ? first : target ? await pickFile(target) : (activeDataset() ?? (await pickFile()));
  if (!file || !(await saved(file, confirm))) return;
  target ??= await pickDatasetTarget(client, `Upload ${path.basename(file.fsPath)} to Object Storage`);
  if (!target) return;
  let params: UploadDatasetParams = { file: file.toString(), url: target.url, moduleUri: target.moduleUri };
  for (;;) {
    const response = await client.sendRequest(UploadDatasetRequest, params);
    if (response.kind === 'problems') {
      if (!(await confirm(response.question, 'Upload Anyway'))) return;
      params = { ...params, acceptProblems: true };
    } else if (response.kind === 'replace') {
      if (!(await confirm(response.question, 'Replace'))) return;
      params = { ...params, acceptProblems: true, replaceEtag: response.etag };
    } else {
      const show = response.kind === 'failed' ? vscode.window.showErrorMessage : vscode.window.showInformationMessage;
      return void show(response.message);
    }
  }
}

/** The `.jsonl` of the active editor, when it is a file. */
function activeDataset(): vscode.Uri | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return uri?.scheme === 'file' && uri.path.endsWith('.jsonl') ? uri : undefined;
}

/** A local `.jsonl`, starting in the folder of the block's file when there is one. */
async function pickFile(target?: PickedTarget): Promise<vscode.Uri | undefined> {
  const near = target?.moduleUri ? vscode.Uri.joinPath(vscode.Uri.parse(target.moduleUri), '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
  const picked = await vscode.window.showOpenDialog({
    title: target ? `Upload a dataset to ${target.url}` : 'Upload a dataset to Object Storage',
    canSelectMany: false,
    filters: { 'JSON Lines': ['jsonl'] },
    openLabel: 'Upload',
    ...(near && { defaultUri: near }),
  });
  return picked?.[0];
}

/** What is uploaded is the file on disk: unsaved changes in its editor are saved first, if the person agrees. */
async function saved(file: vscode.Uri, confirm: ConfirmUpload): Promise<boolean> {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === file.toString());
  if (!open?.isDirty) return true;
  return (await confirm(`${path.basename(file.fsPath)} has unsaved changes, and the file on disk is what is uploaded. Save it and upload?`, 'Save and Upload')) && open.save();
}
