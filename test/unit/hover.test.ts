import * as assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { hover } from '../../server/src/features/hover';
import { withCursor } from '../support/cursor';
import { testParser } from '../support/parser';
import { TemporaryModules } from '../support/workspace';

const VARIABLES = 'variable "compartment_id" {\n  type        = string\n  description = "Where the models live."\n}\n';
const CLUSTER = 'resource "oci_generative_ai_dedicated_ai_cluster" "ft" {\n  compartment_id = var.compartment_id\n  type           = "FINE_TUNING"\n  unit_count     = 1\n  unit_shape     = "LARGE_COHERE_V2"\n}\n';
const modules = new TemporaryModules();
after(() => modules.removeAll());

async function hoverAt(marked: string): Promise<{ text: string; range: unknown } | undefined> {
  const { text, position } = withCursor(marked);
  const { workspace, document } = await modules.open({ 'variables.tf': VARIABLES, 'cluster.tf': CLUSTER, 'main.tf': text });
  const result = hover(document, position, {
    registry: workspace.registry,
    module: workspace.modules.contextFor(document),
    documentAt: (other) => workspace.get(other),
    parser: await testParser(),
  });
  workspace.dispose();
  return result && { text: (result.contents as { value: string }).value, range: result.range };
}

const MODEL = (inner: string): string => `resource "oci_generative_ai_model" "m" {\n${inner}\n}\n`;

describe('hover', () => {
  it('describes an argument: type, whether required, what it is, that changing it replaces the model', async () => {
    const shown = await hoverAt(MODEL('  base_mo|del_id = "x"'));
    assert.match(shown!.text, /^\*\*base_model_id\*\* · string · required/);
    assert.match(shown!.text, /replaces the model/);
    assert.deepEqual(shown!.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 15 } });
  });

  it('says which training type a field belongs to, its provider version and the allowed values', async () => {
    const lora = await hoverAt(MODEL('  fine_tune_details {\n    training_config {\n      lora_|alpha = 16\n    }\n  }'));
    assert.match(lora!.text, /Used only when `training_config_type` is `LORA_TRAINING_CONFIG`/);
    assert.match(lora!.text, /Needs OCI provider 6\.1\.0/);
    const type = await hoverAt(MODEL('  fine_tune_details {\n    training_config {\n      training_config_t|ype = "X"\n    }\n  }'));
    assert.match(type!.text, /Values: `LORA_TRAINING_CONFIG`, `TFEW_TRAINING_CONFIG`, `VANILLA_TRAINING_CONFIG` \(the provider rejects others; case does not matter\)/);
  });

  it('describes blocks and resource types', async () => {
    assert.match((await hoverAt(MODEL('  fine_tune_de|tails {\n  }')))!.text, /\*\*fine_tune_details\*\* · block · required \(at most one\)/);
    assert.match((await hoverAt('resource "oci_generative_ai_m|odel" "m" {\n}\n'))!.text, /Default timeouts: create 80m, update 20m, delete 20m/);
  });

  it('says what a reference points to: a variable with its declared type and description, a resource attribute', async () => {
    const variable = await hoverAt(MODEL('  compartment_id = var.compartm|ent_id'));
    assert.match(variable!.text, /\*\*var\.compartment_id\*\* · variable declared in variables\.tf:1/);
    assert.match(variable!.text, /Where the models live\./);
    assert.match(variable!.text, /type: `string`/);
    const cluster = await hoverAt(MODEL('  fine_tune_details {\n    dedicated_ai_cluster_id = oci_generative_ai_dedicated_ai_cluster.ft.i|d\n  }'));
    assert.match(cluster!.text, /\*\*oci_generative_ai_dedicated_ai_cluster\.ft\*\* · resource declared in cluster\.tf:1/);
    assert.match(cluster!.text, /OCID of a Generative AI dedicated AI cluster/);
    assert.match((await hoverAt(MODEL('  compartment_id = var.nowh|ere')))!.text, /no variable `nowhere` is declared/);
  });

  it('reads a literal OCID', async () => {
    const shown = await hoverAt(MODEL('  base_model_id = "ocid1.generativeaimodel.oc1.us-chicago-1.amaaaaa|aabbbbbbbbcccc"'));
    assert.equal(shown!.text, 'OCID of a Generative AI model (realm `oc1`, region `us-chicago-1`)');
  });

  it('says nothing outside our blocks or in comments', async () => {
    assert.equal(await hoverAt('resource "aws_instance" "x" {\n  am|i = "x"\n}\n'), undefined);
    assert.equal(await hoverAt(MODEL('  # base_mo|del_id')), undefined);
  });
});
