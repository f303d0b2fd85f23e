import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnosticsWhen, emulator, eventually, extensionApi, screenshot, sleep, workspaceFile } from '../helpers';

/** What the extension's `activate` returns, as far as this test uses it. */
interface ExtensionApi {
  modelsTree: { getChildren(): Promise<{ id: string; label: string; contextValue: string; command?: { command: string } }[]> };
  ociStatus: () => { state: string; message: string } | undefined;
}

const main = workspaceFile('live/main.tf');
const literal = workspaceFile('live/literal.tf');

function labels(list: vscode.CompletionList): string[] {
  return list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
}

// The runner's untrusted pass: workspace trust on, the folder never trusted, and the same user settings as the
// trusted pass (the emulator's endpoint and config), so that only the trust keeps the extension from calling OCI.
describe('an untrusted workspace (workspace trust on, the folder not trusted)', () => {
  it('never calls OCI: no live values, the view asks for trust, the status bar says untrusted (screenshot)', async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'VS Code does not trust the folder');
    const document = await vscode.workspace.openTextDocument(main);
    await vscode.window.showTextDocument(document);
    assert.equal(document.languageId, 'terraform');
    const api = await extensionApi<ExtensionApi>();
    const status = await eventually('the untrusted status', async () => api.ociStatus(), (s) => s?.state === 'untrusted');
    assert.match(status!.message, /trust/i);

    // Checks from the schema still work: the same extension, minus the cloud.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(main, new vscode.Position(5, 0), '  displayname = "typo"\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await diagnosticsWhen(main, (d) => d.some((x) => x.message.includes('Did you mean `display_name`')));

    // Completion of base_model_id, asked again for longer than a live answer takes in the trusted pass: the schema's
    // answers only, never a base model of the tenancy.
    const line = document.getText().split('\n').findIndex((l) => l.includes('base_model_id'));
    const position = new vscode.Position(line, document.lineAt(line).text.indexOf('""') + 1);
    for (let ask = 0; ask < 8; ask++) {
      const offered = labels(await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', main, position));
      assert.ok(!offered.some((label) => /cohere\.|meta\./.test(label)), `no live base model: ${offered.join(', ')}`);
      await sleep(250);
    }

    // No live check of a literal OCID: the base model without FINE_TUNE goes unnoticed.
    await vscode.window.showTextDocument(literal);
    await sleep(1500);
    assert.ok(!vscode.languages.getDiagnostics(literal).some((d) => d.code === 'base-model-not-fine-tunable'));

    // The models view: one node, which says why and leads to the trust settings.
    const roots = await api.modelsTree.getChildren();
    assert.deepEqual(roots.map((node) => node.id), ['message:untrusted']);
    assert.match(roots[0]!.label, /^Trust this workspace/);
    assert.equal(roots[0]!.command?.command, 'workbench.trust.manage');
    await vscode.window.showTextDocument(main);
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    await vscode.commands.executeCommand('workbench.view.extension.ociGenaiTf');
    await sleep(1000);
    await screenshot('untrusted');

    const { items } = (await emulator('GET', '/requests')) as { items: { method: string; path: string }[] };
    assert.deepEqual(items.map((request) => `${request.method} ${request.path}`), [], 'no request reached the emulator');
  });
});
