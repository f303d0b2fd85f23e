import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { ModuleEvaluator } from '../../server/src/convert/evaluate';
import { templateLiterals } from '../../server/src/convert/templateText';
import { testParser } from '../support/parser';
import { TemporaryModules } from '../support/workspace';

const modules = new TemporaryModules();
after(() => modules.removeAll());

const MAIN = `variable "compartment_id" {
  type = string
}
variable "prefix" {
  default = "support"
}
variable "epochs" {
  type    = number
  default = 1
}
variable "tags" {
  default = { team = "ml" }
}
variable "from_env" {}
variable "from_json" {}
variable "from_auto" {}
variable "from_var_file" {}
variable "nothing" {}

locals {
  name      = "\${var.prefix}-bot"
  namespace = "axk4z7krhqfx"
  loop      = local.loop
}

resource "oci_generative_ai_dedicated_ai_cluster" "training" {
  compartment_id = var.compartment_id
  type           = "FINE_TUNING"
  unit_count     = 1
  unit_shape     = "LARGE_COHERE_V2"
}

import {
  to = oci_generative_ai_dedicated_ai_cluster.training
  id = "ocid1.generativeaidedicatedaicluster.oc1.us-chicago-1.amaaaaaaimported"
}

resource "oci_generative_ai_model" "bot" {
  compartment_id = var.compartment_id
  base_model_id  = "ocid1.generativeaimodel.oc1.us-chicago-1.amaaaaaabase"
  display_name   = local.name
  description    = <<-EOT
    Fine-tuned by \${var.prefix}.
      Indented "quotes" \\n and $\${literal}
    EOT
  freeform_tags  = var.tags
  vendor         = "say \\"hi\\"\\t$\${not} %%{no}"
  version        = var.from_env
  fine_tune_details {
    dedicated_ai_cluster_id = oci_generative_ai_dedicated_ai_cluster.training.id
    training_dataset {
      bucket       = var.from_json
      dataset_type = "OBJECT_STORAGE"
      namespace    = local.namespace
      object       = "\${var.from_auto}/\${var.from_var_file}.jsonl"
    }
    training_config {
      training_config_type  = "LORA_TRAINING_CONFIG"
      total_training_epochs = var.epochs
      lora_r                = 8
      learning_rate         = 0.0002
    }
  }
}

resource "oci_generative_ai_model" "unknowns" {
  compartment_id = upper(var.compartment_id)
  base_model_id  = data.oci_generative_ai_models.base.model_collection[0].items[0].id
  display_name   = var.nothing
  description    = local.loop
  vendor         = "%{ if true }x%{ endif }"
  fine_tune_details {
    dedicated_ai_cluster_id = oci_generative_ai_dedicated_ai_cluster.other.id
    dynamic "training_dataset" {
      for_each = []
      content {}
    }
  }
}
`;

async function evaluator(env: NodeJS.ProcessEnv = {}, varFiles: string[] = []) {
  const opened = await modules.open({
    'main.tf': MAIN,
    'terraform.tfvars': 'compartment_id = "ocid1.compartment.oc1..aaaaaaaafromtfvars"\nepochs = 3\n',
    'terraform.tfvars.json': JSON.stringify({ from_json: 'bucket-from-json', epochs: 4 }),
    'b.auto.tfvars': 'from_auto = "auto-b"\n',
    'a.auto.tfvars': 'from_auto = "auto-a"\nepochs = 5\n',
    'extra.tfvars': 'from_var_file = "from-var-file"\nfrom_auto = "overridden"\n',
  });
  const { workspace, document, dir } = opened;
  const files = varFiles.map((file) => path.join(dir, file));
  return new ModuleEvaluator(dir, workspace.modules.contextFor(document), await testParser(), workspace.openDocuments(), { env, varFiles: files });
}

