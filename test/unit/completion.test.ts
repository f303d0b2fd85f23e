import * as assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { parse } from '@cdktf/hcl2json';
import type { CompletionItem, TextEdit } from 'vscode-languageserver-types';
import { completions, type LiveValueProvider } from '../../server/src/features/completion';
import { applyEdits, withCursor } from '../support/cursor';
import { TemporaryModules } from '../support/workspace';

/** Declarations the completions can refer to, in a second file of the module. */
const DECLARATIONS = `variable "compartment_id" {}
variable "region" {}
locals {
  tags = {}
}
resource "oci_generative_ai_dedicated_ai_cluster" "training" {
  compartment_id = var.compartment_id
  type           = "FINE_TUNING"
  unit_count     = 1
  unit_shape     = "LARGE_COHERE_V2"
}
resource "oci_generative_ai_dedicated_ai_cluster" "pool" {
  count          = 2
  compartment_id = var.compartment_id
  type           = "FINE_TUNING"
  unit_count     = 1
  unit_shape     = "LARGE_COHERE_V2"
}
data "oci_generative_ai_models" "base" {
  compartment_id = var.compartment_id
}
`;

const modules = new TemporaryModules();
after(() => modules.removeAll());

interface Completed {
  items: CompletionItem[];
  text: string;
  labels: string[];
  /** The text after accepting the item with this label (its plain-text form). */
  accept: (label: string) => string;
}

async function complete(marked: string, options: { snippets?: boolean; live?: LiveValueProvider } = {}): Promise<Completed> {
  const { text, position } = withCursor(marked);
  const { workspace, document } = await modules.open({ 'declarations.tf': DECLARATIONS, 'main.tf': text });
  const items = completions(document, position, {
    registry: workspace.registry,
    module: workspace.modules.contextFor(document),
    settings: { snippets: options.snippets ?? false, markdown: true },
    live: options.live,
  });
  workspace.dispose();
  return {
    items,
    text,
    labels: items.map((item) => item.label),
    accept: (label) => {
      const item = items.find((candidate) => candidate.label === label);
      assert.ok(item, `no item ${label} in ${items.map((i) => i.label).join(', ')}`);
      return applyEdits(text, [item.textEdit as TextEdit]);
    },
  };
}

const MODEL = (inner: string): string => `resource "oci_generative_ai_model" "m" {\n${inner}\n}\n`;
const TRAINING = (inner: string): string => MODEL(`  fine_tune_details {\n    training_config {\n${inner}\n    }\n  }`);

