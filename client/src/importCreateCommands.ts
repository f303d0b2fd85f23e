import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SERVER_COMMANDS, type ModelsTreeNode } from '../../server/src/protocol';
import { registerCommand } from './command';
import type { CreateDetailsDocuments } from './createDetails';
import { createModel, type ConfirmCreate } from './createModel';
import { importModel } from './importModel';

/**
 * Our interactive create. Not the server's command id: vscode-languageclient registers a command for each id of
 * the server's `executeCommandProvider`, which runs the create whole on the server.
 */
const CREATE_MODEL_COMMAND = 'ociGenaiTf.createModel';

/** Import (from the palette, and on a custom model of the view) and create (code lens, editor menu, palette). */
export function registerImportCreateCommands(client: LanguageClient, details: CreateDetailsDocuments, confirm: ConfirmCreate): vscode.Disposable[] {
  return [
    registerCommand('ociGenaiTf.importModel', 'The model could not be imported', () => importModel(client)),
    registerCommand('ociGenaiTf.models.import', 'The model could not be imported', (node?: ModelsTreeNode) => importModel(client, node)),
    registerCommand(CREATE_MODEL_COMMAND, 'The model could not be created', (uri?: unknown, address?: unknown) => createModel(client, details, confirm, uri, address)),
  ];
}

/** The server's "Create in OCI..." lenses run our interactive create, with the same arguments. */
export function withInteractiveCreate(lens: vscode.CodeLens): vscode.CodeLens {
  if (lens.command?.command === SERVER_COMMANDS.createModel) lens.command = { ...lens.command, command: CREATE_MODEL_COMMAND };
  return lens;
}
