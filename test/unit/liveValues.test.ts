import * as assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { LiveCatalog, LiveCluster, LiveModel, LiveModelDetails, Lookup } from '../../server/src/cloud/liveData';
import { completions } from '../../server/src/features/completion';
import { hover } from '../../server/src/features/hover';
import { liveValueProvider, resolveCompartment } from '../../server/src/features/liveValues';
import { applyEdits, withCursor } from '../support/cursor';
import { testParser } from '../support/parser';
import { sampleModel } from '../support/samples';
import { TemporaryModules } from '../support/workspace';

const modules = new TemporaryModules();
after(() => modules.removeAll());

const COMPARTMENT = 'ocid1.compartment.oc1..aaaaaaaacompartmentfromtfvars';
const OTHER_COMPARTMENT = 'ocid1.compartment.oc1..aaaaaaaaothercompartment';
const FINE_TUNABLE: LiveModel = {
  id: 'ocid1.generativeaimodel.oc1.us-chicago-1.amaaaaaafinetunable',
  displayName: 'cohere.command-r-08-2024',
  vendor: 'cohere',
  version: '1.0',
  type: 'BASE',
  lifecycleState: 'ACTIVE',
  capabilities: ['CHAT', 'FINE_TUNE'],
};
const CHAT_ONLY: LiveModel = { ...FINE_TUNABLE, id: 'ocid1.generativeaimodel.oc1.us-chicago-1.amaaaaaachatonly', displayName: 'cohere.command-r-plus', capabilities: ['CHAT'] };
const FINE_TUNING: LiveCluster = {
  id: 'ocid1.generativeaidedicatedaicluster.oc1.us-chicago-1.amaaaaaafinetuning',
  displayName: 'training-pool',
  type: 'FINE_TUNING',
  lifecycleState: 'ACTIVE',
  unitShape: 'LARGE_COHERE_V2',
  unitCount: 2,
};
const HOSTING: LiveCluster = { ...FINE_TUNING, id: 'ocid1.generativeaidedicatedaicluster.oc1.us-chicago-1.amaaaaaahosting', displayName: 'serving', type: 'HOSTING' };

/** A catalog that knows some objects and records which compartments it was asked about. */
class FakeCatalog implements LiveCatalog {
  readonly askedCompartments: string[] = [];
  constructor(private readonly pendingOcids = new Set<string>()) {}
  fineTunableBaseModels(compartmentId: string): readonly LiveModel[] {
    this.askedCompartments.push(compartmentId);
    return [FINE_TUNABLE];
  }
  fineTuningClusters(compartmentId: string): readonly LiveCluster[] {
    this.askedCompartments.push(compartmentId);
    return compartmentId === COMPARTMENT ? [FINE_TUNING] : [];
  }
  model(ocid: string): Lookup<LiveModel> {
    if (this.pendingOcids.has(ocid)) return { state: 'pending' };
    const found = [FINE_TUNABLE, CHAT_ONLY].find((model) => model.id === ocid);
    return found ? { state: 'known', value: found } : { state: 'absent', message: 'not found' };
  }
  cluster(ocid: string): Lookup<LiveCluster> {
    const found = [FINE_TUNING, HOSTING].find((cluster) => cluster.id === ocid);
    return found ? { state: 'known', value: found } : { state: 'absent', message: 'not found' };
  }
  modelDetails(): Lookup<LiveModelDetails> {
    return { state: 'absent', message: 'not found' };
  }
  refreshModelDetails(): void {}
}

const VARIABLES = `variable "compartment_id" {
  default = "${OTHER_COMPARTMENT}"
}
`;

