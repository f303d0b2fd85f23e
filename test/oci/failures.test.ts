import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OciError } from 'oci-common';
import { checkEndpoint } from '../../server/src/oci/connection';
import { explainFailure, type FailureContext } from '../../server/src/oci/failures';
import { OciConfigError } from '../../server/src/oci/profile';
import { retryAfterMs, retryDelay } from '../../server/src/oci/retryPolicy';

const CONTEXT: FailureContext = {
  action: 'list the models of compartment ocid1.compartment.oc1..x',
  service: 'Generative AI',
  endpointHint: 'the endpoint setting (--endpoint)',
  profileName: 'DEFAULT',
  sessionProfile: false,
  fingerprint: '11:22:33',
  region: 'us-chicago-1',
  endpoint: 'https://generativeai.us-chicago-1.oci.oraclecloud.com',
  regionEndpoint: true,
  exchange: {},
  budgetMs: 5000,
};

const serviceError = (status: number, code: string, message = ''): OciError =>
  new OciError(status, code, message, 'req-1', 'GenerativeAi', 'listModels', '', '', '');

const networkError = (code: string): Error => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });

describe('OCI failures in one sentence', () => {
  it('tells a wrong key from a skewed clock and from a refused session token, with the request id', () => {
    const wrongKey = explainFailure(serviceError(401, 'NotAuthenticated'), { ...CONTEXT, exchange: { date: new Date().toUTCString() } });
    assert.equal(wrongKey.kind, 'authentication');
    assert.match(wrongKey.message, /^Could not list the models of compartment .*: OCI did not accept the signature of profile \[DEFAULT\]; check that its fingerprint \(11:22:33\)/);
    assert.match(wrongKey.message, /\(opc-request-id: req-1\)$/);
    const skewed = explainFailure(serviceError(401, 'NotAuthenticated'), { ...CONTEXT, exchange: { date: new Date(Date.now() + 20 * 60_000).toUTCString() } });
    assert.equal(skewed.kind, 'clock-skew');
    assert.match(skewed.message, /this computer's clock is 20 minutes behind OCI's/);
    const session = explainFailure(serviceError(401, 'NotAuthenticated'), { ...CONTEXT, sessionProfile: true });
    assert.match(session.message, /oci session refresh --profile DEFAULT/);
  });

  it('names the policy for not found, and passes on what OCI said when it refuses a request', () => {
    assert.match(explainFailure(serviceError(404, 'NotAuthorizedOrNotFound'), CONTEXT).message, /allow group <your group> to read generative-ai-family in compartment <name>` \(`manage` to create\)/);
    const rejected = explainFailure(serviceError(400, 'InvalidParameter', 'The base model cannot be fine-tuned'), CONTEXT);
    assert.equal(rejected.kind, 'rejected');
    assert.match(rejected.message, /OCI refused the request \(400 InvalidParameter\)\. OCI said: The base model cannot be fine-tuned\./);
    assert.equal(explainFailure(serviceError(429, 'TooManyRequests'), CONTEXT).kind, 'throttled');
    assert.equal(explainFailure(serviceError(503, 'ServiceUnavailable'), CONTEXT).kind, 'service-error');
  });

  it('tells a region without the service from an unknown host, a refused connection and a dropped one', () => {
    const noService = explainFailure(networkError('ENOTFOUND'), CONTEXT);
    assert.equal(noService.kind, 'no-service-in-region');
    assert.match(noService.message, /no Generative AI endpoint exists for region us-chicago-1 \(generativeai\.us-chicago-1\.oci\.oraclecloud\.com is not known\)/);
    assert.match(explainFailure(networkError('ENOTFOUND'), { ...CONTEXT, regionEndpoint: false, endpoint: 'https://typo.example' }).message, /the host typo\.example is not known; check the endpoint setting/);
    assert.match(explainFailure(networkError('ECONNREFUSED'), CONTEXT).message, /nothing answers at .* \(connection refused\)/);
    assert.match(explainFailure(networkError('ECONNRESET'), CONTEXT).message, /the connection to .* was dropped/);
    assert.match(explainFailure(networkError('EHOSTUNREACH'), CONTEXT).message, /the network cannot reach/);
    // The SDK's retrier keeps only code and message; the cause is found on what the transport saw.
    assert.match(explainFailure({ message: 'fetch failed' }, { ...CONTEXT, exchange: { error: networkError('ECONNREFUSED') } }).message, /connection refused/);
    assert.equal(explainFailure(new SyntaxError('Unexpected token <'), CONTEXT).kind, 'invalid-response');
  });
});

describe('Object Storage failures in one sentence', () => {
  const OBJECT_STORAGE: FailureContext = {
    ...CONTEXT,
    action: 'read oci://genai-datasets@axk4z7krhqfx/train.jsonl',
    service: 'Object Storage',
    endpointHint: 'the Object Storage endpoint setting (--object-storage-endpoint)',
    endpoint: 'https://objectstorage.us-chicago-1.oraclecloud.com',
  };

  it('says what is missing, keeping OCI\'s code', () => {
    const bucket = explainFailure(serviceError(404, 'BucketNotFound'), OBJECT_STORAGE);
    assert.deepEqual([bucket.kind, bucket.code], ['not-found', 'BucketNotFound']);
    assert.match(bucket.message, /: the bucket does not exist in that namespace, or profile \[DEFAULT\] may not use it; .*`allow group <your group> to read objects in compartment <name>` \(`manage objects` to upload\)/);
    assert.match(explainFailure(serviceError(404, 'NamespaceNotFound'), OBJECT_STORAGE).message, /no Object Storage namespace of that name .*`oci os ns get`/);
    assert.match(explainFailure(serviceError(404, 'ObjectNotFound'), OBJECT_STORAGE).message, /the bucket has no object of that name/);
    const bare = explainFailure(serviceError(404, 'None'), OBJECT_STORAGE);
    assert.match(bare.message, /check the namespace, bucket and object names, .*read objects in compartment/);
  });

  it('tells a failed condition, a refused MD5 and a refusal by policy apart', () => {
    const created = explainFailure(serviceError(412, 'IfNoneMatchFailed'), OBJECT_STORAGE);
    assert.equal(created.kind, 'precondition-failed');
    assert.match(created.message, /an object of that name appeared in the meantime, so nothing was overwritten/);
    assert.equal(explainFailure(serviceError(412, 'IfMatchFailed'), OBJECT_STORAGE).kind, 'precondition-failed');
    assert.match(explainFailure(serviceError(400, 'UnmatchedContentMD5'), OBJECT_STORAGE).message, /do not have the MD5 they were sent with/);
    const forbidden = explainFailure(serviceError(403, 'NotAuthorized'), OBJECT_STORAGE);
    assert.equal(forbidden.kind, 'not-authorized');
    assert.match(forbidden.message, /OCI refused profile \[DEFAULT\] \(403 NotAuthorized\); a policy must let your user's group do this, such as `allow group <your group> to read objects/);
  });

  it('names the service and its endpoint setting when the network fails', () => {
    assert.match(explainFailure(networkError('ENOTFOUND'), OBJECT_STORAGE).message, /no Object Storage endpoint exists for region us-chicago-1/);
    const refused = explainFailure(networkError('ECONNREFUSED'), { ...OBJECT_STORAGE, regionEndpoint: false });
    assert.match(refused.message, /check the Object Storage endpoint setting \(--object-storage-endpoint\)\.$/);
  });

  it('adds a note after the sentence, before the request id', () => {
    const noted = explainFailure(serviceError(503, 'ServiceUnavailable'), OBJECT_STORAGE).withNote('2 of 5 parts are in OCI.');
    assert.match(noted.message, /try again later\. 2 of 5 parts are in OCI\. \(opc-request-id: req-1\)$/);
  });
});

