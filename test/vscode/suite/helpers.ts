import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'oci-genai-tf.oci-genai-tf';

export function workspaceFile(relative: string): vscode.Uri {
  const root = process.env['OCI_GENAI_TF_E2E_WORKSPACE'] ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
  return vscode.Uri.file(path.join(root, relative));
}

/** Resolves with the document's diagnostics once `accept` takes them (they may already be there). */
export function diagnosticsWhen(uri: vscode.Uri, accept: (diagnostics: vscode.Diagnostic[]) => boolean, timeoutMs = 30_000): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (!accept(diagnostics)) return false;
      subscription.dispose();
      clearTimeout(timer);
      resolve(diagnostics);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`diagnostics of ${uri.fsPath} never matched: ${JSON.stringify(vscode.languages.getDiagnostics(uri).map((d) => d.message))}`));
    }, timeoutMs);
    check();
  });
}
