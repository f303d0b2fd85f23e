import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Cloud, type CloudSettings } from '../../server/src/cloud/cloud';
import type { ModelsTreeNode } from '../../server/src/protocol';
import { ModelsTree } from '../../server/src/views/modelsTree';
import { useOciSandbox, type OciSandbox } from '../support/ociSandbox';

let sandbox: OciSandbox;
useOciSandbox((started) => (sandbox = started));

const quiet = { liveDataChanged: () => undefined, statusChanged: () => undefined, callFailed: () => undefined };

function tree(options: { profile?: string; trusted?: boolean; settings?: Partial<CloudSettings>; managed?: string[]; pageSize?: number; compartments?: { id: string; name?: string }[] } = {}) {
  const cloud = new Cloud(quiet, { OCI_CONFIG_FILE: sandbox.configFile });
  cloud.configure({
    settings: { enabled: true, endpoint: sandbox.emulator.url, profile: options.profile, ...options.settings },
    trusted: options.trusted ?? true,
  });
  const models = new ModelsTree({ cloud, managed: () => new Set(options.managed ?? []) });
  models.configure({ compartments: options.compartments ?? [], pageSize: options.pageSize ?? 50 });
  return models;
}

const labels = (nodes: ModelsTreeNode[]) => nodes.map((node) => node.label);