describe('the retry policy', () => {
  it('retries throttling and server errors, honouring retry-after, and dropped connections, only when safe', () => {
    assert.equal(retryDelay(serviceError(429, 'TooManyRequests'), { retryAfter: '2' }, 0, true), 2000);
    const backoff = retryDelay(serviceError(503, 'ServiceUnavailable'), {}, 3, true)!;
    assert.ok(backoff >= 800 && backoff <= 1600, String(backoff));
    assert.ok(retryDelay({ message: 'fetch failed' }, { error: networkError('ECONNRESET') }, 0, true)! > 0);
    assert.equal(retryDelay(serviceError(503, 'ServiceUnavailable'), {}, 0, false), undefined, 'a create without a retry token is never repeated');
    for (const error of [serviceError(401, 'NotAuthenticated'), serviceError(404, 'NotAuthorizedOrNotFound'), serviceError(400, 'InvalidParameter'), networkError('ECONNREFUSED'), networkError('ENOTFOUND')]) {
      assert.equal(retryDelay(error, {}, 0, true), undefined, String(error.message));
    }
  });

  it('reads retry-after as seconds or as a date', () => {
    assert.equal(retryAfterMs('3'), 3000);
    assert.equal(retryAfterMs(new Date(10_000).toUTCString(), 4_000), 6000);
    assert.equal(retryAfterMs('soon'), undefined);
    assert.equal(retryAfterMs(undefined), undefined);
  });
});

describe('endpoints', () => {
  it('accepts https anywhere and http only to this machine, without the API version', () => {
    assert.equal(checkEndpoint('https://private.example.com/'), 'https://private.example.com');
    assert.equal(checkEndpoint('http://127.0.0.1:8080/20231130'), 'http://127.0.0.1:8080');
    assert.equal(checkEndpoint('http://localhost:9'), 'http://localhost:9');
    assert.equal(checkEndpoint('http://[::1]:9'), 'http://[::1]:9');
    assert.throws(() => checkEndpoint('http://example.com'), (error: Error) => error instanceof OciConfigError && /must use https/.test(error.message));
    assert.throws(() => checkEndpoint('not a url'), /is not a URL/);
  });
});
