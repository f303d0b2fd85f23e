import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ModelDetailsRequest } from '../../server/src/protocol';
import { showJsonDocument } from './jsonDocument';

/** Read-only documents `oci-genai-model:/<display name>.json?<model OCID>`: the model as the API returns it. */
export const MODEL_DETAILS_SCHEME = 'oci-genai-model';

export class ModelDetailsDocuments implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly client: LanguageClient) {}

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const details = await this.client.sendRequest(ModelDetailsRequest, { modelId: uri.query }, token);
    return `${JSON.stringify(details, null, 2)}\n`;
  }

  /** Opens the model's document, asking the server again if it is already open, so that it shows the model now. */
  async show(model: { id: string; displayName?: string }): Promise<void> {
    // A `/` in a display name would make folders of the path.
    const name = (model.displayName ?? model.id).replace(/[\\/]/g, '_');
    const uri = vscode.Uri.from({ scheme: MODEL_DETAILS_SCHEME, path: `/${name}.json`, query: model.id });
    if (vscode.workspace.textDocuments.some((document) => document.uri.toString() === uri.toString())) this.changed.fire(uri);
    await showJsonDocument(uri, { preview: true });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