describe('completion', () => {
  it('offers our resources and data sources at the top level, each prefilled with what it requires', async () => {
    const done = await complete('|');
    assert.ok(done.labels.includes('resource "oci_generative_ai_model"'));
    assert.ok(done.labels.includes('data "oci_generative_ai_models"'));
    const inserted = done.accept('resource "oci_generative_ai_model"');
    assert.match(inserted, /^resource "oci_generative_ai_model" "name" \{\n  base_model_id  = data\.oci_generative_ai_models\.base\.model_collection\[0\]\.items\[0\]\.id\n  compartment_id = var\.compartment_id\n  fine_tune_details \{\n    dedicated_ai_cluster_id = oci_generative_ai_dedicated_ai_cluster\.training\.id\n    training_dataset \{/);
    assert.match(inserted, /dataset_type = "OBJECT_STORAGE"/);
    // The plain-text skeleton is valid HCL as it stands.
    await parse('main.tf', inserted);
  });

  it('gives snippet tab stops to clients that support them, and none to others', async () => {
    const snippet = (await complete('|', { snippets: true })).items.find((item) => item.label === 'resource "oci_generative_ai_model"')!;
    assert.equal(snippet.insertTextFormat, 2);
    assert.match((snippet.textEdit as TextEdit).newText, /"\$\{1:name\}"/);
    assert.match((snippet.textEdit as TextEdit).newText, /dataset_type = "\$\{\d+:OBJECT_STORAGE\}"/);
    const plain = await complete(MODEL('  |'));
    for (const item of plain.items) {
      assert.equal(item.insertTextFormat, 1);
      assert.doesNotMatch((item.textEdit as TextEdit).newText, /\$\{?\d/, item.label);
    }
  });

  it('offers the arguments and blocks not yet written, required first, never read-only ones', async () => {
    const done = await complete(MODEL('  display_name = "x"\n  comp|'));
    assert.ok(!done.labels.includes('display_name'), 'already present');
    for (const computed of ['state', 'capabilities', 'time_created', 'model_metrics', 'id']) assert.ok(!done.labels.includes(computed), computed);
    const sorted = [...done.items].sort((a, b) => a.sortText!.localeCompare(b.sortText!)).map((item) => item.label);
    assert.deepEqual(sorted.slice(0, 3), ['base_model_id', 'compartment_id', 'fine_tune_details']);
    assert.ok(done.labels.includes('for_each') && done.labels.includes('lifecycle') && done.labels.includes('timeouts'));
    assert.equal(done.accept('compartment_id'), MODEL('  display_name = "x"\n  compartment_id = var.compartment_id'));
    const item = done.items.find((i) => i.label === 'compartment_id')!;
    assert.equal(item.detail, 'string · required');
    assert.match((item.documentation as { value: string }).value, /OCID of the compartment/);
  });

  it('offers only the training fields of the chosen training type, all of them marked when none is chosen', async () => {
    const vanilla = await complete(TRAINING('      training_config_type = "vanilla_training_config"\n      |'));
    assert.ok(vanilla.labels.includes('num_of_last_layers'));
    assert.ok(!vanilla.labels.includes('lora_r') && !vanilla.labels.includes('lora_alpha'));
    assert.ok(vanilla.labels.includes('learning_rate'));
    const none = await complete(TRAINING('      |'));
    assert.ok(none.labels.includes('lora_r') && none.labels.includes('num_of_last_layers'));
    assert.match(none.items.find((i) => i.label === 'lora_r')!.detail!, /only with LoRA · set training_config_type first/);
  });

  it('offers allowed values inside the quotes, replacing the quote the editor closed', async () => {
    const done = await complete(TRAINING('      training_config_type = "LO|"'));
    assert.deepEqual(done.labels, ['"LORA_TRAINING_CONFIG"', '"TFEW_TRAINING_CONFIG"', '"VANILLA_TRAINING_CONFIG"']);
    assert.equal(done.accept('"LORA_TRAINING_CONFIG"'), TRAINING('      training_config_type = "LORA_TRAINING_CONFIG"'));
    const dataset = await complete(MODEL('  fine_tune_details {\n    training_dataset {\n      dataset_type = |\n    }\n  }'));
    assert.deepEqual(dataset.labels.filter((l) => l.startsWith('"')), ['"OBJECT_STORAGE"']);
  });

  it('offers references of the right kind after `=`: clusters, the base-model data source, variables', async () => {
    const cluster = await complete(MODEL('  fine_tune_details {\n    dedicated_ai_cluster_id = |\n  }'));
    assert.deepEqual(cluster.labels.slice(0, 2), ['oci_generative_ai_dedicated_ai_cluster.training.id', 'oci_generative_ai_dedicated_ai_cluster.pool[0].id']);
    assert.ok(cluster.labels.includes('var.compartment_id'));
    const base = await complete(MODEL('  base_model_id = |'));
    assert.equal(base.labels[0], 'data.oci_generative_ai_models.base.model_collection[0].items[0].id');
    const compartment = await complete(MODEL('  compartment_id = |'));
    assert.equal(compartment.labels[0], 'var.compartment_id', 'the variable named like the argument comes first');
  });

  it('completes references step by step', async () => {
    assert.deepEqual((await complete(MODEL('  display_name = var.|'))).labels, ['compartment_id', 'region']);
    assert.deepEqual((await complete(MODEL('  display_name = local.|'))).labels, ['tags']);
    assert.deepEqual((await complete(MODEL('  display_name = oci_generative_ai_dedicated_ai_cluster.|'))).labels.sort(), ['pool', 'training']);
    const attributes = (await complete(MODEL('  display_name = oci_generative_ai_dedicated_ai_cluster.training.|'))).labels;
    assert.ok(attributes.includes('id') && attributes.includes('unit_shape') && attributes.includes('capacity'));
    const items = (await complete(MODEL('  display_name = data.oci_generative_ai_models.base.model_collection[0].items[0].|'))).labels;
    assert.ok(items.includes('display_name') && items.includes('capabilities') && items.includes('fine_tune_details'));
    const accepted = (await complete(MODEL('  display_name = var.comp|'))).accept('compartment_id');
    assert.equal(accepted, MODEL('  display_name = var.compartment_id'));
  });

  it('offers list values, booleans, timeouts and dynamic block labels', async () => {
    const capability = await complete('data "oci_generative_ai_models" "x" {\n  capability = ["FI|"]\n}\n');
    assert.ok(capability.labels.includes('"FINE_TUNE"'));
    const bool = await complete('resource "oci_generative_ai_endpoint" "e" {\n  content_moderation_config {\n    is_enabled = |\n  }\n}\n');
    assert.deepEqual(bool.labels.filter((l) => !l.includes('.')), ['true', 'false']);
    const timeouts = await complete(MODEL('  timeouts {\n    |\n  }'));
    assert.deepEqual(timeouts.labels, ['create', 'update', 'delete']);
    assert.match(timeouts.accept('create'), /create = "80m"/);
    const dynamic = await complete(MODEL('  fine_tune_details {\n    dynamic "|" {\n    }\n  }'));
    assert.deepEqual(dynamic.labels.sort(), ['training_config', 'training_dataset']);
    const resourceTypes = await complete('resource "oci_gen|');
    assert.deepEqual(resourceTypes.labels.sort(), ['oci_generative_ai_dedicated_ai_cluster', 'oci_generative_ai_endpoint', 'oci_generative_ai_model']);
  });

  it('asks the live-value provider for values and shows them', async () => {
    const live: LiveValueProvider = {
      values: ({ attribute }) =>
        attribute === 'base_model_id' ? [{ label: 'cohere.command-r-08-2024 (1.0)', insertText: '"ocid1.generativeaimodel.oc1.us-chicago-1.amaaaaaalive"' }] : [],
    };
    const done = await complete(MODEL('  base_model_id = |'), { live });
    assert.ok(done.labels.includes('cohere.command-r-08-2024 (1.0)'));
    assert.equal(done.accept('cohere.command-r-08-2024 (1.0)'), MODEL('  base_model_id = "ocid1.generativeaimodel.oc1.us-chicago-1.amaaaaaalive"'));
  });

  it('works in half-typed files: an empty value above more lines, a block never closed', async () => {
    const emptyValue = await complete(MODEL('  compartment_id = \n  |\n  display_name = "x"'));
    assert.ok(emptyValue.labels.includes('base_model_id') && !emptyValue.labels.includes('display_name') && !emptyValue.labels.includes('compartment_id'));
    const unclosed = await complete('resource "oci_generative_ai_model" "m" {\n  fine_tune_details {\n    |');
    assert.ok(unclosed.labels.includes('dedicated_ai_cluster_id') && unclosed.labels.includes('training_dataset'));
    const valueInBroken = await complete('resource "oci_generative_ai_model" "m" {\n  fine_tune_details {\n    training_config {\n      training_config_type = "|');
    assert.ok(valueInBroken.labels.includes('"TFEW_TRAINING_CONFIG"'));
  });

  it('reads a position past the end of its line as the line end, with `\n` or `\r\n` (found by the LSP fuzz suite)', async () => {
    for (const lineBreak of ['\n', '\r\n']) {
      const text = MODEL('  ').replace(/\n/g, lineBreak);
      const { workspace, document } = await modules.open({ 'main.tf': text });
      const input = { registry: workspace.registry, module: workspace.modules.contextFor(document), settings: { snippets: false, markdown: true } };
      const atEnd = completions(document, { line: 1, character: 2 }, input);
      const pastEnd = completions(document, { line: 1, character: 5 }, input);
      workspace.dispose();
      assert.ok(atEnd.length > 0);
      assert.deepEqual(pastEnd, atEnd, JSON.stringify(lineBreak));
    }
  });

  it('leaves out the arguments already written in `\r\n` files too (found by the LSP fuzz suite)', async () => {
    const crlf = await complete(MODEL('  compartment_id = "x"\n  |').replace(/\n/g, '\r\n'));
    assert.ok(crlf.labels.includes('base_model_id'));
    assert.ok(!crlf.labels.includes('compartment_id'));
  });

  it('offers nothing in comments, in other resource types, or in object keys', async () => {
    assert.deepEqual((await complete(MODEL('  # a comment |'))).items, []);
    assert.deepEqual((await complete('resource "aws_instance" "x" {\n  |\n}\n')).items, []);
    assert.deepEqual((await complete(MODEL('  freeform_tags = { | }'))).items, []);
  });
});
