import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { diagnosticsWhen, emulator, eventually, workspaceFile } from './helpers';

/** A model as the emulator holds it (GET /__emulator/state), as far as this suite reads it. */
interface EmulatorModel {
  id: string;
  displayName: string;
  compartmentId: string;
  baseModelId: string;
  fineTuneDetails: {
    dedicatedAiClusterId: string;
    trainingDataset: { datasetType: string; namespaceName: string; bucketName: string; objectName: string };
  };
}

const file = workspaceFile('drift/main.tf');

/** The block of a live model as a person keeps it, renamed locally, with the import block that names the model. */
function moduleText(model: EmulatorModel): string {
  const dataset = model.fineTuneDetails.trainingDataset;
  return `resource "oci_generative_ai_model" "assistant" {
  compartment_id = "${model.compartmentId}"
  base_model_id  = "${model.baseModelId}"
  display_name   = "renamed locally"
  fine_tune_details {
    dedicated_ai_cluster_id = "${model.fineTuneDetails.dedicatedAiClusterId}"
    training_dataset {
      bucket       = "${dataset.bucketName}"
      dataset_type = "${dataset.datasetType}"
      namespace    = "${dataset.namespaceName}"
      object       = "${dataset.objectName}"
    }
  }
}

import {
  to = oci_generative_ai_model.assistant
  id = "${model.id}"
}
`;
}

async function lensTitles(): Promise<string[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', file);
  return lenses.filter((lens) => lens.command?.title.startsWith('OCI:') || lens.command?.command === 'ociGenaiTf.showDrift').map((lens) => lens.command!.title);
}

describe('live status and drift (the OCI emulator)', () => {
  let model: EmulatorModel;

  before(async () => {
    const state = (await emulator('GET', '/state')) as { models: EmulatorModel[] };
    model = state.models.find((m) => m.displayName === 'support-assistant-v1')!;
    fs.mkdirSync(vscode.Uri.joinPath(file, '..').fsPath, { recursive: true });
    fs.writeFileSync(file.fsPath, moduleText(model));
  });

  after(async () => {
    // Later suites close every editor, which would ask about unsaved changes.
    await vscode.workspace.saveAll(false);
  });

  it('shows the live state above the block, marks the field that differs, and the quick fix takes the live value', async () => {
    await vscode.window.showTextDocument(file);
    const titles = await eventually('the live lenses', lensTitles, (t) => t.length === 2 && t[0]!.startsWith('OCI: ACTIVE'));
    assert.deepEqual(titles, ['OCI: ACTIVE · accuracy 0.8731 · loss 0.4127', '1 difference from OCI: applying updates it in place']);
    const diagnostics = await diagnosticsWhen(file, (d) => d.some((x) => x.code === 'drift'));
    const drift = diagnostics.find((d) => d.code === 'drift')!;
    assert.equal(drift.severity, vscode.DiagnosticSeverity.Information);
    assert.equal(drift.message, 'live value: "support-assistant-v1" (the file says "renamed locally"); applying the file would update it in place');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', file, drift.range);
    const take = actions.find((action) => action.title === 'Take the live value of `display_name`: "support-assistant-v1"');
    assert.ok(take?.edit, actions.map((action) => action.title).join(', '));
    assert.ok(await vscode.workspace.applyEdit(take.edit));
    const document = await vscode.workspace.openTextDocument(file);
    assert.match(document.getText(), /^ {2}display_name {3}= "support-assistant-v1"$/m);
    await document.save();
    await diagnosticsWhen(file, (d) => !d.some((x) => x.code === 'drift'));
    assert.deepEqual(await eventually('in sync', lensTitles, (t) => t[1] === 'In sync with OCI'), ['OCI: ACTIVE · accuracy 0.8731 · loss 0.4127', 'In sync with OCI']);
  });

  it('shows the whole comparison as a read-only document', async () => {
    await vscode.commands.executeCommand('ociGenaiTf.showDrift', file.toString(), 'oci_generative_ai_model.assistant');
    const shown = await eventually(
      'the comparison',
      async () => vscode.window.visibleTextEditors.find((editor) => editor.document.uri.scheme === 'oci-genai-drift')?.document.getText() ?? '',
      (text) => text.length > 0,
    );
    assert.match(shown, new RegExp(`^oci_generative_ai_model\\.assistant {2}${model.id.replace(/\./g, '\\.')}\\nOCI: ACTIVE`));
    assert.match(shown, /^In sync with OCI$/m);
    assert.match(shown, /^display_name +"support-assistant-v1" +"support-assistant-v1" +in sync$/m);
  });
});
