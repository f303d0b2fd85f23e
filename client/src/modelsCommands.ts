import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ModelsTreeFilterRequest, ModelsTreeLoadMoreRequest, ModelsTreeRefreshRequest, type ModelsTreeNode } from '../../server/src/protocol';
import { registerCommand } from './command';
import { addCompartment, removeCompartment } from './compartmentsSetting';
import type { ModelDetailsDocuments } from './modelDetails';
import { pickModelsFilter } from './modelsFilter';
import { MODELS_VIEW_ID, type ModelsTree } from './modelsView';

const COMPARTMENT_ID_PREFIX = 'compartment:';

/** The commands of the models view and its nodes. */
export function registerModelsCommands(client: LanguageClient, tree: ModelsTree, details: ModelDetailsDocuments): vscode.Disposable[] {
  const inView = <T>(work: Thenable<T>): Thenable<T> => vscode.window.withProgress({ location: { viewId: MODELS_VIEW_ID } }, () => work);
  const commands: Record<string, [failure: string, run: (...args: any[]) => Promise<unknown>]> = {
    'ociGenaiTf.models.refresh': [
      'The models could not be refreshed',
      // A compartment's node (its menu) or OCID (the server's "retry" nodes): that compartment; none (the view's
      // title bar, the palette): everything.
      async (target?: ModelsTreeNode | string) => {
        const node = typeof target === 'string' ? tree.shownNode(`${COMPARTMENT_ID_PREFIX}${target}`) : target;
        const compartmentId = typeof target === 'string' ? target : node?.id.startsWith(COMPARTMENT_ID_PREFIX) ? node.id.slice(COMPARTMENT_ID_PREFIX.length) : undefined;
        await inView(client.sendRequest(ModelsTreeRefreshRequest, compartmentId ? { compartmentId } : {}));
        tree.refresh(compartmentId ? node : undefined);
      },
    ],
    'ociGenaiTf.models.loadMore': [
      'More models could not be listed',
      async (compartmentId: string) => {
        await inView(client.sendRequest(ModelsTreeLoadMoreRequest, { compartmentId }));
        tree.refresh(tree.shownNode(`${COMPARTMENT_ID_PREFIX}${compartmentId}`));
      },
    ],
    'ociGenaiTf.models.addCompartment': ['The compartment could not be added', addCompartment],
    'ociGenaiTf.models.removeCompartment': ['The compartment could not be removed', removeCompartment],
    'ociGenaiTf.models.filter': [
      'The filter could not be applied',
      async () => {
        const filter = await pickModelsFilter(tree.filter);
        if (filter) await client.sendRequest(ModelsTreeFilterRequest, filter);
      },
    ],
    'ociGenaiTf.models.clearFilter': ['The filter could not be cleared', () => client.sendRequest(ModelsTreeFilterRequest, {})],
    'ociGenaiTf.models.copyOcid': [
      'The OCID could not be copied',
      async (node?: ModelsTreeNode) => {
        const model = modelOf(node);
        await vscode.env.clipboard.writeText(model.id);
        vscode.window.setStatusBarMessage(`$(copy) Copied the OCID of ${model.displayName ?? 'the model'}.`, 4000);
      },
    ],
    'ociGenaiTf.models.showDetails': ['The model details could not be shown', (node?: ModelsTreeNode) => details.show(modelOf(node))],
    'ociGenaiTf.models.openInConsole': [
      'The OCI Console could not be opened',
      (node?: ModelsTreeNode) => Promise.resolve(vscode.env.openExternal(vscode.Uri.parse(modelOf(node).consoleUrl))),
    ],
  };
  return Object.entries(commands).map(([id, [failure, run]]) => registerCommand(id, failure, run));
}

/** The model of a node these commands were run on; the commands are only offered on model nodes. */
function modelOf(node: ModelsTreeNode | undefined): NonNullable<ModelsTreeNode['model']> {
  if (!node?.model) throw new Error('run it on a model in the OCI Generative AI view.');
  return node.model;
}
