import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { diagnosticsWhen, eventually, extensionApi, needsUiDriver, screenshot, sleep, workspaceFile } from './helpers';

/** What the extension's `activate` returns, as far as these tests use it. */
interface ExtensionApi {
  confirmUpload: (question: string, action: string) => Promise<boolean>;
}

const main = workspaceFile('datasets/main.tf');
const local = workspaceFile('datasets/train.jsonl');
const WITH_PROBLEMS = 'oci://genai-datasets@axk4z7krhqfx/support-chat/train-with-problems.jsonl';
const UPLOADED = 'oci://genai-datasets@axk4z7krhqfx/uploads/e2e-train.jsonl';

async function lenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
}

function notFound(diagnostics: vscode.Diagnostic[]): vscode.Diagnostic[] {
  return diagnostics.filter((d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'dataset-not-found');
}

/** The text a person types into the quick input, then Enter; the runner types it (run-in-code-server.mjs). */
function enter(text: string): void {
  console.log(`[oci-genai-tf e2e] enter ${text}`);
}

describe('training datasets in Object Storage (the OCI emulator)', () => {
  let api: ExtensionApi;
  let confirmInModal: ExtensionApi['confirmUpload'];

  before(async () => {
    api = await extensionApi<ExtensionApi>();
    confirmInModal = api.confirmUpload;
    await vscode.window.showTextDocument(main);
  });

  after(async () => {
    api.confirmUpload = confirmInModal;
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('offers Check and Upload on each training_dataset block, and warns on the object that is not there', async () => {
    const found = await eventually('the dataset lenses', () => lenses(main), (all) => all.filter((l) => l.command?.title === 'Check dataset').length === 2);
    const check = found.find((l) => l.command?.title === 'Check dataset')!;
    assert.equal(check.range.start.line, 17, 'on the training_dataset line');
    assert.equal(check.command!.command, 'ociGenaiTf.checkDataset', "the server's lens runs the interactive check");
    assert.deepEqual(check.command!.arguments, [main.toString(), WITH_PROBLEMS]);
    assert.ok(found.some((l) => l.command?.title === 'Upload dataset...' && l.command.command === 'ociGenaiTf.uploadDataset'));
    const [warning] = notFound(await diagnosticsWhen(main, (d) => notFound(d).length === 1));
    assert.equal(warning!.range.start.line, 38, 'on `object` of the block whose object is missing');
    assert.equal(warning!.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(warning!.message, /^Bucket genai-datasets \(namespace axk4z7krhqfx\) has no object uploads\/e2e-train\.jsonl\./);
  });

  it('checks the object of a block and shows the report as a document (screenshot)', async () => {
    const check = (await lenses(main)).find((l) => l.command?.title === 'Check dataset')!;
    await vscode.commands.executeCommand(check.command!.command, ...check.command!.arguments!);
    const report = vscode.window.activeTextEditor!.document;
    assert.equal(report.uri.scheme, 'oci-genai-dataset');
    const lines = report.getText().trimEnd().split('\n');
    assert.equal(lines[0], `${WITH_PROBLEMS}:3: error: not valid JSON: expected ',' or '}' after property value [not-json]`);
    assert.match(lines.at(-1)!, /: 4 examples \(3 training, 1 validation\); 1 duplicate; .*; 7 errors, 4 warnings$/);
    await vscode.commands.executeCommand('notifications.showList');
    await sleep(500);
    await screenshot('dataset-check');
    await vscode.commands.executeCommand('notifications.hideList');
  });

  it('uploads a local .jsonl to the object chosen in the quick pick, and replaces it only once confirmed; the warning clears', async function () {
    needsUiDriver(this);
    const questions: string[] = [];
    api.confirmUpload = async (question) => {
      questions.push(question);
      return true;
    };
    const upload = async (): Promise<void> => {
      const uploading = vscode.commands.executeCommand('ociGenaiTf.uploadDataset', local);
      // The block's item: the typed URL is its label.
      enter(UPLOADED);
      await uploading;
    };
    await upload();
    assert.deepEqual(questions, [], 'a new object: nothing to confirm');
    await diagnosticsWhen(main, (d) => notFound(d).length === 0);

    fs.appendFileSync(local.fsPath, '{"prompt":"Do you offer refunds?","completion":"Annual plans, within 14 days."}\n');
    await upload();
    assert.equal(questions.length, 1);
    assert.match(questions[0]!, /^Replace oci:\/\/genai-datasets@axk4z7krhqfx\/uploads\/e2e-train\.jsonl \(\d+ bytes, different content\) with train\.jsonl \(\d+ bytes\)\?$/);
    const check = (await lenses(main)).filter((l) => l.command?.title === 'Check dataset')[1]!;
    await vscode.commands.executeCommand(check.command!.command, ...check.command!.arguments!);
    assert.match(vscode.window.activeTextEditor!.document.getText(), /: 4 examples .* 0 errors, 0 warnings\n$/, 'the replaced object holds the four examples');
  });
});
