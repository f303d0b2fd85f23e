import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compartmentOcidProblem } from '../../client/src/compartmentOcid';

describe('compartmentOcidProblem (the "Add Compartment" input)', () => {
  it('accepts compartment and tenancy OCIDs, with or without a region, and surrounding spaces', () => {
    assert.equal(compartmentOcidProblem('ocid1.compartment.oc1..aaaaaaaawehdamucfkgduxshcxuemrqf5hgct6jvaxlddsg4e7bzfmqmtuzl'), undefined);
    assert.equal(compartmentOcidProblem(' ocid1.tenancy.oc1..aaaaaaaaye6dfalfgpp7vehdrsmyxue4l7pax3inq5hhxxzgbztbnyi32vsi '), undefined);
    assert.equal(compartmentOcidProblem('ocid1.compartment.oc1.us-chicago-1.aaaaaaaawehdamucfkgduxshcxuemrqf5hgct6jvaxlddsg4e7bzfmqmtuzl'), undefined);
  });
  it('names what is wrong: nothing typed, not an OCID, another kind of resource', () => {
    assert.match(compartmentOcidProblem('')!, /^Enter the OCID/);
    assert.match(compartmentOcidProblem('genai-dev')!, /not an OCID/);
    assert.match(compartmentOcidProblem('ocid1.compartment.oc1..')!, /not an OCID/);
    assert.match(compartmentOcidProblem('ocid1.generativeaimodel.oc1.us-chicago-1.aaaaaaaacuswc5r7qd2kp6cq4qncdd5gdgdopsgpymleuslnnmgrfdmvffve')!, /of a generativeaimodel, not of a compartment/);
  });
});
