import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { describe, it } from 'node:test';
import { OciConnection, within } from '../../server/src/oci/connection';
import { OciFailure } from '../../server/src/oci/failures';
import { getDedicatedAiCluster, getModel, listDedicatedAiClusters, listModels } from '../../server/src/oci/generativeAi';
import { OciLiveCatalog } from '../../server/src/oci/liveCatalog';
import { SANDBOX_PASSPHRASE, useOciSandbox, type OciSandbox } from '../support/ociSandbox';

let sandbox: OciSandbox;
useOciSandbox((started) => (sandbox = started), { workRequestMs: 300 });

const connect = (profile = 'DEFAULT', askPassphrase?: ConstructorParameters<typeof OciConnection>[1]) =>
  new OciConnection({ configFile: sandbox.configFile, profile, endpoint: sandbox.emulator.url }, askPassphrase, {});

/** The failure a call ends with, and how long it took. */
async function failure(call: Promise<unknown>): Promise<{ failure: OciFailure; ms: number }> {
  const started = Date.now();
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof OciFailure, `not an OciFailure: ${String(error)}`);
    return { failure: error, ms: Date.now() - started };
  }
  assert.fail('the call succeeded');
}

const attempts = (operation: string) => sandbox.emulator.requests.filter((request) => request.operation === operation).length;

