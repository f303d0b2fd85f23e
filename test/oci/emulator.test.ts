import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { after, afterEach, before, describe, it } from 'node:test';
import * as common from 'oci-common';
import { GenerativeAiClient, models, requests } from 'oci-generativeai';
import { MAX_BODY_BYTES, type Emulator } from '../emulator/emulator';
import { SANDBOX_PASSPHRASE, startOciSandbox, type OciSandbox } from '../support/ociSandbox';

/** The emulator's work requests take this long here, so a whole create or delete fits in a test. */
const WORK_REQUEST_MS = 300;

let sandbox: OciSandbox;
let emulator: Emulator;

before(async () => {
  sandbox = await startOciSandbox({ workRequestMs: WORK_REQUEST_MS });
  emulator = sandbox.emulator;
});

after(async () => {
  await sandbox.close();
});

afterEach(() => {
  emulator.clearFaults();
  emulator.setClockOffset(0);
});

function client(profile = 'DEFAULT', retryConfiguration: common.RetryConfiguration = common.NoRetryConfigurationDetails): GenerativeAiClient {
  const Provider = profile.includes('SESSION') ? common.SessionAuthDetailProvider : common.ConfigFileAuthenticationDetailsProvider;
  const generativeAi = new GenerativeAiClient({ authenticationDetailsProvider: new Provider(sandbox.configFile, profile) }, { retryConfiguration });
  generativeAi.endpoint = emulator.url;
  return generativeAi;
}

