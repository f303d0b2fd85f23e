import * as vscode from 'vscode';
import { showJsonDocument } from './jsonDocument';

/** Read-only documents `oci-genai-create:/<address>.json`: the CreateModelDetails a create is about to send. */
export const CREATE_DETAILS_SCHEME = 'oci-genai-create';

export class CreateDetailsDocuments implements vscode.TextDocumentContentProvider {
  /** The text of each document, by URI: the server's plan is not asked again, so the document shows what is confirmed. */
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? 'This request is no longer known: run "Create in OCI..." again to see it.\n';
  }

  /** Shows the request beside the editor, keeping the focus where it is, replacing what an earlier plan showed. */
  async show(address: string, details: unknown): Promise<void> {
    const uri = vscode.Uri.from({ scheme: CREATE_DETAILS_SCHEME, path: `/${address}.json` });
    this.texts.set(uri.toString(), `${JSON.stringify(details, null, 2)}\n`);
    if (vscode.workspace.textDocuments.some((document) => document.uri.toString() === uri.toString())) this.changed.fire(uri);
    await showJsonDocument(uri, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
