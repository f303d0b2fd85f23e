import * as vscode from 'vscode';
import { ResponseError, type LanguageClient } from 'vscode-languageclient/node';
import { ImportModelRequest, type ModelsTreeNode } from '../../server/src/protocol';
import { activeTerraformEditor, insertImportedHcl, moduleUriOf, pickImportDestination } from './importDestination';
import { modelOcidProblem } from './ocidInput';

const INSERT_AS_BASE_MODEL = 'Insert Its OCID as base_model_id Value';

/**
 * "Import Model by OCID..." (asks for the OCID) and "Import into HCL" on a custom model of the view: the server
 * writes the HCL for the module it goes into, and it is inserted where the person chose.
 */
export async function importModel(client: LanguageClient, node?: ModelsTreeNode): Promise<void> {
  const modelId = node?.model?.id ?? (await askModelOcid());
  if (!modelId) return;
  const destination = await pickImportDestination();
  if (!destination) return;
  let imported: { hcl: string; address: string };
  try {
    imported = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Reading the model from OCI...' }, () =>
      client.sendRequest(ImportModelRequest, { modelId, moduleUri: moduleUriOf(destination) }),
    );
  } catch (error) {
    // Refusals are answers, not failures: the server's sentence says why and what to do instead.
    const refusal = error instanceof ResponseError ? (error.data as { refusal?: string } | undefined)?.refusal : undefined;
    if (refusal === 'base-model') return offerAsBaseModel((error as Error).message, modelId);
    if (refusal === 'not-a-model' || refusal === 'unusable-state') return void vscode.window.showWarningMessage((error as Error).message);
    throw error;
  }
  await insertImportedHcl(destination, imported.hcl, imported.address.slice(imported.address.indexOf('.') + 1));
}

async function askModelOcid(): Promise<string | undefined> {
  const typed = await vscode.window.showInputBox({
    title: 'Import a model by OCID',
    prompt: 'The OCID of a custom model, as the OCI Console or the OCI Generative AI view shows it.',
    placeHolder: 'ocid1.generativeaimodel.oc1.<region>.<unique id>',
    ignoreFocusOut: true,
    validateInput: modelOcidProblem,
  });
  return typed?.trim() || undefined;
}

/** A base model cannot be imported, but it is what a fine-tuned model starts from: offer its OCID for that. */
async function offerAsBaseModel(refusal: string, modelId: string): Promise<void> {
  if ((await vscode.window.showWarningMessage(refusal, INSERT_AS_BASE_MODEL)) !== INSERT_AS_BASE_MODEL) return;
  const editor = activeTerraformEditor();
  if (!editor) {
    await vscode.env.clipboard.writeText(modelId);
    void vscode.window.showInformationMessage('No Terraform editor is active, so the OCID was copied to the clipboard instead.');
    return;
  }
  const edit = new vscode.WorkspaceEdit();
  edit.replace(editor.document.uri, quotedValueRange(editor), JSON.stringify(modelId));
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`VS Code did not apply the edit to ${vscode.workspace.asRelativePath(editor.document.uri)}.`);
}

/** Where a quoted value goes: the selection, or the whole of an empty string the cursor is in (`base_model_id = "|"`). */
function quotedValueRange(editor: vscode.TextEditor): vscode.Range {
  const { selection, document } = editor;
  const cursor = selection.active;
  if (!selection.isEmpty || cursor.character === 0) return selection;
  const emptyString = new vscode.Range(cursor.translate(0, -1), cursor.translate(0, 1));
  return document.getText(emptyString) === '""' ? emptyString : selection;
}
