import * as path from 'node:path';
import * as vscode from 'vscode';
import { blockInsertion } from './blockInsertion';

/** Where imported HCL goes: at the cursor of a Terraform editor, or into a new file of a folder. */
export type ImportDestination = { kind: 'cursor'; editor: vscode.TextEditor } | { kind: 'newFile'; folder: vscode.Uri };

type DestinationItem = vscode.QuickPickItem & { destination?: ImportDestination };

/** The Terraform editor a person is in, if they are in one. */
export function activeTerraformEditor(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  return editor?.document.languageId === 'terraform' ? editor : undefined;
}

/**
 * Asks where the HCL goes: the cursor of the active Terraform editor first, then a new file in the active file's
 * folder, in a workspace folder, or in a folder chosen in a dialog. Undefined when the person cancels.
 */
export async function pickImportDestination(): Promise<ImportDestination | undefined> {
  const editor = activeTerraformEditor();
  const items: DestinationItem[] = [];
  if (editor) {
    items.push({ label: `At the cursor in ${path.posix.basename(editor.document.uri.path)}`, description: vscode.workspace.asRelativePath(editor.document.uri), destination: { kind: 'cursor', editor } });
  }
  const activeFile = vscode.window.activeTextEditor?.document.uri;
  const folders = [
    ...(activeFile?.scheme === 'file' ? [vscode.Uri.joinPath(activeFile, '..')] : []),
    ...(vscode.workspace.workspaceFolders ?? []).map((workspaceFolder) => workspaceFolder.uri),
  ];
  for (const folder of new Map(folders.map((uri) => [uri.toString(), uri])).values()) {
    items.push({ label: `In a new file in ${folderName(folder)}`, description: folder.fsPath, destination: { kind: 'newFile', folder } });
  }
  items.push({ label: 'In a new file in another folder...' });
  const picked = await vscode.window.showQuickPick(items, { title: 'Where should the imported model go?', ignoreFocusOut: true });
  if (!picked) return undefined;
  if (picked.destination) return picked.destination;
  const chosen = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Import Here', defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri });
  return chosen?.[0] && { kind: 'newFile', folder: chosen[0] };
}

/** A workspace folder by its name, a folder in one by its path from there, any other by its whole path. */
function folderName(folder: vscode.Uri): string {
  const workspaceFolder = vscode.workspace.getWorkspaceFolder(folder);
  return workspaceFolder?.uri.toString() === folder.toString() ? workspaceFolder.name : vscode.workspace.asRelativePath(folder);
}

/** The URI the server reads the module from: the document at the cursor, or the folder of the new file. */
export function moduleUriOf(destination: ImportDestination): string {
  return (destination.kind === 'cursor' ? destination.editor.document.uri : destination.folder).toString();
}

/**
 * Puts the HCL where the person chose, as one undoable edit: at the cursor, a blank line apart from its neighbours,
 * or in a new file `<resource name>.tf` (another name when that exists: a file is never overwritten). Then shows
 * it with the resource's first line selected.
 */
export async function insertImportedHcl(destination: ImportDestination, hcl: string, resourceName: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  let document: vscode.Uri;
  let firstLine: number;
  let viewColumn: vscode.ViewColumn | undefined;
  if (destination.kind === 'cursor') {
    const { editor } = destination;
    const text = editor.document.getText();
    const cursor = editor.selection.active;
    const offset = editor.document.offsetAt(cursor);
    const insertion = blockInsertion(text.slice(0, offset), text.slice(offset), hcl);
    edit.insert(editor.document.uri, cursor, insertion.text);
    document = editor.document.uri;
    firstLine = cursor.line + insertion.firstLine;
    viewColumn = editor.viewColumn;
  } else {
    document = await unusedFileName(destination.folder, resourceName);
    edit.createFile(document, { overwrite: false, ignoreIfExists: false });
    edit.insert(document, new vscode.Position(0, 0), hcl);
    firstLine = 0;
  }
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`VS Code did not apply the edit to ${vscode.workspace.asRelativePath(document)}.`);
  const shown = await vscode.window.showTextDocument(document, { viewColumn, preview: false });
  const line = shown.document.lineAt(firstLine).range;
  shown.selection = new vscode.Selection(line.start, line.end);
  shown.revealRange(line, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/** `<name>.tf` in the folder, or `<name>-2.tf`, `<name>-3.tf`... whichever does not exist yet. */
async function unusedFileName(folder: vscode.Uri, name: string): Promise<vscode.Uri> {
  for (let n = 1; ; n++) {
    const uri = vscode.Uri.joinPath(folder, n === 1 ? `${name}.tf` : `${name}-${n}.tf`);
    if (!(await exists(uri))) return uri;
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
