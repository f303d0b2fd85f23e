import * as assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { CodeAction, TextEdit } from 'vscode-languageserver-types';
import { codeActions } from '../../server/src/features/codeActions';
import { applyEdits } from '../support/cursor';
import { sampleModel } from '../support/samples';
import { TemporaryModules } from '../support/workspace';

const modules = new TemporaryModules();
after(() => modules.removeAll());

/** The quick fixes for a file, and what the file becomes with each applied (and its diagnostics then). */
async function fixes(text: string, extra: Record<string, string> = {}): Promise<{ title: string; action: CodeAction; result: string; after: string[] }[]> {
  const { workspace, document, uri } = await modules.open({ 'variables.tf': 'variable "compartment_id" {}\n', ...extra, 'main.tf': text });
  const actions = codeActions(document, workspace.diagnostics(uri), { registry: workspace.registry, module: workspace.modules.contextFor(document) });
  const results = actions.map((action) => {
    const result = applyEdits(text, action.edit!.changes![uri] as TextEdit[]);
    workspace.change(uri, [{ text: result }], 2);
    const after = workspace.diagnostics(uri).map((d) => `${d.code}`);
    workspace.change(uri, [{ text }], 3);
    return { title: action.title, action, result, after };
  });
  workspace.dispose();
  return results;
}

describe('quick fixes', () => {
  it('apply the did-you-mean of an argument name, a value and a reference', async () => {
    const text = sampleModel({ trainingConfig: ['training_config_type = "LORA_TRAININ_CONFIG"', 'lora_rank = 8'] }).replace('var.compartment_id', 'var.compartment_idd');
    const found = await fixes(text);
    const byTitle = new Map(found.map((f) => [f.title, f]));
    assert.ok(byTitle.has('Change `lora_rank` to `lora_r`'));
    assert.ok(byTitle.has('Change `"LORA_TRAININ_CONFIG"` to `"LORA_TRAINING_CONFIG"`'));
    assert.ok(byTitle.has('Change `var.compartment_idd` to `var.compartment_id`'));
    for (const fix of found) {
      assert.equal(fix.action.isPreferred, true);
      assert.equal(fix.after.length, 2, `${fix.title} fixes exactly its own diagnostic: ${fix.after.join(', ')}`);
    }
  });

  it('add missing arguments and blocks with placeholder values, one at a time or all at once', async () => {
    const text = 'resource "oci_generative_ai_model" "m" {\n  display_name = "x"\n}\n';
    const found = await fixes(text, { 'cluster.tf': 'resource "oci_generative_ai_dedicated_ai_cluster" "ft" {\n  compartment_id = var.compartment_id\n  type = "FINE_TUNING"\n  unit_count = 1\n  unit_shape = "LARGE_COHERE_V2"\n}\n' });
    const all = found.find((f) => f.title === 'Add all 3 missing arguments and blocks')!;
    assert.equal(
      all.result,
      `resource "oci_generative_ai_model" "m" {
  display_name = "x"
  base_model_id  = ""
  compartment_id = var.compartment_id
  fine_tune_details {
    dedicated_ai_cluster_id = oci_generative_ai_dedicated_ai_cluster.ft.id
    training_dataset {
      bucket       = ""
      dataset_type = "OBJECT_STORAGE"
      namespace    = ""
      object       = ""
    }
  }
}
`,
    );
    assert.deepEqual(all.after, ['malformed-ocid'], 'only the empty OCID placeholder is left to fill in');
    const one = found.find((f) => f.title === 'Add `compartment_id`')!;
    assert.match(one.result, /  display_name = "x"\n  compartment_id = var\.compartment_id\n\}/);
  });

  it('opens up a block written as `name {}` to add what it needs', async () => {
    const text = sampleModel({ trainingConfig: ['training_config_type = "TFEW_TRAINING_CONFIG"'] }).replace(/    training_config \{\n[^}]*\}/, '    training_config {}');
    const fix = (await fixes(text)).find((f) => f.title === 'Add `training_config_type`')!;
    assert.match(fix.result, /    training_config \{\n      training_config_type = "LORA_TRAINING_CONFIG"\n    \}/);
    assert.deepEqual(fix.after, []);
  });

  it('remove a training field the training type ignores, and a read-only attribute, with their lines', async () => {
    const text = sampleModel({ trainingConfig: ['training_config_type = "VANILLA_TRAINING_CONFIG"', 'lora_r = [', '  8', ']', 'num_of_last_layers = 2'] }).replace('  display_name', '  state = "ACTIVE"\n  display_name');
    const found = await fixes(text);
    const lora = found.find((f) => f.title.startsWith('Remove `lora_r`'))!;
    assert.match(lora.result, /training_config_type = "VANILLA_TRAINING_CONFIG"\n      num_of_last_layers = 2\n/);
    assert.ok(!lora.after.includes('training-field-ignored'));
    const state = found.find((f) => f.title.startsWith('Remove `state`'))!;
    assert.ok(!state.result.includes('state ='));
    assert.ok(!state.after.includes('computed-attribute'));
  });

  it('swap OCIDs pasted into each other\'s arguments, in one action for both diagnostics', async () => {
    const model = 'ocid1.generativeaimodel.oc1.us-chicago-1.amaaaaaabbbbbbbbccccccccdddddddd';
    const cluster = 'ocid1.generativeaidedicatedaicluster.oc1.us-chicago-1.amaaaaaabbbbbbbbcccccccc';
    const text = sampleModel({ trainingConfig: ['training_config_type = "TFEW_TRAINING_CONFIG"'] }).replace(`"${model}"`, `"${cluster}"`).replace(`= "${cluster}"\n    training_dataset`, `= "${model}"\n    training_dataset`);
    const found = (await fixes(text)).filter((f) => f.title.startsWith('Swap'));
    assert.equal(found.length, 1);
    assert.equal(found[0]!.action.diagnostics!.length, 2);
    assert.deepEqual(found[0]!.after, []);
    assert.ok(found[0]!.result.includes(`base_model_id  = "${model}"`));
  });

  it('move an OCID to the argument its kind belongs to when that one is missing', async () => {
    const cluster = 'ocid1.generativeaidedicatedaicluster.oc1.us-chicago-1.amaaaaaabbbbbbbbcccccccc';
    const text = sampleModel({ trainingConfig: ['training_config_type = "TFEW_TRAINING_CONFIG"'] })
      .replace(/base_model_id  = "[^"]*"/, `base_model_id  = "${cluster}"`)
      .replace(/    dedicated_ai_cluster_id = "[^"]*"\n/, '');
    const move = (await fixes(text)).find((f) => f.title === 'Move this OCID to `dedicated_ai_cluster_id`')!;
    assert.match(move.result, new RegExp(`    dedicated_ai_cluster_id = "${cluster.replace(/\./g, '\\.')}"\\n  \\}`));
    assert.match(move.result, /base_model_id  = ""/);
  });
});
