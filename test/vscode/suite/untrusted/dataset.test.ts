import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { emulator, sleep, workspaceFile } from '../helpers';

const main = workspaceFile('datasets/main.tf');

// The runner's untrusted pass (see untrusted.test.ts): the same blocks as the trusted pass's dataset tests.
describe('training datasets in an untrusted workspace', () => {
  it('offers no dataset lens, warns about no object, and asks Object Storage nothing', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    await vscode.window.showTextDocument(main);
    // Longer than the trusted pass takes for the lenses and the warning.
    await sleep(4000);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', main);
    assert.deepEqual(lenses.map((lens) => lens.command?.title), []);
    assert.ok(!vscode.languages.getDiagnostics(main).some((d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'dataset-not-found'));
    await vscode.commands.executeCommand('ociGenaiTf.checkDataset', main.toString(), 'oci://genai-datasets@axk4z7krhqfx/support-chat/train.jsonl');
    const { items } = (await emulator('GET', '/requests')) as { items: unknown[] };
    assert.deepEqual(items, [], 'no request reached the emulator');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
