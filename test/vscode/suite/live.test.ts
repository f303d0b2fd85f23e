import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnosticsWhen, workspaceFile } from './helpers';

const main = workspaceFile('live/main.tf');
const literal = workspaceFile('live/literal.tf');

function labels(list: vscode.CompletionList): string[] {
  return list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
}

/** Completion at the end of a line's text until it offers `wanted`: the first ask starts the fetch. */
async function completionOffering(uri: vscode.Uri, lineText: string, wanted: string, timeoutMs = 20_000): Promise<string[]> {
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  const line = document.getText().split('\n').findIndex((l) => l.includes(lineText));
  const position = new vscode.Position(line, document.lineAt(line).text.indexOf('""') + 1);
  const deadline = Date.now() + timeoutMs;
  let offered: string[] = [];
  while (Date.now() < deadline) {
    offered = labels(await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position));
    if (offered.includes(wanted)) return offered;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  assert.fail(`completion never offered ${wanted}: ${offered.join(', ')}`);
}

describe('your tenancy in VS Code (the OCI emulator)', () => {
  it('completes base_model_id with the base models that can be fine-tuned', async () => {
    const offered = await completionOffering(main, 'base_model_id', 'cohere.command-r-08-2024 (1.7)');
    assert.ok(!offered.some((label) => label.startsWith('cohere.command-r-plus')), 'not a model without FINE_TUNE');
  });

  it('completes the fine-tuning clusters of the compartment the settings name', async () => {
    const configuration = vscode.workspace.getConfiguration('ociGenaiTf');
    await configuration.update('oci.compartmentId', process.env['OCI_GENAI_TF_E2E_COMPARTMENT'], vscode.ConfigurationTarget.Workspace);
    try {
      const offered = await completionOffering(main, 'dedicated_ai_cluster_id', 'fine-tuning-cluster');
      assert.ok(!offered.some((label) => label.includes('hosting')), offered.join(', '));
    } finally {
      await configuration.update('oci.compartmentId', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('warns about a literal base model without FINE_TUNE, and shows the live model on hover', async () => {
    const document = await vscode.workspace.openTextDocument(literal);
    await vscode.window.showTextDocument(document);
    const diagnostics = await diagnosticsWhen(literal, (d) => d.some((x) => x.code === 'base-model-not-fine-tunable'));
    const warning = diagnostics.find((d) => d.code === 'base-model-not-fine-tunable')!;
    assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(warning.message, /^cohere\.command-r-plus-08-2024 cannot be fine-tuned/);
    assert.ok(!diagnostics.some((d) => d.code === 'cluster-not-fine-tuning'), 'the cluster is a FINE_TUNING one');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', literal, warning.range.start.translate(0, 10));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /base model by cohere, ACTIVE/);
  });
});
