import * as assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { signingIdentity, tokenExpiry } from '../../server/src/oci/credentials';
import { loadProfile, OciConfigError, resolveConfigLocation } from '../../server/src/oci/profile';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oci-genai-tf-profile-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PLAIN_KEY = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const PASSPHRASE = 'correct horse';
const ENCRYPTED_KEY = privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE }).toString();
fs.writeFileSync(path.join(dir, 'plain.pem'), PLAIN_KEY);
fs.writeFileSync(path.join(dir, 'encrypted.pem'), ENCRYPTED_KEY);

const jwt = (claims: object): string => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`;
fs.writeFileSync(path.join(dir, 'token'), jwt({ exp: Math.floor(Date.now() / 1000) + 3600 }));
fs.writeFileSync(path.join(dir, 'expired-token'), jwt({ exp: Math.floor(Date.now() / 1000) - 60 }));

const CONFIG = path.join(dir, 'config');
fs.writeFileSync(
  CONFIG,
  `[DEFAULT]
user=ocid1.user.oc1..aaaa
fingerprint=11:22:33
key_file=plain.pem
tenancy=ocid1.tenancy.oc1..bbbb
region=us-chicago-1

[LONDON]
region = uk-london-1

[ENCRYPTED]
key_file=${path.join(dir, 'encrypted.pem')}

[WITH_PASSPHRASE]
key_file=${path.join(dir, 'encrypted.pem')}
pass_phrase=${PASSPHRASE}

[WRONG_PASSPHRASE]
key_file=${path.join(dir, 'encrypted.pem')}
pass_phrase=not it

[SESSION]
fingerprint=44:55
key_file=plain.pem
tenancy=ocid1.tenancy.oc1..bbbb
security_token_file=token

[EXPIRED]
security_token_file=expired-token

[MISSING_KEY]
key_file=nowhere.pem
`,
);

const message = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof OciConfigError, String(error));
    return error.message;
  }
  assert.fail('no error');
};

const rejection = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof OciConfigError, String(error));
    return error.message;
  }
  assert.fail('no error');
};

describe('OCI profiles', () => {
  it('finds the config and profile as the OCI CLI does: setting, then environment, then defaults', () => {
    assert.deepEqual(resolveConfigLocation({}, {}), { configFile: path.join(os.homedir(), '.oci', 'config'), profile: 'DEFAULT' });
    assert.deepEqual(resolveConfigLocation({}, { OCI_CONFIG_FILE: '/x/config', OCI_CLI_PROFILE: 'P' }), { configFile: '/x/config', profile: 'P' });
    assert.deepEqual(resolveConfigLocation({ configFile: '~/c', profile: 'Q' }, { OCI_CONFIG_FILE: '/x/config', OCI_CLI_PROFILE: 'P' }), {
      configFile: path.join(os.homedir(), 'c'),
      profile: 'Q',
    });
  });

  it('reads a profile, falling back to DEFAULT for what it lacks, with key paths relative to the config', () => {
    const london = loadProfile({ configFile: CONFIG, profile: 'LONDON' }, {});
    assert.equal(london.region, 'uk-london-1');
    assert.equal(london.user, 'ocid1.user.oc1..aaaa');
    assert.equal(london.keyFile, path.join(dir, 'plain.pem'));
    assert.equal(loadProfile({ configFile: CONFIG, profile: 'LONDON', region: 'eu-frankfurt-1' }, {}).region, 'eu-frankfurt-1');
  });

  it('says what is wrong with a config: missing file, unknown profile, missing key, a line that is not key = value', () => {
    assert.match(message(() => loadProfile({ configFile: path.join(dir, 'none') }, {})), /No OCI config file at .*none: create one with `oci setup config`/);
    assert.match(message(() => loadProfile({ configFile: CONFIG, profile: 'NOPE' }, {})), /has no profile \[NOPE\]; it has \[DEFAULT\], \[LONDON\], .*--profile/);
    const broken = path.join(dir, 'broken');
    fs.writeFileSync(broken, '[DEFAULT]\n-----BEGIN PRIVATE KEY-----\n');
    const said = message(() => loadProfile({ configFile: broken }, {}));
    assert.match(said, /neither a \[PROFILE\] header nor key = value/);
    assert.ok(!said.includes('BEGIN PRIVATE KEY'), 'the line itself is never quoted: it may be a secret');
    const noRegion = path.join(dir, 'no-region');
    fs.writeFileSync(noRegion, '[DEFAULT]\nuser=u\nfingerprint=f\nkey_file=k\ntenancy=t\n');
    assert.match(message(() => loadProfile({ configFile: noRegion }, {})), /has no `region`/);
    assert.equal(loadProfile({ configFile: noRegion }, { OCI_REGION: 'us-ashburn-1' }).region, 'us-ashburn-1');
  });

  it('signs with a plain key, or one decrypted by the pass_phrase of the config', async () => {
    const plain = await signingIdentity(loadProfile({ configFile: CONFIG }, {}));
    assert.equal(await plain.getKeyId(), 'ocid1.tenancy.oc1..bbbb/ocid1.user.oc1..aaaa/11:22:33');
    const decrypted = await signingIdentity(loadProfile({ configFile: CONFIG, profile: 'WITH_PASSPHRASE' }, {}));
    assert.match(decrypted.getPrivateKey(), /^-----BEGIN PRIVATE KEY-----/);
    assert.equal(decrypted.getPassphrase(), null);
    assert.match(await rejection(signingIdentity(loadProfile({ configFile: CONFIG, profile: 'WRONG_PASSPHRASE' }, {}))), /pass_phrase of profile \[WRONG_PASSPHRASE\] does not decrypt/);
  });

  it('asks for the passphrase of an encrypted key, again after a wrong one, and says so when nobody can be asked', async () => {
    const profile = loadProfile({ configFile: CONFIG, profile: 'ENCRYPTED' }, {});
    const asked: boolean[] = [];
    const answers = ['wrong', PASSPHRASE];
    const identity = await signingIdentity(profile, async ({ failedBefore }) => {
      asked.push(failedBefore);
      return answers.shift();
    });
    assert.deepEqual(asked, [false, true]);
    assert.match(identity.getPrivateKey(), /^-----BEGIN PRIVATE KEY-----/);
    assert.match(await rejection(signingIdentity(profile)), /is encrypted and the config has no pass_phrase: add pass_phrase/);
    assert.match(await rejection(signingIdentity(profile, async () => undefined)), /no passphrase was given/);
    assert.match(await rejection(signingIdentity(profile, async () => 'wrong')), /did not decrypt .* 3 times/);
  });

  it('signs a session-token profile with ST$ and the token, and refuses an expired token before any request', async () => {
    const session = await signingIdentity(loadProfile({ configFile: CONFIG, profile: 'SESSION' }, {}));
    assert.equal(await session.getKeyId(), `ST$${fs.readFileSync(path.join(dir, 'token'), 'utf8')}`);
    assert.match(await rejection(signingIdentity(loadProfile({ configFile: CONFIG, profile: 'EXPIRED' }, {}))), /session token of profile \[EXPIRED\] expired at .*: run `oci session refresh --profile EXPIRED`/);
    assert.equal(tokenExpiry('not a jwt'), undefined);
  });

  it('names a key file that does not exist', async () => {
    assert.match(await rejection(signingIdentity(loadProfile({ configFile: CONFIG, profile: 'MISSING_KEY' }, {}))), /key_file of profile \[MISSING_KEY\] does not exist: .*nowhere\.pem/);
  });
});
