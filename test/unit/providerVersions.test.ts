import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allowsAtLeast, parseConstraints, parseVersion } from '../../server/src/workspace/providerVersions';

function allows(constraint: string, minimum: string): boolean {
  return allowsAtLeast(parseConstraints(constraint)!, parseVersion(minimum)!);
}

describe('provider version constraints', () => {
  it('parses the operators Terraform knows', () => {
    assert.deepEqual(parseConstraints('>= 6.1.0, < 7')?.map((c) => c.operator), ['>=', '<']);
    assert.equal(parseConstraints('~> 5.30')?.[0]?.parts, 2);
    assert.equal(parseConstraints('6.1.0')?.[0]?.operator, '=');
    assert.equal(parseConstraints('latest'), undefined);
  });

  it('answers whether a release at least as new as the minimum is allowed', () => {
    assert.equal(allows('>= 5.0', '6.1.0'), true);
    assert.equal(allows('~> 5.30', '6.1.0'), false);
    assert.equal(allows('~> 6.0', '6.1.0'), true);
    assert.equal(allows('~> 6.0.1', '6.1.0'), false);
    assert.equal(allows('< 6.1.0', '6.1.0'), false);
    assert.equal(allows('<= 6.1.0', '6.1.0'), true);
    assert.equal(allows('= 5.46.0', '6.1.0'), false);
    assert.equal(allows('6.2.0', '6.1.0'), true);
    assert.equal(allows('>= 6.0, != 6.1.0', '6.1.0'), true);
    assert.equal(allows('> 6.0.0, < 6.1.0', '6.1.0'), false);
  });
});