/** A request signed by the SDK's own signer, sent with fetch, so tests can see headers and bend the rules. */
async function signedFetch(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  pathAndQuery: string,
  options: { body?: string; sentBody?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const signer = new common.DefaultRequestSigner(new common.ConfigFileAuthenticationDetailsProvider(sandbox.configFile, 'DEFAULT'));
  const uri = emulator.url + pathAndQuery;
  const headers = new Headers({ 'content-type': 'application/json' });
  await signer.signHttpRequest({ method: method as common.Method, uri, headers, body: options.body });
  for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
  return fetch(uri, { method, headers, body: options.sentBody ?? options.body });
}

async function rejection(call: Promise<unknown>): Promise<Error & Partial<common.OciError>> {
  try {
    await call;
  } catch (error) {
    return error as Error & Partial<common.OciError>;
  }
  assert.fail('expected the call to fail');
}

function seededModelId(displayName: string): string {
  const model = emulator.state.models().find((candidate) => candidate.displayName === displayName);
  assert.ok(model, `the seed has a model named ${displayName}`);
  return model.id;
}

function seededClusterId(displayName: string): string {
  const cluster = emulator.state.clusters().find((candidate) => candidate.displayName === displayName);
  assert.ok(cluster, `the seed has a cluster named ${displayName}`);
  return cluster.id;
}

function createDetails(overrides: {
  displayName: string;
  baseModel?: string;
  cluster?: string;
  objectName?: string;
  trainingConfig?: Record<string, unknown>;
}): models.CreateModelDetails {
  return {
    compartmentId: sandbox.compartmentId,
    displayName: overrides.displayName,
    baseModelId: seededModelId(overrides.baseModel ?? 'meta.llama-3.3-70b-instruct'),
    fineTuneDetails: {
      dedicatedAiClusterId: seededClusterId(overrides.cluster ?? 'fine-tuning-cluster'),
      trainingDataset: {
        datasetType: 'OBJECT_STORAGE',
        namespaceName: 'axk4z7krhqfx',
        bucketName: 'genai-datasets',
        objectName: overrides.objectName ?? 'support-chat/llama-train.jsonl',
      },
      ...(overrides.trainingConfig && { trainingConfig: overrides.trainingConfig as unknown as models.LoraTrainingConfig }),
    },
  };
}

/** Polls as the Terraform provider does, until timeFinished; answers every state seen on the way. */
async function followWorkRequest(generativeAi: GenerativeAiClient, workRequestId: string): Promise<models.WorkRequest[]> {
  const seen: models.WorkRequest[] = [];
  const deadline = Date.now() + 5000;
  for (;;) {
    const { workRequest } = await generativeAi.getWorkRequest({ workRequestId });
    seen.push(workRequest);
    if (workRequest.timeFinished) return seen;
    assert.ok(Date.now() < deadline, 'the work request finishes');
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

async function listAll(generativeAi: GenerativeAiClient, request: requests.ListModelsRequest): Promise<{ items: models.ModelSummary[]; pages: number }> {
  const items: models.ModelSummary[] = [];
  let page: string | undefined;
  let pages = 0;
  do {
    const response = await generativeAi.listModels({ ...request, page });
    items.push(...response.modelCollection.items);
    page = response.opcNextPage;
    pages += 1;
  } while (page);
  return { items, pages };
}

describe('ListModels', () => {
  it('pages through base models and the compartment custom models, newest first', async () => {
    const { items, pages } = await listAll(client(), { compartmentId: sandbox.compartmentId, limit: 4 });
    const expected = emulator.state
      .models()
      .filter((model) => (model.type === 'BASE' || model.compartmentId === sandbox.compartmentId) && model.lifecycleState !== 'DELETED');
    assert.equal(pages, Math.ceil(expected.length / 4));
    assert.deepEqual(new Set(items.map((model) => model.id)), new Set(expected.map((model) => model.id)));
    assert.equal(items.length, expected.length, 'no model appears on two pages');
    const times = items.map((model) => Date.parse(model.timeCreated as unknown as string));
    assert.deepEqual(times, [...times].sort((a, b) => b - a));
    assert.ok(items.every((model) => !('description' in model) && !('timeUpdated' in model)), 'items are ModelSummary');
    assert.ok(items.some((model) => model.type === 'BASE') && items.some((model) => model.type === 'CUSTOM'));
  });

  it('filters by capability (any of), vendor, state, display name and id', async () => {
    const generativeAi = client();
    const list = async (request: Partial<requests.ListModelsRequest>): Promise<string[]> =>
      (await generativeAi.listModels({ compartmentId: sandbox.compartmentId, sortBy: requests.ListModelsRequest.SortBy.DisplayName, ...request })).modelCollection.items.map(
        (model) => model.displayName!,
      );
    const fineTunable = await list({ capability: [models.ModelCapability.FineTune] });
    assert.deepEqual(fineTunable, ['cohere.command-light', 'cohere.command-r-08-2024', 'cohere.command-r-16k', 'meta.llama-3.1-70b-instruct', 'meta.llama-3.3-70b-instruct']);
    const embedOrRerank = await list({ capability: [models.ModelCapability.TextEmbeddings, models.ModelCapability.TextRerank] });
    assert.deepEqual(embedOrRerank, ['cohere.embed-english-v3.0', 'cohere.embed-multilingual-v3.0', 'cohere.rerank-v3.5']);
    assert.ok((await list({ vendor: 'meta' })).every((name) => /llama/.test(name)));
    assert.deepEqual(await list({ lifecycleState: 'FAILED' }), ['article-summarizer']);
    assert.deepEqual(await list({ displayName: 'cohere.command-r-08-2024' }), ['cohere.command-r-08-2024']);
    assert.deepEqual(await list({ id: seededModelId('support-assistant-v1') }), ['support-assistant-v1']);
  });

  it('sorts by display name or state, in either order', async () => {
    const generativeAi = client();
    const SortBy = requests.ListModelsRequest.SortBy;
    const names = async (sortOrder?: models.SortOrder): Promise<string[]> =>
      (await generativeAi.listModels({ compartmentId: sandbox.compartmentId, sortBy: SortBy.DisplayName, sortOrder })).modelCollection.items.map((model) => model.displayName!);
    const ascending = await names();
    assert.deepEqual(ascending, [...ascending].sort());
    assert.deepEqual(await names(models.SortOrder.Desc), [...ascending].reverse());
    const states = (await generativeAi.listModels({ compartmentId: sandbox.compartmentId, sortBy: SortBy.LifecycleState })).modelCollection.items.map((m) => m.lifecycleState);
    assert.deepEqual(states, [...states].sort());
  });

  it('shows each compartment its own custom models and every base model', async () => {
    const prod = emulator.state.models().find((model) => model.displayName === 'support-assistant-prod')!.compartmentId;
    const { items } = await listAll(client(), { compartmentId: prod });
    const custom = items.filter((model) => model.type === 'CUSTOM').map((model) => model.displayName);
    assert.deepEqual(custom, ['support-assistant-prod']);
    assert.ok(items.some((model) => model.displayName === 'cohere.command-r-08-2024'));
  });

  it('answers 400 for a bad limit or filter value, 404 for an unknown compartment', async () => {
    const generativeAi = client();
    const badLimit = await rejection(generativeAi.listModels({ compartmentId: sandbox.compartmentId, limit: 0 }));
    assert.equal(badLimit.statusCode, 400);
    assert.equal(badLimit.serviceCode, 'InvalidParameter');
    assert.match(badLimit.message, /limit/);
    const badState = await rejection(generativeAi.listModels({ compartmentId: sandbox.compartmentId, lifecycleState: 'SLEEPING' }));
    assert.match(badState.message, /lifecycleState/);
    const unknown = await rejection(generativeAi.listModels({ compartmentId: 'ocid1.compartment.oc1..aaaaaaaanotthere' }));
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.serviceCode, 'NotAuthorizedOrNotFound');
    const missing = await signedFetch('GET', '/20231130/models');
    assert.equal(missing.status, 400);
    assert.deepEqual(await missing.json(), { code: 'MissingParameter', message: 'Missing required parameter: compartmentId.' });
  });
});

describe('GetModel and the dedicated AI clusters', () => {
  it('gets a model with its etag, and 404 for an unknown one', async () => {
    const generativeAi = client();
    const response = await generativeAi.getModel({ modelId: seededModelId('cohere.command-r-08-2024') });
    assert.equal(response.model.type, 'BASE');
    assert.deepEqual(response.model.capabilities, ['CHAT', 'FINE_TUNE']);
    assert.equal(response.model.vendor, 'cohere');
    assert.match(response.etag, /^[0-9a-f]{32}$/);
    assert.match(response.model.id, /^ocid1\.generativeaimodel\.oc1\.us-chicago-1\.[a-z0-9]{60}$/);
    const custom = (await generativeAi.getModel({ modelId: seededModelId('support-assistant-v1') })).model;
    assert.equal(custom.fineTuneDetails?.trainingConfig?.trainingConfigType, 'LORA_TRAINING_CONFIG');
    assert.equal(custom.modelMetrics?.modelMetricsType, 'CHAT_MODEL_METRICS');
    const unknown = await rejection(generativeAi.getModel({ modelId: 'ocid1.generativeaimodel.oc1.us-chicago-1.aaaaaaaanothere' }));
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.serviceCode, 'NotAuthorizedOrNotFound');
  });

  it('lists, filters and gets clusters', async () => {
    const generativeAi = client();
    const all = (await generativeAi.listDedicatedAiClusters({ compartmentId: sandbox.compartmentId })).dedicatedAiClusterCollection.items;
    assert.deepEqual(all.map((cluster) => cluster.displayName), ['fine-tuning-cluster-large', 'hosting-cluster', 'fine-tuning-cluster']);
    const active = await generativeAi.listDedicatedAiClusters({
      compartmentId: sandbox.compartmentId,
      lifecycleState: 'ACTIVE',
      sortBy: requests.ListDedicatedAiClustersRequest.SortBy.DisplayName,
    });
    assert.deepEqual(active.dedicatedAiClusterCollection.items.map((cluster) => cluster.displayName), ['fine-tuning-cluster', 'hosting-cluster']);
    const paged = await generativeAi.listDedicatedAiClusters({ compartmentId: sandbox.compartmentId, limit: 2 });
    assert.equal(paged.dedicatedAiClusterCollection.items.length, 2);
    assert.ok(paged.opcNextPage);
    const hosting = await generativeAi.getDedicatedAiCluster({ dedicatedAiClusterId: seededClusterId('hosting-cluster') });
    assert.equal(hosting.dedicatedAiCluster.type, 'HOSTING');
    assert.deepEqual(hosting.dedicatedAiCluster.capacity, { capacityType: 'HOSTING_CAPACITY', totalEndpointCapacity: 50, usedEndpointCapacity: 1 });
    assert.ok(hosting.etag);
  });
});

describe('CreateModel and its work request', () => {
  it('creates a model that becomes ACTIVE as its work request progresses to SUCCEEDED', async () => {
    const generativeAi = client();
    const created = await generativeAi.createModel({
      createModelDetails: createDetails({ displayName: 'created-ok', trainingConfig: { trainingConfigType: 'LORA_TRAINING_CONFIG', loraR: 16 } }),
    });
    const model = created.model;
    assert.equal(model.lifecycleState, 'CREATING');
    assert.equal(model.type, 'CUSTOM');
    assert.deepEqual(model.capabilities, ['CHAT']);
    assert.equal(model.baseModelId, seededModelId('meta.llama-3.3-70b-instruct'));
    assert.equal(model.fineTuneDetails?.trainingDataset.objectName, 'support-chat/llama-train.jsonl');
    assert.deepEqual(model.fineTuneDetails?.trainingConfig, {
      trainingConfigType: 'LORA_TRAINING_CONFIG',
      totalTrainingEpochs: 3,
      learningRate: 0.0002,
      trainingBatchSize: 8,
      earlyStoppingPatience: 15,
      earlyStoppingThreshold: 0.0001,
      logModelMetricsIntervalInSteps: 10,
      loraR: 16,
      loraAlpha: 8,
      loraDropout: 0.1,
    });
    assert.ok(created.opcWorkRequestId);
    assert.ok(created.etag);

    const seen = await followWorkRequest(generativeAi, created.opcWorkRequestId);
    const statuses = seen.map((request) => request.status);
    assert.equal(statuses.at(-1), 'SUCCEEDED');
    assert.ok(statuses.slice(0, -1).every((status) => status === 'ACCEPTED' || status === 'IN_PROGRESS'), statuses.join(', '));
    const percents = seen.map((request) => request.percentComplete);
    assert.deepEqual(percents, [...percents].sort((a, b) => a - b), 'percentComplete never goes down');
    const finished = seen.at(-1)!;
    assert.equal(finished.operationType, 'CREATE_MODEL');
    assert.equal(finished.percentComplete, 100);
    const resource = finished.resources.find((entry) => /model/i.test(entry.entityType) && entry.actionType === 'CREATED');
    assert.equal(resource?.identifier, model.id);
    // Each step happened in order, at its fraction of the duration, whenever the polls came.
    const at = (time: unknown): number => Date.parse(time as string);
    assert.ok(at(finished.timeAccepted) < at(finished.timeStarted) && at(finished.timeStarted) < at(finished.timeFinished));
    assert.equal(at(finished.timeFinished) - at(finished.timeAccepted), WORK_REQUEST_MS);

    const active = (await generativeAi.getModel({ modelId: model.id })).model;
    assert.equal(active.lifecycleState, 'ACTIVE');
    assert.equal(active.modelMetrics?.modelMetricsType, 'CHAT_MODEL_METRICS');
    const logs = (await generativeAi.listWorkRequestLogs({ workRequestId: created.opcWorkRequestId })).workRequestLogEntryCollection.items;
    assert.deepEqual(
      logs.map((entry) => entry.message.replace(/ocid1\S+/, 'ID')),
      [
        'Custom model ID is ACTIVE.',
        'Completed epoch 3 of 3.',
        'Completed epoch 2 of 3.',
        'Completed epoch 1 of 3.',
        'Fine-tuning on dedicated AI cluster fine-tuning-cluster with LORA_TRAINING_CONFIG for 3 epoch(s).',
        'The training dataset is valid; 80% is used for training and 20% for validation.',
        'Validating the training dataset oci://genai-datasets@axk4z7krhqfx/support-chat/llama-train.jsonl.',
        'Accepted the request to create custom model created-ok from meta.llama-3.3-70b-instruct.',
      ],
      'newest first',
    );
    const logTimes = logs.map((entry) => at(entry.timestamp));
    assert.deepEqual(logTimes, [...logTimes].sort((a, b) => b - a));
    const listed = await generativeAi.listWorkRequests({ compartmentId: sandbox.compartmentId, resourceId: model.id });
    assert.deepEqual(listed.workRequestSummaryCollection.items.map((request) => request.id), [created.opcWorkRequestId]);
  });

  it('fails the work request when the training dataset does not exist, and lists why', async () => {
    const generativeAi = client();
    const created = await generativeAi.createModel({ createModelDetails: createDetails({ displayName: 'missing-dataset', objectName: 'support-chat/nope.jsonl' }) });
    const finished = (await followWorkRequest(generativeAi, created.opcWorkRequestId)).at(-1)!;
    assert.equal(finished.status, 'FAILED');
    assert.ok(!finished.resources.some((entry) => entry.actionType === 'CREATED'));
    const errors = (await generativeAi.listWorkRequestErrors({ workRequestId: created.opcWorkRequestId })).workRequestErrorCollection.items;
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.message, /oci:\/\/genai-datasets@axk4z7krhqfx\/support-chat\/nope\.jsonl was not found/);
    const failed = (await generativeAi.getModel({ modelId: created.model.id })).model;
    assert.equal(failed.lifecycleState, 'FAILED');
    assert.match(failed.lifecycleDetails ?? '', /not found/);
  });

  it('rejects what the service rejects (400), naming the field', async () => {
    const generativeAi = client();
    const rejected = (details: models.CreateModelDetails): Promise<Error & Partial<common.OciError>> =>
      rejection(generativeAi.createModel({ createModelDetails: details }));
    const cases: [models.CreateModelDetails, string, RegExp][] = [
      [createDetails({ displayName: 'x', baseModel: 'cohere.command-r-plus-08-2024' }), 'InvalidParameter', /^baseModelId: cohere\.command-r-plus-08-2024 cannot be fine-tuned/],
      [createDetails({ displayName: 'x', cluster: 'hosting-cluster' }), 'InvalidParameter', /dedicatedAiClusterId: hosting-cluster is a HOSTING cluster/],
      [createDetails({ displayName: 'x', cluster: 'fine-tuning-cluster-large' }), 'InvalidParameter', /CREATING; fine-tuning needs an ACTIVE cluster/],
      [
        createDetails({ displayName: 'x', baseModel: 'cohere.command-light', trainingConfig: { trainingConfigType: 'VANILLA_TRAINING_CONFIG', loraR: 8 } }),
        'InvalidParameter',
        /trainingConfig\.loraR is not a field of VANILLA_TRAINING_CONFIG; it belongs to LORA_TRAINING_CONFIG/,
      ],
      [
        createDetails({ displayName: 'x', trainingConfig: { trainingConfigType: 'VANILLA_TRAINING_CONFIG' } }),
        'InvalidParameter',
        /meta\.llama-3\.3-70b-instruct cannot be fine-tuned with VANILLA_TRAINING_CONFIG; it supports LORA_TRAINING_CONFIG/,
      ],
      [createDetails({ displayName: 'x', trainingConfig: { trainingConfigType: 'LORA_TRAINING_CONFIG', loraDropout: 1.5 } }), 'InvalidParameter', /loraDropout must be at least 0 and less than 1/],
      [createDetails({ displayName: 'x', objectName: '' }), 'MissingParameter', /fineTuneDetails\.trainingDataset\.objectName/],
      [{ ...createDetails({ displayName: 'x' }), baseModelId: `${seededModelId('cohere.command-r-08-2024')}x` }, 'RelatedResourceNotAuthorizedOrNotFound', /^baseModelId/],
    ];
    for (const [details, code, message] of cases) {
      const error = await rejected(details);
      assert.equal(error.statusCode, 400, error.message);
      assert.equal(error.serviceCode, code, error.message);
      assert.match(error.message, message);
    }
    assert.ok(!emulator.state.models().some((model) => model.displayName === 'x'), 'nothing was created');
  });

  it('answers the same model for a repeated retry token, and 409 for the token with another body', async () => {
    const generativeAi = client();
    const details = createDetails({ displayName: 'retried' });
    const first = await generativeAi.createModel({ createModelDetails: details, opcRetryToken: 'retry-token-1' });
    const second = await generativeAi.createModel({ createModelDetails: details, opcRetryToken: 'retry-token-1' });
    assert.equal(second.model.id, first.model.id);
    assert.equal(second.opcWorkRequestId, first.opcWorkRequestId);
    assert.equal(emulator.state.models().filter((model) => model.displayName === 'retried').length, 1);
    const conflict = await rejection(generativeAi.createModel({ createModelDetails: { ...details, description: 'changed' }, opcRetryToken: 'retry-token-1' }));
    assert.equal(conflict.statusCode, 409);
    assert.equal(conflict.serviceCode, 'Conflict');
  });

  it('updates a model in place, honouring if-match', async () => {
    const generativeAi = client();
    const modelId = seededModelId('support-assistant-llama');
    const { etag } = await generativeAi.getModel({ modelId });
    const updated = await generativeAi.updateModel({ modelId, ifMatch: etag, updateModelDetails: { description: 'Now with more llamas', freeformTags: { team: 'llamas' } } });
    assert.equal(updated.model.description, 'Now with more llamas');
    assert.deepEqual(updated.model.freeformTags, { team: 'llamas' });
    assert.notEqual(updated.etag, etag);
    const stale = await rejection(generativeAi.updateModel({ modelId, ifMatch: etag, updateModelDetails: { displayName: 'late' } }));
    assert.equal(stale.statusCode, 412);
    const unknownField = await rejection(generativeAi.updateModel({ modelId, updateModelDetails: { baseModelId: 'x' } as models.UpdateModelDetails }));
    assert.match(unknownField.message, /updateModelDetails\.baseModelId is not a field/);
  });

  it('deletes a custom model through a work request, and refuses base models and models in flux', async () => {
    const generativeAi = client();
    const modelId = seededModelId('support-assistant-v1');
    const deleted = await generativeAi.deleteModel({ modelId });
    assert.ok(deleted.opcWorkRequestId);
    assert.equal((await generativeAi.getModel({ modelId })).model.lifecycleState, 'DELETING');
    const again = await rejection(generativeAi.deleteModel({ modelId }));
    assert.equal(again.statusCode, 409);
    assert.equal(again.serviceCode, 'IncorrectState');
    const finished = (await followWorkRequest(generativeAi, deleted.opcWorkRequestId)).at(-1)!;
    assert.equal(finished.operationType, 'DELETE_MODEL');
    assert.equal(finished.resources[0]?.actionType, 'DELETED');
    assert.equal((await generativeAi.getModel({ modelId })).model.lifecycleState, 'DELETED');
    const { items } = await listAll(generativeAi, { compartmentId: sandbox.compartmentId });
    assert.ok(!items.some((model) => model.id === modelId), 'deleted models are not listed');
    const deletedOnes = (await generativeAi.listModels({ compartmentId: sandbox.compartmentId, lifecycleState: 'DELETED' })).modelCollection.items;
    assert.deepEqual(deletedOnes.map((model) => model.id), [modelId]);
    const base = await rejection(generativeAi.deleteModel({ modelId: seededModelId('cohere.command-r-08-2024') }));
    assert.equal(base.statusCode, 400);
    assert.match(base.message, /base model/);
  });
});