describe('the models view, against the emulator', () => {
  it('has the configured compartments and the tenancy as roots', async () => {
    const roots = await tree({ compartments: [{ id: sandbox.compartmentId, name: 'genai-dev' }] }).children(undefined);
    assert.deepEqual(labels(roots), ['genai-dev', 'Tenancy (root compartment)']);
    assert.equal(roots[0]!.id, `compartment:${sandbox.compartmentId}`);
    assert.equal(roots[0]!.contextValue, 'compartment.configured');
    assert.equal(roots[1]!.contextValue, 'compartment');
    assert.equal(roots[1]!.icon?.id, 'home');
  });

  it('groups a compartment\'s models Base / Custom, with state icons, tooltips and the workspace\'s mark', async () => {
    const custom = sandbox.emulator.state.models().find((m) => m.type === 'CUSTOM' && m.compartmentId === sandbox.compartmentId && m.lifecycleState === 'ACTIVE')!;
    const failed = sandbox.emulator.state.models().find((m) => m.type === 'CUSTOM' && m.compartmentId === sandbox.compartmentId && m.lifecycleState === 'FAILED')!;
    const models = tree({ managed: [custom.id] });
    const groups = await models.children(`compartment:${sandbox.compartmentId}`);
    assert.deepEqual(labels(groups), ['Base models', 'Custom models']);
    const customs = await models.children(groups[1]!.id);
    const node = customs.find((n) => n.model?.id === custom.id)!;
    assert.equal(node.id, `model:${sandbox.compartmentId}:${custom.id}`, 'unique in the tree: base models are in every compartment');
    assert.equal(node.contextValue, 'model.custom.managed');
    assert.deepEqual(node.command, { title: 'Show details', command: 'ociGenaiTf.models.showDetails', arguments: [{ model: node.model }] });
    assert.match(node.description!, /· ACTIVE · in this workspace$/);
    assert.deepEqual(node.icon, { id: 'pass', color: 'testing.iconPassed' });
    assert.match(node.tooltip!, /Base model: /);
    assert.match(node.model!.consoleUrl, /^https:\/\/cloud\.oracle\.com\/.*\?region=us-chicago-1$/);
    assert.equal(customs.find((n) => n.model?.id === failed.id)!.icon?.id, 'error');
    const bases = await models.children(groups[0]!.id);
    assert.ok(bases.length > 0 && bases.every((n) => n.contextValue === 'model.base'));
    assert.equal(sandbox.emulator.requests.filter((r) => r.operation === 'ListModels').length, 1, 'the groups come from the one page listed');
  });

  it('lists a page at a time, with Load more until the last page', async () => {
    const models = tree({ pageSize: 4 });
    const id = `compartment:${sandbox.compartmentId}`;
    const first = await models.children(id);
    const more = first.find((n) => n.contextValue === 'loadMore')!;
    assert.deepEqual(more.command, { title: 'Load more', command: 'ociGenaiTf.models.loadMore', arguments: [sandbox.compartmentId] });
    const count = async () => {
      let total = 0;
      for (const group of (await models.children(id)).filter((n) => n.contextValue === 'modelGroup')) total += (await models.children(group.id)).length;
      return total;
    };
    assert.equal(await count(), 4);
    await models.loadMore(sandbox.compartmentId);
    assert.equal(await count(), 8);
    while ((await models.children(id)).some((n) => n.contextValue === 'loadMore')) await models.loadMore(sandbox.compartmentId);
    const visible = sandbox.emulator.state.models().filter((m) => m.lifecycleState !== 'DELETED' && (m.type === 'BASE' || m.compartmentId === sandbox.compartmentId));
    assert.equal(await count(), visible.length);
  });

  it('filters in OCI, says when nothing matches, and refreshes', async () => {
    const models = tree();
    models.setFilter({ capability: 'FINE_TUNE', lifecycleState: '' });
    assert.deepEqual(models.filter, { capability: 'FINE_TUNE' });
    const id = `compartment:${sandbox.compartmentId}`;
    const groups = await models.children(id);
    const listed = sandbox.emulator.requests.find((r) => r.operation === 'ListModels')!;
    assert.equal(listed.query['capability'], 'FINE_TUNE');
    for (const group of groups) for (const node of await models.children(group.id)) assert.ok(node.tooltip!.includes('FINE\\_TUNE'));
    models.setFilter({ vendor: 'nobody' });
    const empty = await models.children(id);
    assert.equal(empty[0]!.label, 'No models match the filter.');
    assert.equal(empty[0]!.command?.command, 'ociGenaiTf.models.clearFilter');
    sandbox.emulator.clearRequests();
    await models.children(id);
    assert.equal(sandbox.emulator.requests.length, 0, 'kept until refreshed');
    models.refresh(sandbox.compartmentId);
    await models.children(id);
    assert.equal(sandbox.emulator.requests.length, 1);
  });

  it('shows a failure as a node to retry, with a way to another profile, and asks again on the next expansion', async () => {
    sandbox.emulator.injectFault('ListModels', { kind: 'status', status: 401 });
    const models = tree();
    const id = `compartment:${sandbox.compartmentId}`;
    const failed = await models.children(id);
    assert.match(failed[0]!.label, /OCI did not accept the signature of profile \[DEFAULT\]/);
    assert.deepEqual(failed[0]!.command, { title: 'Retry', command: 'ociGenaiTf.models.refresh', arguments: [sandbox.compartmentId] });
    assert.deepEqual(failed.slice(1).map((n) => n.command?.command), ['ociGenaiTf.selectProfile', 'ociGenaiTf.openConfigFile']);
    assert.deepEqual(labels(await models.children(id)), ['Base models', 'Custom models']);
  });

  it('says what to do when it cannot call OCI: untrusted, no config, a broken profile, calls off', async () => {
    const untrusted = await tree({ trusted: false }).children(undefined);
    assert.equal(untrusted[0]!.command?.command, 'workbench.trust.manage');
    const broken = await tree({ profile: 'NOPE' }).children(undefined);
    assert.match(broken[0]!.label, /has no profile \[NOPE\]/);
    assert.equal(broken[1]!.command?.command, 'ociGenaiTf.selectProfile');
    const off = await tree({ settings: { enabled: false } }).children(undefined);
    assert.match(off[0]!.label, /Calls to OCI are off/);
    const cloud = new Cloud(quiet, { OCI_CONFIG_FILE: `${sandbox.dir}/none` });
    cloud.configure({ settings: { enabled: true }, trusted: true });
    const none = await new ModelsTree({ cloud, managed: () => new Set() }).children(undefined);
    assert.match(none[0]!.label, /No OCI config file/);
    assert.equal(sandbox.emulator.requests.length, 0);
  });
});
