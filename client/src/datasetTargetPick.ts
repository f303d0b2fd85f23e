import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { parseObjectUrl } from '../../server/src/cloud/objectTarget';
import { DatasetTargetsRequest } from '../../server/src/protocol';

/** An object, and the `.tf` file of the block that names it when it was chosen from one. */
export interface PickedTarget {
  url: string;
  moduleUri?: string;
}

type TargetItem = vscode.QuickPickItem & { target: PickedTarget };

/**
 * The object a dataset is read from or uploaded to: one of the workspace's `training_dataset` blocks whose object
 * the server knows (its URL, and the file and line of the block), or an `oci://bucket@namespace/object` URL typed
 * into the same box.
 */
export async function pickDatasetTarget(client: LanguageClient, title: string): Promise<PickedTarget | undefined> {
  const choices = await client.sendRequest(DatasetTargetsRequest, {});
  const blockItems: TargetItem[] = choices.map((choice) => ({
    label: choice.url,
    description: `${vscode.workspace.asRelativePath(vscode.Uri.parse(choice.uri))}:${choice.line + 1}`,
    detail: choice.address,
    target: { url: choice.url, moduleUri: choice.uri },
  }));
  const pick = vscode.window.createQuickPick<TargetItem>();
  pick.title = title;
  pick.ignoreFocusOut = true;
  pick.matchOnDescription = true;
  pick.placeholder = blockItems.length ? 'A training_dataset block of the workspace, or type oci://bucket@namespace/object' : 'Type oci://bucket@namespace/object';
  pick.items = blockItems;
  pick.onDidChangeValue((value) => {
    const typed = parseObjectUrl(value) ? value.trim() : undefined;
    const typedItem: TargetItem | undefined = typed && !blockItems.some((item) => item.label === typed) ? { label: typed, description: 'as typed', alwaysShow: true, target: { url: typed } } : undefined;
    pick.items = typedItem ? [typedItem, ...blockItems] : blockItems;
  });
  return new Promise((resolve) => {
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0]?.target);
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}
