import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sandboxCli, useOciSandbox, type OciSandbox } from '../support/ociSandbox';

let sandbox: OciSandbox;
useOciSandbox((started) => (sandbox = started));

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => sandboxCli(sandbox, args, { env });

describe('oci-genai-tf models list', () => {
  it('prints every model of the compartment as a table', async () => {
    const run = await cli(['models', 'list', '--compartment', sandbox.compartmentId, '--endpoint', sandbox.emulator.url]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '', 'the SDK says nothing of its own');
    const [header, ...rows] = run.stdout.trimEnd().split('\n');
    assert.match(header!, /^DISPLAY NAME\s+VENDOR\s+VERSION\s+TYPE\s+STATE\s+CAPABILITIES\s+OCID$/);
    const visible = sandbox.emulator.state.models().filter((model) => model.lifecycleState !== 'DELETED' && (model.type === 'BASE' || model.compartmentId === sandbox.compartmentId));
    assert.equal(rows.length, visible.length);
    const ocidColumn = header!.indexOf('OCID');
    for (const model of visible) assert.ok(rows.some((row) => row.slice(ocidColumn) === model.id), `${model.id} listed`);
  });

  it('prints the SDK objects as JSON, with the profile and region from flags and environment', async () => {
    const run = await cli(['models', 'list', `--compartment=${sandbox.compartmentId}`, '--format', 'json', '--endpoint', sandbox.emulator.url], { OCI_CLI_PROFILE: 'SESSION' });
    assert.equal(run.code, 0, run.stderr);
    const listed = JSON.parse(run.stdout) as { id: string; capabilities: string[]; lifecycleState: string }[];
    assert.ok(listed.length > 0 && listed.every((model) => model.id.startsWith('ocid1.generativeaimodel.') && Array.isArray(model.capabilities)));
    assert.ok(sandbox.emulator.requests.every((request) => request.keyId?.startsWith('ST$')), 'signed with the session profile');
  });

  it('exits 1 with one sentence on stderr for an OCI failure, quickly, and nothing on stdout', async () => {
    const started = Date.now();
    const unknownKey = await cli(['models', 'list', '--compartment', sandbox.compartmentId, '--endpoint', sandbox.emulator.url, '--profile', 'UNKNOWN_KEY']);
    assert.equal(unknownKey.code, 1);
    assert.equal(unknownKey.stdout, '');
    assert.match(unknownKey.stderr, /^oci-genai-tf models list: Could not list the models of compartment .*: OCI did not accept the signature of profile \[UNKNOWN_KEY\].*\(opc-request-id: .+\)\n$/);
    assert.ok(Date.now() - started < 5000, 'a wrong key fails in seconds');
    const encrypted = await cli(['models', 'list', '--compartment', sandbox.compartmentId, '--endpoint', sandbox.emulator.url, '--profile', 'NO_PASSPHRASE']);
    assert.equal(encrypted.code, 1);
    assert.match(encrypted.stderr, /is encrypted and the config has no pass_phrase: add pass_phrase to the profile, or run where you can be asked for it/);
    const missingConfig = await cli(['models', 'list', '--compartment', sandbox.compartmentId], { OCI_CONFIG_FILE: `${sandbox.dir}/none` });
    assert.equal(missingConfig.code, 1);
    assert.match(missingConfig.stderr, /No OCI config file at .*none: create one with `oci setup config`/);
  });

  it('exits 2 on usage errors', async () => {
    for (const args of [['models'], ['models', 'list'], ['models', 'list', '--compartment', 'x', '--format', 'yaml'], ['models', 'list', '--compartment', 'x', '--bogus'], ['models', 'delete']]) {
      const run = await cli(args);
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, /Usage: oci-genai-tf models list/);
    }
    const help = await cli(['models', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--compartment OCID/);
  });

  it('refuses plain http to another machine', async () => {
    const run = await cli(['models', 'list', '--compartment', sandbox.compartmentId, '--endpoint', 'http://example.com']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /must use https; plain http is allowed only to this machine/);
  });
});
