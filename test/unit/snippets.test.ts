import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from '@cdktf/hcl2json';
import { FIXTURES, TemporaryModules } from '../support/workspace';

const snippets = JSON.parse(fs.readFileSync(path.join(FIXTURES, '..', '..', 'snippets', 'terraform.json'), 'utf8')) as Record<string, { prefix: string; body: string[] }>;

/** A snippet as inserted when every tab stop keeps its default (the first choice, or nothing). */
function expand(body: string[]): string {
  return body
    .join('\n')
    .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '');
}

const MODULE = `variable "compartment_id" {}
variable "object_storage_namespace" {}
variable "dataset_bucket" {}
resource "oci_generative_ai_dedicated_ai_cluster" "fine_tuning" {
  compartment_id = var.compartment_id
  type           = "FINE_TUNING"
  unit_count     = 1
  unit_shape     = "LARGE_COHERE_V2"
}
data "oci_generative_ai_models" "fine_tunable" {
  compartment_id = var.compartment_id
}
`;

const modules = new TemporaryModules();
after(() => modules.removeAll());

describe('snippets', () => {
  it('cover the LoRA, Vanilla and T-Few models, the cluster and the base-model data source', () => {
    assert.deepEqual(Object.values(snippets).map((s) => s.prefix).sort(), [
      'oci-genai-base-models',
      'oci-genai-cluster',
      'oci-genai-model-lora',
      'oci-genai-model-tfew',
      'oci-genai-model-vanilla',
    ]);
  });

  for (const [name, snippet] of Object.entries(snippets)) {
    it(`${snippet.prefix}: valid HCL with no diagnostic once its defaults are in`, async () => {
      const text = expand(snippet.body);
      await parse('main.tf', text);
      const { workspace, uri } = await modules.open({ 'module.tf': MODULE, 'main.tf': text.replace(/"fine_tuning"|"fine_tunable"/, '"from_snippet"') });
      assert.deepEqual(workspace.diagnostics(uri).map((d) => `${d.code}: ${d.message}`), [], name);
      workspace.dispose();
    });
  }
});
