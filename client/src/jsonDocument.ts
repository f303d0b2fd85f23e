import * as vscode from 'vscode';

/** Opens one of our read-only documents as JSON (whatever its path says) and shows it. */
export async function showJsonDocument(uri: vscode.Uri, options: vscode.TextDocumentShowOptions): Promise<void> {
  const opened = await vscode.workspace.openTextDocument(uri);
  const document = opened.languageId === 'json' ? opened : await vscode.languages.setTextDocumentLanguage(opened, 'json');
  await vscode.window.showTextDocument(document, options);
}
