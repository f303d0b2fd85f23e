import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { definition, references } from '../../server/src/features/navigation';
import { withCursor } from '../support/cursor';
import { testParser } from '../support/parser';
import { TemporaryModules } from '../support/workspace';

const modules = new TemporaryModules();
after(() => modules.removeAll());

const OTHER = `variable "compartment_id" {}
locals {
  prefix = "m"
}
resource "oci_generative_ai_dedicated_ai_cluster" "ft" {
  compartment_id = var.compartment_id
  type           = "FINE_TUNING"
  unit_count     = 1
  unit_shape     = "LARGE_COHERE_V2"
}
`;

async function navigate(marked: string) {
  const { text, position } = withCursor(marked);
  const { workspace, document } = await modules.open({ 'other.tf': OTHER, 'main.tf': text });
  const input = { module: workspace.modules.contextFor(document), parser: await testParser(), openDocuments: () => workspace.openDocuments() };
  const where = (l: { uri: string; range: { start: { line: number; character: number } } }): string =>
    `${path.basename(l.uri)}:${l.range.start.line + 1}:${l.range.start.character + 1}`;
  const result = {
    definition: definition(document, position, input),
    references: references(document, position, true, input).map(where).sort(),
    where,
  };
  workspace.dispose();
  return result;
}

const MAIN = (marker: string): string => `resource "oci_generative_ai_model" "m" {
  compartment_id = ${marker}
  display_name   = "\${local.prefix}-model" # var.compartment_id in a comment is not a reference
  description    = "var.compartment_id in plain text is not one either"
  fine_tune_details {
    dedicated_ai_cluster_id = oci_generative_ai_dedicated_ai_cluster.ft.id
  }
}
`;

describe('navigation', () => {
  it('goes from a variable reference to its declaration in another file, and finds its real references', async () => {
    const done = await navigate(MAIN('var.compart|ment_id'));
    assert.equal(done.where(done.definition!), 'other.tf:1:10');
    assert.deepEqual(done.references, ['main.tf:2:20', 'other.tf:1:10', 'other.tf:6:20']);
  });

  it('goes from a resource reference to the resource, and from the declaration finds the references', async () => {
    const done = await navigate(MAIN('var.compartment_id').replace('dedicated_ai_cluster.ft.id', 'dedicated_ai_cluster.f|t.id'));
    assert.equal(done.where(done.definition!), 'other.tf:5:51');
    assert.deepEqual(done.references, ['main.tf:6:31', 'other.tf:5:51']);
  });

  it('finds references of a local value inside a template', async () => {
    const done = await navigate(MAIN('var.compartment_id').replace('${local.prefix}', '${local.pre|fix}'));
    assert.equal(done.where(done.definition!), 'other.tf:3:3');
    assert.deepEqual(done.references, ['main.tf:3:23', 'other.tf:3:3']);
  });

  it('answers nothing on what is not a reference', async () => {
    const done = await navigate(MAIN('var.compartment_id').replace('display_name', 'display_n|ame'));
    assert.equal(done.definition, undefined);
    assert.deepEqual(done.references, []);
  });
});