describe('static evaluation of a block', () => {
  it('evaluates literals, templates, variables from every source in Terraform\'s order, locals and known ids', async () => {
    const module = await evaluator({ TF_VAR_from_env: '2.0', TF_VAR_epochs: '2' }, ['extra.tfvars']);
    try {
      const { block, reader } = module.findResource('oci_generative_ai_model', 'bot')!;
      const { value, unknown } = module.evaluateBlock(block, reader);
      assert.deepEqual(unknown, []);
      assert.deepEqual(value.arguments, {
        compartment_id: 'ocid1.compartment.oc1..aaaaaaaafromtfvars',
        base_model_id: 'ocid1.generativeaimodel.oc1.us-chicago-1.amaaaaaabase',
        display_name: 'support-bot',
        description: 'Fine-tuned by support.\n  Indented "quotes" \\n and ${literal}\n',
        freeform_tags: { team: 'ml' },
        vendor: 'say "hi"\t${not} %{no}',
        version: '2.0',
      });
      const fineTune = value.blocks['fine_tune_details']!;
      assert.equal(fineTune.arguments['dedicated_ai_cluster_id'], 'ocid1.generativeaidedicatedaicluster.oc1.us-chicago-1.amaaaaaaimported');
      assert.deepEqual(fineTune.blocks['training_dataset']!.arguments, {
        bucket: 'bucket-from-json',
        dataset_type: 'OBJECT_STORAGE',
        namespace: 'axk4z7krhqfx',
        object: 'overridden/from-var-file.jsonl',
      });
      // The default 1, TF_VAR 2, terraform.tfvars 3, terraform.tfvars.json 4, a.auto.tfvars 5: the last wins.
      assert.deepEqual(fineTune.blocks['training_config']!.arguments, {
        training_config_type: 'LORA_TRAINING_CONFIG',
        total_training_epochs: 5,
        lora_r: 8,
        learning_rate: 0.0002,
      });
    } finally {
      module.dispose();
    }
  });

  it('names every argument Terraform alone can know, with the reason', async () => {
    const module = await evaluator();
    try {
      const { block, reader } = module.findResource('oci_generative_ai_model', 'unknowns')!;
      const unknown = module.evaluateBlock(block, reader).unknown;
      assert.deepEqual(
        unknown.map((u) => u.path),
        ['compartment_id', 'base_model_id', 'display_name', 'description', 'vendor', 'fine_tune_details.dedicated_ai_cluster_id', 'fine_tune_details.training_dataset'],
      );
      const reasons = Object.fromEntries(unknown.map((u) => [u.path, u.reason]));
      assert.match(reasons['compartment_id']!, /function call upper/);
      assert.match(reasons['base_model_id']!, /^data\.oci_generative_ai_models\.base\..*once it has created or read it/);
      assert.match(reasons['display_name']!, /var\.nothing, which has no default/);
      assert.match(reasons['description']!, /refers to itself/);
      assert.match(reasons['vendor']!, /directives/);
      assert.match(reasons['fine_tune_details.training_dataset']!, /dynamic block/);
      assert.equal(module.findResource('oci_generative_ai_model', 'absent'), undefined);
    } finally {
      module.dispose();
    }
  });

  it('keeps an object key named __proto__ as a key (found by the drift property test)', async () => {
    const { workspace, document, dir } = await modules.open({
      'main.tf': 'resource "oci_generative_ai_model" "m" {\n  freeform_tags = {\n    "__proto__" = "x"\n    team = "a"\n  }\n}\n',
    });
    const module = new ModuleEvaluator(dir, workspace.modules.contextFor(document), await testParser(), workspace.openDocuments(), { env: {}, varFiles: [] });
    try {
      const { block, reader } = module.findResource('oci_generative_ai_model', 'm')!;
      const tags = module.evaluateBlock(block, reader).value.arguments['freeform_tags'] as Record<string, unknown>;
      assert.deepEqual(Object.entries(tags), [['__proto__', 'x'], ['team', 'a']]);
    } finally {
      module.dispose();
    }
  });

  it('uses ids from the local state, which win over import blocks', async () => {
    const state = { resources: [{ mode: 'managed', type: 'oci_generative_ai_model', name: 'base', instances: [{ attributes: { id: 'ocid1.generativeaimodel.oc1.us-chicago-1.fromstate' } }] }] };
    const { workspace, document, dir } = await modules.open({
      'main.tf': 'resource "oci_generative_ai_model" "m" {\n  base_model_id = oci_generative_ai_model.base.id\n}\nimport {\n  to = oci_generative_ai_model.base\n  id = "ocid1.generativeaimodel.oc1.us-chicago-1.fromimport"\n}\n',
      'terraform.tfstate': JSON.stringify(state),
    });
    const module = new ModuleEvaluator(dir, workspace.modules.contextFor(document), await testParser(), workspace.openDocuments(), { env: {}, varFiles: [] });
    try {
      const { block, reader } = module.findResource('oci_generative_ai_model', 'm')!;
      assert.equal(module.evaluateBlock(block, reader).value.arguments['base_model_id'], 'ocid1.generativeaimodel.oc1.us-chicago-1.fromstate');
    } finally {
      module.dispose();
    }
  });
});

describe('static evaluation of variables', () => {
  it('takes a reference in a default or a .tfvars value as not static, instead of following it forever (found by the LSP fuzz suite)', async () => {
    const { workspace, document, dir } = await modules.open({
      'main.tf': 'variable "a" {\n  default = var.b\n}\nvariable "b" {}\nresource "oci_generative_ai_model" "m" {\n  display_name = var.a\n  vendor = var.b\n}\n',
      'terraform.tfvars': 'b = var.a\n',
    });
    const module = new ModuleEvaluator(dir, workspace.modules.contextFor(document), await testParser(), workspace.openDocuments(), { env: {}, varFiles: [] });
    try {
      const { block, reader } = module.findResource('oci_generative_ai_model', 'm')!;
      const reasons = Object.fromEntries(module.evaluateBlock(block, reader).unknown.map((u) => [u.path, u.reason]));
      assert.match(reasons['display_name']!, /var\.b in a variable's value, where Terraform allows no references/);
      assert.match(reasons['vendor']!, /var\.a in a variable's value/);
    } finally {
      module.dispose();
    }
  });
});

describe('template text', () => {
  it('splits quoted templates at interpolations and decodes escapes', () => {
    assert.deepEqual(templateLiterals('"a${var.x}b${"}"}c\\n$${d}"'), ['a', 'b', 'c\n${d}']);
    assert.deepEqual(templateLiterals('"\\u00e9\\U0001F600"'), ['é😀']);
    assert.equal(templateLiterals('"%{ if x }y%{ endif }"'), undefined);
  });

  it('reads heredocs, flushing an indented one to its least indented line', () => {
    assert.deepEqual(templateLiterals('<<EOT\n  raw ${x}\\n\nEOT'), ['  raw ', '\\n\n']);
    assert.deepEqual(templateLiterals('<<-EOT\n    a\n      b ${x}\n\n    EOT'), ['a\n  b ', '\n\n']);
  });
});
