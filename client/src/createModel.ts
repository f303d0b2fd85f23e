import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CreateModelRequest, PlanCreateRequest, type CreateModelResponse, type UnknownValue } from '../../server/src/protocol';
import type { CreateDetailsDocuments } from './createDetails';
import { argumentValueProblem } from './ocidInput';

/** Asks the person whether to create; the modal by default (see `ExtensionApi.confirmCreate`). */
export type ConfirmCreate = (message: string) => Promise<boolean>;

type Answers = Record<string, string>;
type Target = { uri: string; address: string } | { uri: string; position: { line: number; character: number } };

const CREATE = 'Create';
const COPY_OCID = 'Copy OCID';
const SHOW_MODELS = 'Show the Models View';

export async function confirmInModal(message: string): Promise<boolean> {
  return (await vscode.window.showWarningMessage(message, { modal: true }, CREATE)) === CREATE;
}

/**
 * "Create in OCI...": on the block of a code lens (`uri`, `address`) or the model block at the cursor. Asks for the
 * values only Terraform knows, shows the request beside the editor and asks to confirm; then the server creates the
 * model, shows its progress and writes the import block into the file.
 */
export async function createModel(client: LanguageClient, details: CreateDetailsDocuments, confirm: ConfirmCreate, uri?: unknown, address?: unknown): Promise<void> {
  const target = createTarget(uri, address);
  if (!target) return void vscode.window.showWarningMessage('Put the cursor in an oci_generative_ai_model block of a Terraform file to create its model in OCI.');
  const answers: Answers = {};
  // Answers can make other values known or unknown (a local that uses one), so plan again until nothing is missing.
  for (;;) {
    const plan = await client.sendRequest(PlanCreateRequest, { ...target, answers });
    if (plan.kind === 'refused') return void vscode.window.showWarningMessage(plan.reason);
    if (plan.kind === 'ready') {
      await details.show(plan.address, plan.details);
      const question = `Create ${plan.address} in ${plan.region} with profile [${plan.profile}]? Fine-tuning starts at once and is billed.`;
      if (!(await confirm(question))) return;
      const outcome = await client.sendRequest(CreateModelRequest, { uri: target.uri, address: plan.address, answers, detailsHash: plan.detailsHash });
      return showOutcome(plan.address, outcome);
    }
    for (const [index, unknown] of plan.unknown.entries()) {
      const value = await askValue(plan.address, unknown, `${index + 1}/${plan.unknown.length}`);
      if (value === undefined) return;
      answers[unknown.path] = value;
    }
  }
}

/** The lens's arguments, or the active Terraform editor's cursor (the editor menu passes the file's URI alone). */
function createTarget(uri: unknown, address: unknown): Target | undefined {
  if (typeof address === 'string' && (typeof uri === 'string' || uri instanceof vscode.Uri)) return { uri: uri.toString(), address };
  const editor = vscode.window.activeTextEditor;
  if (editor?.document.languageId !== 'terraform') return undefined;
  const { line, character } = editor.selection.active;
  return { uri: editor.document.uri.toString(), position: { line, character } };
}

/** The live choices the server offers, and a value typed; an input box straight away when there are no choices. */
async function askValue(address: string, unknown: UnknownValue, step: string): Promise<string | undefined> {
  const title = `Create ${address} in OCI (${step})`;
  const why = `${unknown.path}: ${unknown.reason}.`;
  if (unknown.choices.length > 0) {
    const items: (vscode.QuickPickItem & { value?: string })[] = [
      ...unknown.choices.map((choice) => ({ label: choice.label, description: choice.description, detail: choice.value, value: choice.value })),
      { label: '$(edit) Enter a value...', alwaysShow: true },
    ];
    const picked = await vscode.window.showQuickPick(items, { title, placeHolder: `${why} Choose the value to send.`, ignoreFocusOut: true });
    if (!picked) return undefined;
    if (picked.value !== undefined) return picked.value;
  }
  const typed = await vscode.window.showInputBox({ title, prompt: `${why} Enter the value to send.`, ignoreFocusOut: true, validateInput: (text) => argumentValueProblem(unknown.path, text) });
  return typed?.trim();
}

/** The end of a create: its messages are not waited for, so that the command ends with the create. */
function showOutcome(address: string, outcome: CreateModelResponse): void {
  if (outcome.status === 'failed') {
    const errors = outcome.errors.map((error) => error.replace(/\.$/, '')).join('; ');
    void vscode.window.showErrorMessage(`The training of ${address} failed (${errors}); the file keeps the FAILED model's OCID in a comment for clean-up.`);
  } else if (outcome.status === 'succeeded') {
    void vscode.window.showInformationMessage(`${address} was created in OCI as ${outcome.modelId}.`, COPY_OCID).then((choice) => {
      if (choice === COPY_OCID) void vscode.env.clipboard.writeText(outcome.modelId);
    });
  } else {
    const message = `${address} goes on being created in OCI as ${outcome.modelId}; the OCI Generative AI view shows it CREATING until its training ends.`;
    void vscode.window.showInformationMessage(message, SHOW_MODELS).then((choice) => {
      if (choice === SHOW_MODELS) void vscode.commands.executeCommand('workbench.view.extension.ociGenaiTf');
    });
  }
}
