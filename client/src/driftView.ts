import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { driftReportText } from '../../server/src/drift/driftReport';
import { DriftRequest, SERVER_COMMANDS } from '../../server/src/protocol';
import { registerCommand } from './command';

/**
 * Read-only documents `oci-genai-drift:/<file> drift.txt?<what>`: the comparison of a file's model blocks (or one
 * of them) with their live models, asked of the server each time the document is shown.
 */
export const DRIFT_SCHEME = 'oci-genai-drift';

/** Our Show Drift: not the server's command id, which shows the comparison as a message for other editors. */
const SHOW_DRIFT_COMMAND = 'ociGenaiTf.showDrift';

interface DriftTarget {
  uri: string;
  address?: string;
  position?: { line: number; character: number };
}

export class DriftDocuments implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly client: LanguageClient) {}

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const target = JSON.parse(uri.query) as DriftTarget;
    return driftReportText(await this.client.sendRequest(DriftRequest, target, token));
  }

  /** Opens the comparison beside the file, asking the server again if it is already open. */
  async show(target: DriftTarget): Promise<void> {
    const name = vscode.Uri.parse(target.uri).path.split('/').pop() ?? 'main.tf';
    const uri = vscode.Uri.from({ scheme: DRIFT_SCHEME, path: `/${target.address ?? name} drift.txt`, query: JSON.stringify(target) });
    if (vscode.workspace.textDocuments.some((document) => document.uri.toString() === uri.toString())) this.changed.fire(uri);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true, viewColumn: vscode.ViewColumn.Beside });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Show Drift (the lens, the palette: the model block at the cursor, or the file) and Refresh Live Status. */
export function registerDriftCommands(documents: DriftDocuments): vscode.Disposable[] {
  return [
    registerCommand(SHOW_DRIFT_COMMAND, 'The comparison with OCI could not be shown', async (uri?: unknown, address?: unknown) => {
      if (typeof uri === 'string') return documents.show({ uri, ...(typeof address === 'string' && { address }) });
      const editor = vscode.window.activeTextEditor;
      if (editor?.document.languageId !== 'terraform') return void vscode.window.showWarningMessage('Open a Terraform file to compare its model blocks with OCI.');
      const { line, character } = editor.selection.active;
      return documents.show({ uri: editor.document.uri.toString(), position: { line, character } });
    }),
    registerCommand('ociGenaiTf.refreshLiveStatus', 'The live status could not be refreshed', async () =>
      vscode.commands.executeCommand(SERVER_COMMANDS.refreshLiveStatus, vscode.window.activeTextEditor?.document.uri.toString()),
    ),
  ];
}

/** The server's Show Drift lenses open the comparison as a document, with the same arguments. */
export function withDriftDocument(lens: vscode.CodeLens): vscode.CodeLens {
  if (lens.command?.command === SERVER_COMMANDS.showDrift) lens.command = { ...lens.command, command: SHOW_DRIFT_COMMAND };
  return lens;
}
