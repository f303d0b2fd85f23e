import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { TextEdit } from 'vscode-languageserver-types';
import type { LiveCatalog, LiveModelDetails, Lookup } from '../../server/src/cloud/liveData';
import type { ApiModel } from '../../server/src/convert/modelToHcl';
import { CreatingPoller } from '../../server/src/drift/creatingPoller';
import { DriftChecks } from '../../server/src/drift/driftChecks';
import { driftReportText } from '../../server/src/drift/driftReport';
import { codeActions } from '../../server/src/features/codeActions';
import { liveStatusLenses } from '../../server/src/features/liveStatusLenses';
import { CreateRecords } from '../../server/src/flows/createRecords';
import { applyEdits } from '../support/cursor';
import { testParser } from '../support/parser';
import { TemporaryModules } from '../support/workspace';

const modules = new TemporaryModules();
after(() => modules.removeAll());

const MODEL_ID = 'ocid1.generativeaimodel.oc1.us-chicago-1.custommodel0001';
const COMPARTMENT = 'ocid1.compartment.oc1..compartment0001';
const BASE = 'ocid1.generativeaimodel.oc1.us-chicago-1.basemodel0001';
const CLUSTER = 'ocid1.generativeaidedicatedaicluster.oc1.us-chicago-1.cluster0001';

function model(fields: Record<string, unknown> = {}): ApiModel {
  return {
    id: MODEL_ID,
    compartmentId: COMPARTMENT,
    baseModelId: BASE,
    displayName: 'live name',
    type: 'CUSTOM',
    lifecycleState: 'ACTIVE',
    fineTuneDetails: {
      dedicatedAiClusterId: CLUSTER,
      trainingDataset: { datasetType: 'OBJECT_STORAGE', namespaceName: 'ns', bucketName: 'b', objectName: 'o' },
      trainingConfig: { trainingConfigType: 'TFEW_TRAINING_CONFIG', learningRate: 0.01 },
    },
    modelMetrics: { modelMetricsType: 'CHAT_MODEL_METRICS', finalAccuracy: 0.8731, finalLoss: 0.4127 },
    ...fields,
  };
}

const MAIN = `resource "oci_generative_ai_model" "bot" {
  compartment_id = "${COMPARTMENT}"
  base_model_id  = "${BASE}"
  display_name   = "file name"
  fine_tune_details {
    dedicated_ai_cluster_id = "${CLUSTER}"
    training_dataset {
      bucket       = "b"
      dataset_type = "OBJECT_STORAGE"
      namespace    = "ns"
      object       = "o"
    }
  }
}

import {
  to = oci_generative_ai_model.bot
  id = "${MODEL_ID}"
}
`;

/** A catalog whose answers the test sets, recording what it was asked to fetch again. */
class FakeCatalog implements Pick<LiveCatalog, 'modelDetails' | 'refreshModelDetails'> {
  readonly answers = new Map<string, Lookup<LiveModelDetails>>();
  readonly refreshed: string[] = [];
  modelDetails(ocid: string): Lookup<LiveModelDetails> {
    return this.answers.get(ocid) ?? { state: 'pending' };
  }
  refreshModelDetails(ocid: string): void {
    this.refreshed.push(ocid);
  }
}

async function editor(files: Record<string, string>) {
  const opened = await modules.open(files);
  const catalog = new FakeCatalog();
  let available = true;
  const drift = new DriftChecks({
    workspace: opened.workspace,
    parser: await testParser(),
    env: {},
    catalog: () => (available ? (catalog as unknown as LiveCatalog) : undefined),
    changed: () => undefined,
  });
  return { ...opened, catalog, drift, goOffline: () => (available = false) };
}