describe('the OCI connection, with the real SDK against the emulator', () => {
  it('lists every model of a compartment across pages, base models included', async () => {
    const listed = await listModels(connect(), { compartmentId: sandbox.compartmentId }, within(10_000));
    const expected = sandbox.emulator.state.models().filter(
      (model) => model.lifecycleState !== 'DELETED' && (model.type === 'BASE' || model.compartmentId === sandbox.compartmentId),
    );
    assert.equal(listed.length, expected.length);
    assert.ok(listed.some((model) => model.type === 'BASE') && listed.some((model) => model.type === 'CUSTOM'));
    assert.equal(new Set(listed.map((model) => model.id)).size, listed.length, 'no model twice');
    const pages = attempts('ListModels');
    assert.equal(pages, Math.ceil(expected.length / 100) || 1);
  });

  it('follows opc-next-page to the last page', async () => {
    const connection = connect();
    const all = await listModels(connection, { compartmentId: sandbox.compartmentId }, within(10_000));
    sandbox.emulator.clearRequests();
    // Pages of two: the SDK's own paginateRecords would stop after the first.
    const paged = await connection.call(async (client) => {
      const items = [];
      let page: string | undefined;
      do {
        const response = await client.listModels({ compartmentId: sandbox.compartmentId, limit: 2, ...(page ? { page } : {}) });
        items.push(...response.modelCollection.items);
        page = response.opcNextPage;
      } while (page);
      return items;
    }, { ...within(10_000), action: 'list', idempotent: true });
    assert.deepEqual(paged.map((model) => model.id).sort(), all.map((model) => model.id).sort());
    assert.ok(attempts('ListModels') >= 2);
  });

  it('reads one model and one cluster, and lists the clusters', async () => {
    const connection = connect();
    const base = sandbox.emulator.state.models().find((model) => model.type === 'BASE')!;
    assert.equal((await getModel(connection, base.id, within(5000))).displayName, base.displayName);
    const clusters = await listDedicatedAiClusters(connection, { compartmentId: sandbox.compartmentId }, within(5000));
    assert.ok(clusters.some((cluster) => cluster.type === 'FINE_TUNING'));
    assert.equal((await getDedicatedAiCluster(connection, clusters[0]!.id, within(5000))).id, clusters[0]!.id);
  });

  it('signs with every kind of profile: encrypted key with pass_phrase, asked passphrase, session token', async () => {
    const compartment = { compartmentId: sandbox.compartmentId };
    assert.ok((await listModels(connect('ENCRYPTED'), compartment, within(5000))).length > 0);
    const asked: boolean[] = [];
    const prompt = async ({ failedBefore }: { failedBefore: boolean }) => {
      asked.push(failedBefore);
      return asked.length === 1 ? 'wrong' : SANDBOX_PASSPHRASE;
    };
    const withPrompt = connect('NO_PASSPHRASE', prompt);
    assert.ok((await listModels(withPrompt, compartment, within(5000))).length > 0);
    await listModels(withPrompt, compartment, within(5000));
    assert.deepEqual(asked, [false, true], 'asked until right, then never again for this connection');
    assert.ok((await listModels(connect('SESSION'), compartment, within(5000))).length > 0);
    assert.ok(sandbox.emulator.requests.some((request) => request.keyId?.startsWith('ST$')));
  });

  it('fails at once, in one sentence, on a key OCI does not know, an expired session and a skewed clock', async () => {
    const compartment = { compartmentId: sandbox.compartmentId };
    const unknown = await failure(listModels(connect('UNKNOWN_KEY'), compartment, within(10_000)));
    assert.equal(unknown.failure.kind, 'authentication');
    assert.match(unknown.failure.message, /OCI did not accept the signature of profile \[UNKNOWN_KEY\].*\(opc-request-id: .+\)$/);
    assert.ok(unknown.ms < 2000, `a wrong key is not retried (${unknown.ms} ms)`);
    assert.equal(attempts('ListModels'), 1);
    const expired = await failure(listModels(connect('EXPIRED_SESSION'), compartment, within(10_000)));
    assert.equal(expired.failure.kind, 'config');
    assert.match(expired.failure.message, /session token of profile \[EXPIRED_SESSION\] expired at .*oci session refresh --profile EXPIRED_SESSION/);
    assert.equal(attempts('ListModels'), 1, 'an expired token is refused before any request');
    sandbox.emulator.setClockOffset(15 * 60_000);
    const skewed = await failure(listModels(connect(), compartment, within(10_000)));
    assert.equal(skewed.failure.kind, 'clock-skew');
    assert.match(skewed.failure.message, /this computer's clock is 15 minutes behind OCI's/);
  });

  it('retries throttling after retry-after, server errors and dropped connections, within the time bound', async () => {
    const compartment = { compartmentId: sandbox.compartmentId };
    sandbox.emulator.injectFault('ListModels', { kind: 'status', status: 429, retryAfterSeconds: 1 });
    const started = Date.now();
    await listModels(connect(), compartment, within(10_000));
    assert.ok(Date.now() - started >= 1000, 'waited as retry-after asked');
    assert.equal(attempts('ListModels'), 2);
    sandbox.emulator.clearRequests();
    sandbox.emulator.injectFault('ListModels', { kind: 'status', status: 500 });
    sandbox.emulator.injectFault('ListModels', { kind: 'drop' });
    await listModels(connect(), compartment, within(10_000));
    assert.equal(attempts('ListModels'), 3);
  });

  it('gives up when retrying would pass the bound, and names what failed', async () => {
    sandbox.emulator.injectFault('ListModels', { kind: 'status', status: 429, retryAfterSeconds: 30 });
    const throttled = await failure(listModels(connect(), { compartmentId: sandbox.compartmentId }, within(2000)));
    assert.equal(throttled.failure.kind, 'throttled');
    assert.ok(throttled.ms < 1000, 'no wait that cannot fit');
    sandbox.emulator.injectFault('ListModels', { kind: 'status', status: 503 }, { times: Infinity });
    const down = await failure(listModels(connect(), { compartmentId: sandbox.compartmentId }, within(1500)));
    assert.equal(down.failure.kind, 'service-error');
    assert.ok(down.ms < 2500, `${down.ms} ms`);
    assert.ok(attempts('ListModels') >= 3, 'retried while time remained');
  });

  it('bounds a slow answer, and can be cancelled', async () => {
    sandbox.emulator.injectFault('ListModels', { kind: 'slow', delayMs: 5000 });
    const slow = await failure(listModels(connect(), { compartmentId: sandbox.compartmentId }, within(500)));
    assert.equal(slow.failure.kind, 'timeout');
    assert.match(slow.failure.message, /OCI did not answer within 0\.5 s/);
    assert.ok(slow.ms < 1500, `${slow.ms} ms`);
    sandbox.emulator.injectFault('ListModels', { kind: 'slow', delayMs: 5000 });
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 100);
    const cancelled = await failure(listModels(connect(), { compartmentId: sandbox.compartmentId }, within(10_000, stop.signal)));
    assert.equal(cancelled.failure.kind, 'cancelled');
  });

  it('explains what is not found, what is refused, and an answer that is not JSON', async () => {
    const missing = await failure(getModel(connect(), 'ocid1.generativeaimodel.oc1.us-chicago-1.amaaaaaanothere', within(5000)));
    assert.equal(missing.failure.kind, 'not-found');
    assert.match(missing.failure.message, /^Could not read model ocid1\.generativeaimodel\.oc1\.us-chicago-1\.amaaaaaanothere: OCI found nothing/);
    sandbox.emulator.injectFault('ListModels', { kind: 'malformed' });
    const malformed = await failure(listModels(connect(), { compartmentId: sandbox.compartmentId }, within(5000)));
    assert.equal(malformed.failure.kind, 'invalid-response');
  });

  it('says when nothing answers, and refuses plain http beyond this machine before any request', async () => {
    const port = await closedPort();
    const refused = await failure(
      listModels(new OciConnection({ configFile: sandbox.configFile, endpoint: `http://127.0.0.1:${port}` }, undefined, {}), { compartmentId: 'x' }, within(5000)),
    );
    assert.equal(refused.failure.kind, 'network');
    assert.match(refused.failure.message, /nothing answers at http:\/\/127\.0\.0\.1:\d+ \(connection refused\)/);
    assert.throws(() => new OciConnection({ configFile: sandbox.configFile, endpoint: 'http://example.com' }, undefined, {}), /must use https/);
  });
});