describe('request signatures', () => {
  it('accepts API keys (plain and encrypted) and session tokens', async () => {
    for (const profile of ['DEFAULT', 'ENCRYPTED', 'SESSION']) {
      const response = await client(profile).listModels({ compartmentId: sandbox.compartmentId, limit: 1 });
      assert.equal(response.modelCollection.items.length, 1, profile);
    }
    const session = emulator.requests.at(-1)!;
    assert.equal(session.keyId, 'ST$<redacted session token>');
    assert.equal(session.authenticated, true);
  });

  it('accepts the passphrase-less encrypted key once the caller supplies the passphrase', async () => {
    assert.throws(() => client('NO_PASSPHRASE'), /encrypted/i, 'the SDK cannot sign without the passphrase');
    const config = common.ConfigFileReader.parseFileFromPath(sandbox.configFile, 'NO_PASSPHRASE');
    const provider = new common.SimpleAuthenticationDetailsProvider(
      config.get('tenancy')!,
      config.get('user')!,
      config.get('fingerprint')!,
      fs.readFileSync(config.get('key_file')!, 'utf8'),
      SANDBOX_PASSPHRASE,
      common.Region.fromRegionId(emulator.region),
    );
    const generativeAi = new GenerativeAiClient({ authenticationDetailsProvider: provider }, { retryConfiguration: common.NoRetryConfigurationDetails });
    generativeAi.endpoint = emulator.url;
    assert.equal((await generativeAi.listModels({ compartmentId: sandbox.compartmentId, limit: 1 })).modelCollection.items.length, 1);
  });

  it('answers 401 for an unknown key and an expired session, and records why', async () => {
    for (const [profile, reason] of [
      ['UNKNOWN_KEY', /no API key is registered/],
      ['EXPIRED_SESSION', /expired/],
    ] as const) {
      const error = await rejection(client(profile).listModels({ compartmentId: sandbox.compartmentId }));
      assert.equal(error.statusCode, 401, profile);
      assert.equal(error.serviceCode, 'NotAuthenticated');
      assert.equal(error.message, 'The required information to complete authentication was not provided or was incorrect.');
      assert.match(emulator.requests.at(-1)!.authFailure ?? '', reason);
    }
  });

  it('answers 401 for a body that is not the one signed', async () => {
    const body = JSON.stringify(createDetails({ displayName: 'signed-body' }));
    const sameLength = body.replace('signed-body', 'swapped-bod');
    const tampered = await signedFetch('POST', '/20231130/models', { body, sentBody: sameLength });
    assert.equal(tampered.status, 401);
    assert.equal(((await tampered.json()) as { code: string }).code, 'NotAuthenticated');
    assert.match(emulator.requests.at(-1)!.authFailure ?? '', /x-content-sha256/);
    // Fixing up the digest header does not help: the header is signed.
    const digest = createHash('sha256').update(sameLength).digest('base64');
    const resigned = await signedFetch('POST', '/20231130/models', { body, sentBody: sameLength, headers: { 'x-content-sha256': digest } });
    assert.equal(resigned.status, 401);
    assert.match(emulator.requests.at(-1)!.authFailure ?? '', /signature does not match/);
    assert.ok(!emulator.state.models().some((model) => model.displayName === 'swapped-bod'));
  });

  it('answers 401 when the clocks are more than five minutes apart, and shows its clock in the date header', async () => {
    emulator.setClockOffset(10 * 60 * 1000);
    const skewed = await rejection(client().listModels({ compartmentId: sandbox.compartmentId }));
    assert.equal(skewed.statusCode, 401);
    assert.match(emulator.requests.at(-1)!.authFailure ?? '', /more than 5 minutes/);
    const raw = await signedFetch('GET', `/20231130/models?compartmentId=${sandbox.compartmentId}`);
    const serverTime = Date.parse(raw.headers.get('date')!);
    assert.ok(Math.abs(serverTime - (Date.now() + 10 * 60 * 1000)) < 5000, 'the date header is the emulator clock');
    emulator.setClockOffset(4 * 60 * 1000);
    assert.ok(await client().listModels({ compartmentId: sandbox.compartmentId, limit: 1 }), 'four minutes is within tolerance');
  });

  it('answers 401 without a signature, with OCI headers on every answer', async () => {
    const response = await fetch(`${emulator.url}/20231130/models?compartmentId=${sandbox.compartmentId}`, { headers: { 'opc-request-id': 'CLIENTID123' } });
    assert.equal(response.status, 401);
    assert.match(response.headers.get('opc-request-id')!, /^CLIENTID123\/[0-9A-F]{32}\/[0-9A-F]{32}$/);
    assert.ok(!Number.isNaN(Date.parse(response.headers.get('date')!)));
    assert.equal(response.headers.get('content-type'), 'application/json');
    assert.equal(((await response.json()) as { code: string }).code, 'NotAuthenticated');
    assert.equal(emulator.requests.at(-1)!.authFailure, 'no Authorization header');
  });
});