describe('live values', () => {
  it('finds the compartment of a block: a literal, else the variable from tfvars, TF_VAR_ or its default', async () => {
    const { workspace, document } = await modules.open({ 'variables.tf': VARIABLES, 'terraform.tfvars': `compartment_id = "${COMPARTMENT}"\n`, 'main.tf': '' });
    const module = workspace.modules.contextFor(document);
    assert.equal(resolveCompartment(`${OTHER_COMPARTMENT}`, module, {}), OTHER_COMPARTMENT);
    assert.equal(resolveCompartment('var.compartment_id', module, { TF_VAR_compartment_id: 'ocid1.compartment.oc1..aaaaaaaafromenv' }), COMPARTMENT);
    assert.equal(resolveCompartment('var.nope', module, {}), undefined);
    assert.equal(resolveCompartment('local.x', module, {}), undefined);
    const { workspace: plain, document: plainDocument } = await modules.open({ 'variables.tf': VARIABLES, 'main.tf': '' });
    const withoutTfvars = plain.modules.contextFor(plainDocument);
    assert.equal(resolveCompartment('var.compartment_id', withoutTfvars, { TF_VAR_compartment_id: 'ocid1.compartment.oc1..aaaaaaaafromenv' }), 'ocid1.compartment.oc1..aaaaaaaafromenv');
    assert.equal(resolveCompartment('var.compartment_id', withoutTfvars, {}), OTHER_COMPARTMENT);
  });

  it('completes base_model_id with the base models that can be fine-tuned, and the cluster with the compartment\'s fine-tuning clusters', async () => {
    const catalog = new FakeCatalog();
    const complete = async (marked: string) => {
      const { text, position } = withCursor(marked);
      const { workspace, document } = await modules.open({ 'variables.tf': VARIABLES, 'terraform.tfvars': `compartment_id = "${COMPARTMENT}"\n`, 'main.tf': text });
      const module = workspace.modules.contextFor(document);
      const items = completions(document, position, { registry: workspace.registry, module, settings: { snippets: false, markdown: true }, live: liveValueProvider(catalog, module, 'ocid1.tenancy.oc1..root', {}) });
      return { text, items };
    };
    const model = await complete(sampleModel({ trainingConfig: ['training_config_type = "TFEW_TRAINING_CONFIG"'] }).replace(/base_model_id  = "[^"]*"/, 'base_model_id  = |'));
    const offered = model.items.find((item) => item.label === 'cohere.command-r-08-2024 (1.0)');
    assert.ok(offered, model.items.map((item) => item.label).join(', '));
    assert.equal(offered.detail, 'cohere: can be fine-tuned');
    assert.match(applyEdits(model.text, [offered.textEdit as never]), /base_model_id {2}= "ocid1\.generativeaimodel\.oc1\.us-chicago-1\.amaaaaaafinetunable"/);
    const cluster = await complete(sampleModel({ trainingConfig: ['training_config_type = "TFEW_TRAINING_CONFIG"'] }).replace(/dedicated_ai_cluster_id = "[^"]*"/, 'dedicated_ai_cluster_id = "|"'));
    const clusters = cluster.items.filter((item) => item.detail?.startsWith('fine-tuning cluster'));
    assert.deepEqual(clusters.map((item) => [item.label, item.detail]), [['training-pool', 'fine-tuning cluster: LARGE_COHERE_V2, 2 units']]);
    assert.deepEqual([...new Set(catalog.askedCompartments)], [COMPARTMENT], 'the compartment of the block, from terraform.tfvars');
  });

  it('falls back to the default compartment, and offers nothing for other arguments', async () => {
    const catalog = new FakeCatalog();
    const { text, position } = withCursor('resource "oci_generative_ai_model" "m" {\n  base_model_id = |\n}\n');
    const { workspace, document } = await modules.open({ 'main.tf': text });
    const module = workspace.modules.contextFor(document);
    const provider = liveValueProvider(catalog, module, 'ocid1.tenancy.oc1..root', {});
    completions(document, position, { registry: workspace.registry, module, settings: { snippets: false, markdown: false }, live: provider });
    assert.deepEqual(catalog.askedCompartments, ['ocid1.tenancy.oc1..root']);
    const endpoint = workspace.registry.get('resource', 'oci_generative_ai_endpoint')!;
    assert.deepEqual(provider.values({ type: endpoint, path: [endpoint.type], attribute: 'model_id', schema: endpoint.attributes['model_id']!, compartment: undefined }), []);
  });

  it('shows the live model and cluster on hover of a literal OCID, and where the lookup stands', async () => {
    const catalog = new FakeCatalog(new Set(['ocid1.generativeaimodel.oc1.us-chicago-1.amaaaaaapending']));
    const hoverOn = async (marked: string): Promise<string> => {
      const { text, position } = withCursor(marked);
      const { workspace, document } = await modules.open({ 'main.tf': text });
      const shown = hover(document, position, {
        registry: workspace.registry,
        module: workspace.modules.contextFor(document),
        documentAt: () => undefined,
        parser: await testParser(),
        live: catalog,
      });
      return (shown?.contents as { value: string }).value;
    };
    const model = await hoverOn(`resource "oci_generative_ai_model" "m" {\n  base_model_id = "${FINE_TUNABLE.id.replace('finetunable', 'fine|tunable')}"\n}\n`);
    assert.match(model, /\*\*cohere\\\.command\\-r\\-08\\-2024 1\\\.0\*\*: base model by cohere, ACTIVE/);
    assert.match(model, /Capabilities: CHAT, FINE\\_TUNE/);
    const pending = await hoverOn('resource "oci_generative_ai_model" "m" {\n  base_model_id = "ocid1.generativeaimodel.oc1.us-chicago-1.amaaaaaapen|ding"\n}\n');
    assert.match(pending, /Looking it up in your tenancy/);
    const cluster = await hoverOn(`resource "oci_generative_ai_model" "m" {\n  fine_tune_details {\n    dedicated_ai_cluster_id = "${HOSTING.id.replace('hosting', 'host|ing')}"\n  }\n}\n`);
    assert.match(cluster, /\*\*serving\*\*: HOSTING cluster, ACTIVE, 2 × LARGE\\_COHERE\\_V2/);
  });

  it('warns when a literal base model cannot be fine-tuned or the cluster is a hosting one, once the tenancy says so', async () => {
    const text = sampleModel({ trainingConfig: ['training_config_type = "TFEW_TRAINING_CONFIG"'] })
      .replace(/base_model_id  = "[^"]*"/, `base_model_id  = "${CHAT_ONLY.id}"`)
      .replace(/dedicated_ai_cluster_id = "[^"]*"/, `dedicated_ai_cluster_id = "${HOSTING.id}"`);
    const { workspace, uri } = await modules.open({ 'variables.tf': 'variable "compartment_id" {}\n', 'main.tf': text });
    assert.deepEqual(workspace.diagnostics(uri), [], 'without the tenancy, nothing to say');
    workspace.liveCatalog = () => new FakeCatalog();
    const found = workspace.diagnostics(uri).map((d) => [d.code, d.message]);
    assert.deepEqual(found, [
      ['base-model-not-fine-tunable', 'cohere.command-r-plus cannot be fine-tuned: its capabilities are CHAT, without FINE_TUNE. Completion offers the base models that can.'],
      ['cluster-not-fine-tuning', 'serving is a HOSTING cluster: fine-tuning runs on a FINE_TUNING dedicated AI cluster.'],
    ]);
    const fine = text.replace(CHAT_ONLY.id, FINE_TUNABLE.id).replace(HOSTING.id, FINE_TUNING.id);
    workspace.change(uri, [{ text: fine }], 2);
    assert.deepEqual(workspace.diagnostics(uri), []);
  });
});