describe('the live catalog, against the emulator', () => {
  it('answers from its cache, fetching in the background, and tells when answers come', async () => {
    let changes = 0;
    const failures: string[] = [];
    const catalog = new OciLiveCatalog(connect(), () => changes++, (message) => failures.push(message));
    try {
      assert.equal(catalog.fineTunableBaseModels(sandbox.compartmentId), undefined, 'nothing yet, and no waiting');
      const base = sandbox.emulator.state.models().find((model) => model.type === 'BASE' && !model.capabilities.includes('FINE_TUNE' as never))!;
      assert.deepEqual(catalog.model(base.id), { state: 'pending' });
      await waitFor(() => changes >= 2);
      const models = catalog.fineTunableBaseModels(sandbox.compartmentId)!;
      assert.ok(models.length > 0 && models.every((model) => model.type === 'BASE' && model.capabilities.includes('FINE_TUNE')));
      const known = catalog.model(base.id);
      assert.equal(known.state === 'known' && known.value.id, base.id);
      assert.deepEqual(catalog.model('ocid1.generativeaimodel.oc1.us-chicago-1.amaaaaaanothere'), { state: 'pending' });
      await waitFor(() => catalog.model('ocid1.generativeaimodel.oc1.us-chicago-1.amaaaaaanothere').state !== 'pending');
      assert.equal(catalog.model('ocid1.generativeaimodel.oc1.us-chicago-1.amaaaaaanothere').state, 'absent');
      assert.equal(failures.length, 1);
      assert.match(failures[0]!, /^Could not read model ocid1\.generativeaimodel\.oc1\.us-chicago-1\.amaaaaaanothere: OCI found nothing/);
      const clusters = catalog.fineTuningClusters(sandbox.compartmentId);
      await waitFor(() => catalog.fineTuningClusters(sandbox.compartmentId) !== undefined);
      assert.equal(clusters, undefined);
      assert.ok(catalog.fineTuningClusters(sandbox.compartmentId)!.every((cluster) => cluster.type === 'FINE_TUNING' && cluster.lifecycleState === 'ACTIVE'));
      const requests = sandbox.emulator.requests.length;
      catalog.fineTunableBaseModels(sandbox.compartmentId);
      assert.equal(sandbox.emulator.requests.length, requests, 'fresh answers come from the cache');
    } finally {
      catalog.dispose();
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A port nothing listens on: one just released. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