describe('drift in the editor', () => {
  it('marks the fields that differ, offers the live value, and finds the file in sync once it is taken', async () => {
    const { workspace, uri, document, catalog, drift } = await editor({ 'main.tf': MAIN });
    catalog.answers.set(MODEL_ID, { state: 'known', value: { model: model() } });
    drift.saved(uri);
    assert.deepEqual(catalog.refreshed, [MODEL_ID], 'a save asks OCI again');
    const diagnostics = drift.diagnostics(uri);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start.line, d.severity, d.message]),
      [['drift', 3, 3, 'live value: "live name" (the file says "file name"); applying the file would update it in place']],
    );
    const actions = codeActions(document, diagnostics, { registry: workspace.registry, module: workspace.modules.contextFor(document) });
    assert.deepEqual(actions.map((a) => a.title), ['Take the live value of `display_name`: "live name"']);
    const fixed = applyEdits(document.text, actions[0]!.edit!.changes![uri] as TextEdit[]);
    assert.match(fixed, /^ {2}display_name {3}= "live name"$/m);
    workspace.change(uri, [{ text: fixed }], 2);
    assert.deepEqual(drift.diagnostics(uri), [], 'the edited block waits for the next comparison');
    drift.saved(uri);
    assert.deepEqual(drift.diagnostics(uri), []);
    workspace.dispose();
  });

  it('shows the live state and the drift in two lenses, and the whole comparison as a table', async () => {
    const { workspace, uri, catalog, drift } = await editor({ 'main.tf': MAIN });
    assert.deepEqual(
      liveStatusLenses(uri, drift.statuses(uri)).map((lens) => lens.command!.title),
      ['OCI: reading the model...'],
      'before OCI answers',
    );
    catalog.answers.set(MODEL_ID, { state: 'known', value: { model: model() } });
    assert.equal(drift.liveDataChanged(), true, 'a new answer: compared again');
    const lenses = liveStatusLenses(uri, drift.statuses(uri));
    assert.deepEqual(
      lenses.map((lens) => [lens.range.start.line, lens.command!.title, lens.command!.command, lens.command!.arguments]),
      [
        [0, 'OCI: ACTIVE · accuracy 0.8731 · loss 0.4127', 'ociGenaiTf.server.refreshLiveStatus', [uri]],
        [0, '1 difference from OCI: applying updates it in place', 'ociGenaiTf.server.showDrift', [uri, 'oci_generative_ai_model.bot']],
      ],
    );
    assert.equal(drift.liveDataChanged(), false, 'the same answer: nothing to do');
    const text = driftReportText(drift.reports(uri));
    assert.match(text, /^oci_generative_ai_model\.bot {2}ocid1\.generativeaimodel/);
    assert.match(text, /^display_name +"file name" +"live name" +differs: applying the file updates it in place$/m);
    assert.match(text, /^fine_tune_details\.training_config\.learning_rate +not set +0\.01 +in sync: the file does not set it/m);
    workspace.dispose();
  });

  it('says on the block when its model is gone, CREATING with its percentage, FAILED with the reason', async () => {
    const { workspace, uri, catalog, drift } = await editor({ 'main.tf': MAIN });
    catalog.answers.set(MODEL_ID, { state: 'known', value: { model: model({ lifecycleState: 'DELETED' }) } });
    drift.saved(uri);
    assert.deepEqual(
      drift.diagnostics(uri).map((d) => [d.code, d.range, d.message]),
      [
        [
          'model-gone',
          { start: { line: 0, character: 0 }, end: { line: 0, character: 40 } },
          `Model ${MODEL_ID} is DELETED in OCI: the import block or state entry that names it is stale; Terraform would create a new model (and cannot import this one).`,
        ],
      ],
    );
    assert.equal(liveStatusLenses(uri, drift.statuses(uri))[0]!.command!.title, 'OCI: DELETED');
    catalog.answers.set(MODEL_ID, { state: 'absent', message: 'not found' });
    drift.saved(uri);
    assert.match(String(drift.diagnostics(uri)[0]!.message), /^OCI does not find model .* \(deleted, or your profile may not read it\)/);
    catalog.answers.set(MODEL_ID, { state: 'known', value: { model: model({ lifecycleState: 'CREATING', modelMetrics: undefined }), creation: { workRequestId: 'wr', status: 'IN_PROGRESS', percentComplete: 45 } } });
    drift.saved(uri);
    assert.equal(liveStatusLenses(uri, drift.statuses(uri))[0]!.command!.title, 'OCI: CREATING 45%');
    catalog.answers.set(MODEL_ID, { state: 'known', value: { model: model({ lifecycleState: 'FAILED', lifecycleDetails: 'The training dataset was not found.', modelMetrics: undefined }) } });
    drift.saved(uri);
    assert.equal(liveStatusLenses(uri, drift.statuses(uri))[0]!.command!.title, 'OCI: FAILED: The training dataset was not found.');
    drift.dispose();
    workspace.dispose();
  });

  it('is silent without a connection', async () => {
    const { workspace, uri, catalog, drift, goOffline } = await editor({ 'main.tf': MAIN });
    catalog.answers.set(MODEL_ID, { state: 'known', value: { model: model() } });
    drift.saved(uri);
    assert.equal(drift.diagnostics(uri).length, 1);
    goOffline();
    assert.deepEqual(drift.diagnostics(uri), []);
    assert.deepEqual(drift.statuses(uri), []);
    assert.deepEqual(drift.reports(uri), []);
    workspace.dispose();
  });

  it('settles the record of a create nobody followed once the model is ACTIVE or FAILED', async () => {
    const { workspace, uri, dir, catalog, drift } = await editor({ 'main.tf': MAIN });
    const records = new CreateRecords(dir);
    records.put({ address: 'oci_generative_ai_model.bot', retryToken: 't', detailsHash: 'h', modelId: MODEL_ID, workRequestId: 'wr', status: 'creating' });
    catalog.answers.set(MODEL_ID, { state: 'known', value: { model: model({ lifecycleState: 'FAILED', lifecycleDetails: 'no dataset' }) } });
    drift.saved(uri);
    assert.deepEqual([records.get('oci_generative_ai_model.bot')!.status, records.get('oci_generative_ai_model.bot')!.errors], ['failed', ['no dataset']]);
    assert.ok(fs.existsSync(path.join(dir, '.oci-genai-tf', '.gitignore')));
    workspace.dispose();
  });

  it('reads models being created again at an interval, while they are, and for a bounded time', async () => {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const until = async (done: () => boolean) => {
      for (let i = 0; i < 200 && !done(); i++) await sleep(10);
      assert.ok(done());
    };
    const refreshed: string[] = [];
    const poller = new CreatingPoller((id) => refreshed.push(id), 10, 60_000);
    poller.track(new Set(['a', 'b']));
    await until(() => refreshed.includes('a') && refreshed.includes('b'));
    poller.track(new Set(['a']));
    refreshed.length = 0;
    await until(() => refreshed.length >= 2);
    assert.ok(refreshed.every((id) => id === 'a'), 'b is no longer CREATING');
    poller.track(new Set());
    refreshed.length = 0;
    await sleep(50);
    assert.deepEqual(refreshed, [], 'nothing is CREATING: no polling');
    poller.dispose();
    const pastBound: string[] = [];
    const bounded = new CreatingPoller((id) => pastBound.push(id), 10, 0);
    bounded.track(new Set(['c']));
    await sleep(50);
    assert.deepEqual(pastBound, [], 'past the bound: left to the refresh command');
    bounded.dispose();
  });
});
