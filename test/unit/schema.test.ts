import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SchemaRegistry } from '../../server/src/schema/registry';
import type { AttributeSchema, BlockSchema } from '../../server/src/schema/schemaTypes';
import { parseVersion } from '../../server/src/workspace/providerVersions';

const registry = new SchemaRegistry();
const ATTRIBUTE_KEYS = new Set(['type', 'mode', 'computed', 'forceNew', 'description', 'allowedValues', 'ocidKinds', 'appliesWhen', 'since', 'apiName', 'format']);
const BLOCK_KEYS = new Set(['mode', 'computed', 'nesting', 'minItems', 'maxItems', 'forceNew', 'description', 'attributes', 'blocks', 'since', 'apiName']);

function eachAttribute(
  attributes: Record<string, AttributeSchema>,
  blocks: Record<string, BlockSchema> | undefined,
  visit: (name: string, attribute: AttributeSchema, siblings: Record<string, AttributeSchema>) => void,
): void {
  for (const [name, attribute] of Object.entries(attributes)) visit(name, attribute, attributes);
  for (const block of Object.values(blocks ?? {})) {
    for (const key of Object.keys(block)) assert.ok(BLOCK_KEYS.has(key), `unknown block key ${key}`);
    eachAttribute(block.attributes, block.blocks, visit);
  }
}

describe('schema', () => {
  it('has the model resource, its siblings and the data sources, for provider 8.28.0', () => {
    assert.equal(registry.provider.version, '8.28.0');
    for (const type of ['oci_generative_ai_model', 'oci_generative_ai_dedicated_ai_cluster', 'oci_generative_ai_endpoint']) {
      assert.ok(registry.get('resource', type), type);
    }
    for (const type of ['oci_generative_ai_model', 'oci_generative_ai_models', 'oci_generative_ai_dedicated_ai_cluster', 'oci_generative_ai_dedicated_ai_clusters', 'oci_generative_ai_endpoint', 'oci_generative_ai_endpoints']) {
      assert.ok(registry.get('data', type), `data ${type}`);
    }
  });

  it('describes every attribute fully and consistently', () => {
    for (const schema of registry.all()) {
      eachAttribute(schema.attributes, schema.blocks, (name, attribute, siblings) => {
        const where = `${schema.kind} ${schema.type}: ${name}`;
        for (const key of Object.keys(attribute)) assert.ok(ATTRIBUTE_KEYS.has(key), `${where}: unknown key ${key}`);
        assert.ok(attribute.description.length > 10, `${where}: description`);
        assert.ok(['required', 'optional', 'computed'].includes(attribute.mode), `${where}: mode`);
        if (attribute.computed) assert.equal(attribute.mode, 'optional', `${where}: only optional attributes are also computed`);
        if (attribute.since) assert.ok(parseVersion(attribute.since), `${where}: since`);
        if (attribute.allowedValues) assert.ok(attribute.allowedValues.values.length > 0, `${where}: values`);
        if (attribute.appliesWhen) {
          const selector = siblings[attribute.appliesWhen.attribute];
          assert.ok(selector?.allowedValues, `${where}: appliesWhen names a sibling with allowed values`);
          for (const value of attribute.appliesWhen.values) assert.ok(selector.allowedValues.values.includes(value), `${where}: ${value}`);
        }
        for (const kind of attribute.ocidKinds ?? []) assert.ok(registry.provider.ocidKinds[kind], `${where}: OCID kind ${kind}`);
      });
    }
  });

  it('records what the provider source says about the model resource', () => {
    const model = registry.get('resource', 'oci_generative_ai_model')!;
    assert.deepEqual(model.timeouts, { create: '80m', update: '20m', delete: '20m' });
    const fineTune = model.blocks['fine_tune_details']!;
    assert.equal(fineTune.forceNew, true);
    assert.equal(fineTune.maxItems, 1);
    const config = fineTune.blocks!['training_config']!.attributes;
    assert.equal(config['training_config_type']!.allowedValues!.caseSensitive, false);
    assert.equal(config['lora_r']!.since, '6.1.0');
    assert.deepEqual(config['num_of_last_layers']!.appliesWhen?.values, ['VANILLA_TRAINING_CONFIG']);
    assert.equal(fineTune.blocks!['training_dataset']!.attributes['dataset_type']!.allowedValues!.validatedBy, 'provider');
    assert.equal(model.attributes['state']!.mode, 'computed');
    assert.equal(model.attributes['id']!.mode, 'computed');
  });

  it('builds data sources from their resource, read-only', () => {
    const single = registry.get('data', 'oci_generative_ai_model')!;
    assert.equal(single.attributes['model_id']!.mode, 'required');
    assert.equal(single.attributes['base_model_id']!.mode, 'computed');
    assert.equal(single.attributes['fine_tune_details']!.mode, 'computed');
    const list = registry.get('data', 'oci_generative_ai_models')!;
    const collection = registry.objectAttributes((list.attributes['model_collection']!.type as { list: never }).list)!;
    const items = registry.objectAttributes((collection['items']!.type as { list: never }).list)!;
    assert.deepEqual(items['id']?.ocidKinds, ['generativeaimodel']);
    assert.equal(items['display_name']!.mode, 'computed');
  });
});
