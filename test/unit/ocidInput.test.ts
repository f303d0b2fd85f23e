import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { argumentValueProblem, modelOcidProblem } from '../../client/src/ocidInput';

const MODEL = 'ocid1.generativeaimodel.oc1.us-chicago-1.aaaaaaaayrvmdvhd5hynmt2tgot77s3c7ihmynoaeaawn7bzibqr2feesxdq';
const CLUSTER = 'ocid1.generativeaidedicatedaicluster.oc1.us-chicago-1.aaaaaaaaeja5id54dp7qdw24l2arjwd4gndroeufgavfi5mgwpo3rhtbcwte';

describe('modelOcidProblem (the "Import Model by OCID" input)', () => {
  it('accepts the OCID of a model, with surrounding spaces', () => {
    assert.equal(modelOcidProblem(MODEL), undefined);
    assert.equal(modelOcidProblem(` ${MODEL}\n`), undefined);
  });
  it('names what is wrong: nothing typed, not an OCID, another kind of resource, no region', () => {
    assert.match(modelOcidProblem('')!, /^Enter the OCID of a custom model/);
    assert.match(modelOcidProblem('support-assistant-v1')!, /not an OCID/);
    assert.match(modelOcidProblem(CLUSTER)!, /of a generativeaidedicatedaicluster, not of a Generative AI model/);
    assert.match(modelOcidProblem('ocid1.generativeaimodel.oc1..aaaaaaaayrvmdvhd5hynmt2tgot77s3c7ihmynoaeaawn7bzibqr2feesxdq')!, /names its region/);
  });
});

describe('argumentValueProblem (a value asked for before a create)', () => {
  it('takes any text for an argument, and an OCID of any kind for an `_id` argument', () => {
    assert.equal(argumentValueProblem('display_name', 'support bot'), undefined);
    assert.equal(argumentValueProblem('fine_tune_details.dedicated_ai_cluster_id', CLUSTER), undefined);
  });
  it('refuses nothing at all, and what is not an OCID for an `_id` argument', () => {
    assert.match(argumentValueProblem('display_name', '  ')!, /^Enter the value of display_name/);
    assert.match(argumentValueProblem('fine_tune_details.dedicated_ai_cluster_id', 'training')!, /takes an OCID/);
  });
});
