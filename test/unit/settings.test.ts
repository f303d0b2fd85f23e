import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readSettings } from '../../server/src/settings';

describe('settings from the client', () => {
  it('reads every setting, trimmed', () => {
    const settings = readSettings({
      oci: {
        enabled: true,
        configFile: ' ~/.oci/config ',
        profile: 'P',
        region: 'eu-frankfurt-1',
        endpoint: 'https://x',
        objectStorageEndpoint: 'https://os',
        compartmentId: 'ocid1.compartment.oc1..a',
      },
      compartments: [{ id: 'ocid1.compartment.oc1..a', name: 'dev' }, 'ocid1.compartment.oc1..b'],
      modelsView: { pageSize: 5 },
    });
    assert.deepEqual(settings, {
      cloud: {
        configFile: '~/.oci/config',
        profile: 'P',
        region: 'eu-frankfurt-1',
        endpoint: 'https://x',
        objectStorageEndpoint: 'https://os',
        compartmentId: 'ocid1.compartment.oc1..a',
        enabled: true,
      },
      modelsView: { compartments: [{ id: 'ocid1.compartment.oc1..a', name: 'dev' }, { id: 'ocid1.compartment.oc1..b', name: undefined }], pageSize: 5 },
    });
  });

  it('takes anything of the wrong type, or nothing at all, as unset', () => {
    const defaults = readSettings(undefined);
    assert.deepEqual(defaults.cloud, {
      configFile: undefined,
      profile: undefined,
      region: undefined,
      endpoint: undefined,
      objectStorageEndpoint: undefined,
      compartmentId: undefined,
      enabled: true,
    });
    assert.deepEqual(defaults.modelsView, { compartments: [], pageSize: 50 });
    const odd = readSettings({ oci: { enabled: 'no', profile: 3, region: '  ' }, compartments: [{ name: 'no id' }, 7], modelsView: { pageSize: 0 } });
    assert.equal(odd.cloud.enabled, true);
    assert.equal(odd.cloud.profile, undefined);
    assert.equal(odd.cloud.region, undefined);
    assert.deepEqual(odd.modelsView, { compartments: [], pageSize: 50 });
    assert.equal(readSettings({ oci: { enabled: false } }).cloud.enabled, false);
    assert.equal(readSettings(null).modelsView.pageSize, 50);
  });
});
