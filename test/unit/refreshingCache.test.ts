import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RefreshingCache } from '../../server/src/oci/refreshingCache';

/** A load that the test settles by hand, counting calls. */
function controlledLoad() {
  const calls: { key: string; resolve: (value: string) => void; reject: (error: Error) => void; signal: AbortSignal }[] = [];
  const load = (key: string, signal: AbortSignal) => new Promise<string>((resolve, reject) => calls.push({ key, resolve, reject, signal }));
  return { calls, load };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('the refreshing cache behind live values', () => {
  it('answers at once, loads in the background once per key, and tells when the answer came', async () => {
    const { calls, load } = controlledLoad();
    let settled = 0;
    const cache = new RefreshingCache(load, () => settled++, 60_000, 60_000);
    assert.deepEqual(cache.get('a'), { value: undefined, error: undefined, pending: true });
    cache.get('a');
    assert.equal(calls.length, 1, 'a second ask while loading does not load again');
    calls[0]!.resolve('A');
    await tick();
    assert.equal(settled, 1);
    assert.deepEqual(cache.get('a'), { value: 'A', error: undefined, pending: false });
    assert.equal(calls.length, 1, 'fresh: no new load');
  });

  it('keeps serving the old value while a stale one reloads, and after a failure waits before trying again', async () => {
    const { calls, load } = controlledLoad();
    const cache = new RefreshingCache(load, () => undefined, 0, 50);
    cache.get('a');
    calls[0]!.resolve('A');
    await tick();
    assert.equal(cache.get('a').value, 'A', 'stale, still answered');
    assert.equal(calls.length, 2, 'and reloaded');
    calls[1]!.reject(new Error('offline'));
    await tick();
    const failed = cache.get('a');
    assert.equal(failed.value, 'A');
    assert.equal((failed.error as Error).message, 'offline');
    assert.equal(calls.length, 2, 'no new attempt right after a failure');
    await new Promise((resolve) => setTimeout(resolve, 60));
    cache.get('a');
    assert.equal(calls.length, 3, 'tried again after the wait');
  });

  it('fetches a fresh answer again when asked to refresh one old enough, keeping the old value meanwhile', async () => {
    const { calls, load } = controlledLoad();
    const cache = new RefreshingCache(load, () => undefined, 60_000, 60_000);
    cache.refresh('a', 1000);
    assert.equal(calls.length, 1, 'nothing yet: fetched as by get');
    calls[0]!.resolve('A');
    await tick();
    cache.refresh('a', 1000);
    assert.equal(calls.length, 1, 'younger than asked: not fetched');
    cache.refresh('a', 0);
    cache.refresh('a', 0);
    assert.equal(calls.length, 2, 'fetched once, even when asked twice');
    assert.equal(cache.get('a').value, 'A');
    calls[1]!.resolve('B');
    await tick();
    assert.equal(cache.get('a').value, 'B');
  });

  it('stops loading and drops answers in flight when disposed', async () => {
    const { calls, load } = controlledLoad();
    let settled = 0;
    const cache = new RefreshingCache(load, () => settled++, 60_000, 60_000);
    cache.get('a');
    cache.dispose();
    assert.equal(calls[0]!.signal.aborted, true);
    calls[0]!.resolve('A');
    await tick();
    assert.equal(settled, 0);
    cache.get('b');
    assert.equal(calls.length, 1);
  });
});
