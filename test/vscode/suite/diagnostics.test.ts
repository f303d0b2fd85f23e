import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnosticsWhen, EXTENSION_ID, screenshot, sleep, workspaceFile } from './helpers';

describe('diagnostics in VS Code', () => {
  const main = workspaceFile('fine-tuning/main.tf');

  it('activates on a Terraform file', async () => {
    const document = await vscode.workspace.openTextDocument(main);
    await vscode.window.showTextDocument(document);
    assert.equal(document.languageId, 'terraform');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, 'the extension is installed');
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('shows the mistakes of a broken block with their ranges', async () => {
    const diagnostics = await diagnosticsWhen(main, (d) => d.length >= 2);
    const byCode = new Map(diagnostics.map((d) => [String(typeof d.code === 'object' ? d.code.value : d.code), d]));
    const unknown = byCode.get('unknown-argument');
    assert.ok(unknown, JSON.stringify(diagnostics.map((d) => d.message)));
    assert.equal(unknown.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(unknown.source, 'oci-genai-tf');
    assert.deepEqual([unknown.range.start.line, unknown.range.start.character, unknown.range.end.character], [19, 6, 15]);
    const ignored = byCode.get('training-field-ignored');
    assert.equal(ignored?.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(ignored?.range.start.line, 18);
  });

  it('clears them when the file is fixed', async () => {
    const document = await vscode.workspace.openTextDocument(main);
    const edit = new vscode.WorkspaceEdit();
    const text = document.getText();
    const replace = (from: string, to: string): void => {
      const offset = text.indexOf(from);
      edit.replace(main, new vscode.Range(document.positionAt(offset), document.positionAt(offset + from.length)), to);
    };
    replace('VANILLA_TRAINING_CONFIG', 'LORA_TRAINING_CONFIG');
    replace('lora_rank', 'lora_alpha');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.deepEqual(await diagnosticsWhen(main, (d) => d.length === 0), []);
  });

  it('lists the mistakes of examples/common-mistakes in the Problems panel (screenshot)', async () => {
    const mistakes = workspaceFile('common-mistakes/main.tf');
    await vscode.window.showTextDocument(mistakes);
    // The same findings as `oci-genai-tf lint examples/common-mistakes`: 6 errors and 3 warnings.
    const diagnostics = await diagnosticsWhen(mistakes, (d) => d.length === 9);
    const severities = diagnostics.map((d) => d.severity);
    assert.equal(severities.filter((s) => s === vscode.DiagnosticSeverity.Error).length, 6);
    assert.equal(severities.filter((s) => s === vscode.DiagnosticSeverity.Warning).length, 3);
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await sleep(1500);
    await screenshot('problems');
    await vscode.commands.executeCommand('workbench.action.closePanel');
  });
});
