import * as vscode from 'vscode';

/** Read-only documents `oci-genai-dataset:/<bucket>@<namespace>/<object> check.txt`: the check of an object, as the server wrote it. */
export const DATASET_REPORT_SCHEME = 'oci-genai-dataset';

export class DatasetReportDocuments implements vscode.TextDocumentContentProvider {
  /** The report of each document, by URI: a check reads the whole object, so a document shows the check it was opened for. */
  private readonly reports = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.reports.get(uri.toString()) ?? 'This check is no longer known: run "Check dataset" again.\n';
  }

  /** Keeps the report of the object's latest check; answers the document that shows it. */
  set(url: string, report: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: DATASET_REPORT_SCHEME, path: `/${url.replace(/^oci:\/\//, '')} check.txt` });
    this.reports.set(uri.toString(), report);
    if (vscode.workspace.textDocuments.some((document) => document.uri.toString() === uri.toString())) this.changed.fire(uri);
    return uri;
  }

  async show(uri: vscode.Uri): Promise<void> {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