describe('fault injection', () => {
  it('answers injected statuses in OCI error shape, the given number of times', async () => {
    const generativeAi = client();
    const modelId = seededModelId('cohere.command-r-08-2024');
    for (const [status, code] of [
      [401, 'NotAuthenticated'],
      [404, 'NotAuthorizedOrNotFound'],
      [409, 'IncorrectState'],
      [429, 'TooManyRequests'],
      [500, 'InternalServerError'],
      [503, 'ServiceUnavailable'],
    ] as const) {
      emulator.injectFault('GetModel', { kind: 'status', status });
      const error = await rejection(generativeAi.getModel({ modelId }));
      assert.equal(error.statusCode, status);
      assert.equal(error.serviceCode, code);
    }
    emulator.injectFault('GetModel', { kind: 'status', status: 500 }, { times: 2 });
    await rejection(generativeAi.getModel({ modelId }));
    await rejection(generativeAi.getModel({ modelId }));
    assert.ok(await generativeAi.getModel({ modelId }), 'the third call is served');
    emulator.injectFault('GetModel', { kind: 'status', status: 503 }, { times: Infinity });
    for (let i = 0; i < 3; i++) assert.equal((await rejection(generativeAi.getModel({ modelId }))).statusCode, 503);
    emulator.clearFaults();
    assert.ok(await generativeAi.getModel({ modelId }));
  });

  it('sends retry-after with 429', async () => {
    const path = `/20231130/models?compartmentId=${sandbox.compartmentId}`;
    emulator.injectFault('ListModels', { kind: 'status', status: 429, retryAfterSeconds: 7 });
    const throttled = await signedFetch('GET', path);
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers.get('retry-after'), '7');
    assert.deepEqual(await throttled.json(), { code: 'TooManyRequests', message: 'Too many requests for the tenancy.' });
    emulator.injectFault('ListModels', { kind: 'status', status: 429 });
    assert.equal((await signedFetch('GET', path)).headers.get('retry-after'), '1');
  });

  it('delays a slow answer, which still comes', async () => {
    emulator.injectFault('ListDedicatedAiClusters', { kind: 'slow', delayMs: 250 });
    const started = Date.now();
    const response = await client().listDedicatedAiClusters({ compartmentId: sandbox.compartmentId });
    assert.ok(Date.now() - started >= 240, `took ${Date.now() - started} ms`);
    assert.equal(response.dedicatedAiClusterCollection.items.length, 3);
  });

  it('drops the connection, which the SDK reports as a connection error', async () => {
    emulator.injectFault('GetWorkRequest', { kind: 'drop' });
    const error = await rejection(client().getWorkRequest({ workRequestId: 'ocid1.generativeaiworkrequest.oc1.us-chicago-1.aaaaaaaax' }));
    assert.equal(error.statusCode, undefined);
    assert.match(`${error.message} ${(error as { cause?: Error }).cause?.message ?? ''}`, /fetch failed|socket|closed/i);
    assert.equal(emulator.requests.at(-1)!.fault, 'drop');
    assert.equal(emulator.requests.at(-1)!.status, undefined);
  });

  it('answers a malformed body that the SDK cannot parse', async () => {
    emulator.injectFault('ListModels', { kind: 'malformed' });
    const error = await rejection(client().listModels({ compartmentId: sandbox.compartmentId }));
    assert.ok(error instanceof SyntaxError, `${error.name}: ${error.message}`);
  });

  it('commits a create whose response is lost, so a retry with the same token finds it', async () => {
    const generativeAi = client();
    const details = createDetails({ displayName: 'lost-response' });
    emulator.clearRequests();
    emulator.injectFault('CreateModel', { kind: 'lostResponse' });
    const lost = await rejection(generativeAi.createModel({ createModelDetails: details, opcRetryToken: 'lost-token' }));
    assert.equal(lost.statusCode, undefined);
    const committed = emulator.state.models().filter((model) => model.displayName === 'lost-response');
    assert.equal(committed.length, 1, 'the first attempt created the model');
    const retried = await generativeAi.createModel({ createModelDetails: details, opcRetryToken: 'lost-token' });
    assert.equal(retried.model.id, committed[0]!.id);
    const attempts = emulator.requests.filter((request) => request.operation === 'CreateModel');
    assert.deepEqual(attempts.map((request) => request.headers['opc-retry-token']), ['lost-token', 'lost-token']);
  });

  it('lets the SDK retrier recover from a lost response with the retry token it generated', async () => {
    const retrying = client('DEFAULT', {
      terminationStrategy: new common.MaxAttemptsTerminationStrategy(3),
      delayStrategy: new common.FixedTimeDelayStrategy(0.05),
    });
    emulator.clearRequests();
    emulator.injectFault('CreateModel', { kind: 'lostResponse' });
    const created = await retrying.createModel({ createModelDetails: createDetails({ displayName: 'sdk-retried' }) });
    assert.equal(emulator.state.models().filter((model) => model.displayName === 'sdk-retried').length, 1);
    assert.equal(created.model.displayName, 'sdk-retried');
    const tokens = emulator.requests.filter((request) => request.operation === 'CreateModel').map((request) => request.headers['opc-retry-token']);
    assert.equal(tokens.length, 2);
    assert.ok(tokens[0] && tokens[0] === tokens[1], 'both attempts carried the same generated token');
  });

  it('takes faults and the clock over its loopback control routes', async () => {
    const control = await fetch(`${emulator.url}/__emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ operation: 'ListModels', fault: { kind: 'status', status: 500 }, times: 1 }),
    });
    assert.equal(control.status, 204);
    assert.equal((await rejection(client().listModels({ compartmentId: sandbox.compartmentId }))).statusCode, 500);
    const bad = await fetch(`${emulator.url}/__emulator/faults`, { method: 'POST', body: JSON.stringify({ operation: 'Nope', fault: { kind: 'drop' } }) });
    assert.equal(bad.status, 400);
    const clock = await fetch(`${emulator.url}/__emulator/clock`, { method: 'PUT', body: JSON.stringify({ offsetMs: -60_000 }) });
    assert.equal(clock.status, 204);
    const info = (await (await fetch(`${emulator.url}/__emulator`)).json()) as { compartmentId: string; clockOffsetMs: number };
    assert.equal(info.compartmentId, sandbox.compartmentId);
    assert.equal(info.clockOffsetMs, -60_000);
    const recorded = (await (await fetch(`${emulator.url}/__emulator/requests`)).json()) as { items: { operation: string }[] };
    assert.equal(recorded.items.at(-1)!.operation, 'ListModels');
  });
});

describe('malformed requests', () => {
  it('answers OCI-style errors and keeps serving', async () => {
    const unknownPath = await signedFetch('GET', '/20231130/endpointz');
    assert.equal(unknownPath.status, 404);
    assert.equal(((await unknownPath.json()) as { code: string }).code, 'NotFound');
    const wrongMethod = await signedFetch('POST', '/20231130/dedicatedAiClusters', { body: '{}' });
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.headers.get('allow'), 'GET');
    const notJson = await signedFetch('POST', '/20231130/models', { body: '{"compartmentId": ' });
    assert.equal(notJson.status, 400);
    assert.equal(((await notJson.json()) as { code: string }).code, 'CannotParseRequest');
    const notAnObject = await signedFetch('POST', '/20231130/models', { body: '[1, 2]' });
    assert.equal(((await notAnObject.json()) as { message: string }).message, 'createModelDetails must be a JSON object.');
    const huge = await fetch(`${emulator.url}/20231130/models`, { method: 'POST', body: 'x'.repeat(MAX_BODY_BYTES + 1) });
    assert.equal(huge.status, 413);
    const badPage = await signedFetch('GET', `/20231130/models?compartmentId=${sandbox.compartmentId}&page=garbage`);
    assert.equal(badPage.status, 400);
    assert.ok(await client().listModels({ compartmentId: sandbox.compartmentId, limit: 1 }), 'still serving');
  });
});

describe('npm run emulator', () => {
  it('prints where it listens and a working config, and stops cleanly on SIGINT', async () => {
    const main = path.join(__dirname, '..', 'emulator', 'main.js');
    const child = spawn(process.execPath, [main, '--json', '--work-request-seconds', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const firstLine = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`the emulator exited with ${code}`)));
      });
      const printed = JSON.parse(firstLine) as { url: string; configFile: string; profile: string; compartmentId: string; tenancyId: string };
      assert.equal(printed.profile, 'DEFAULT');
      const config = fs.readFileSync(printed.configFile, 'utf8');
      assert.match(config, /^\[DEFAULT\]\nuser=ocid1\.user\..*\nfingerprint=([0-9a-f]{2}:){15}[0-9a-f]{2}\nkey_file=.*\ntenancy=ocid1\.tenancy\..*\nregion=us-chicago-1\n$/);
      const generativeAi = new GenerativeAiClient(
        { authenticationDetailsProvider: new common.ConfigFileAuthenticationDetailsProvider(printed.configFile, printed.profile) },
        { retryConfiguration: common.NoRetryConfigurationDetails },
      );
      generativeAi.endpoint = printed.url;
      const listed = await generativeAi.listModels({ compartmentId: printed.compartmentId });
      assert.ok(listed.modelCollection.items.length > 0);

      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      const signalled = Date.now();
      child.kill('SIGINT');
      assert.equal(await exited, 0);
      assert.ok(Date.now() - signalled < 3000, 'it stops promptly');
      assert.ok(!fs.existsSync(printed.configFile), 'its temporary folder is removed');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
