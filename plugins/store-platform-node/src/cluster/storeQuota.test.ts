import { V1PersistentVolumeClaim } from '@kubernetes/client-node';
import { DEFAULT_PROVISIONING_CONFIG as config } from '../config/provisioningConfig';
import { quantityValue } from '../operations/quantity';
import { quotaFor, SIZE_PRESETS } from '../resources/sizes';
import { storeQuota } from './storeQuota';

const claim = (name: string, storage: string): V1PersistentVolumeClaim => ({
  metadata: { name },
  spec: { resources: { requests: { storage } } },
});

const hardOf = (claims: V1PersistentVolumeClaim[], size = 'small' as const) =>
  storeQuota({ storeId: 'shop', size, config }, claims).spec!.hard!;

const gi = (q: string) => quantityValue(q) / 2 ** 30;

describe('storeQuota', () => {
  it("is the size's quota for a store whose volumes are the size's (or not made yet)", () => {
    const preset = quotaFor(SIZE_PRESETS.small);
    expect(hardOf([])).toEqual(preset);
    expect(
      hardOf([claim('mariadb-data', '2Gi'), claim('wordpress-data', '2Gi')]),
    ).toEqual(preset);
  });

  it('keeps room for volumes that grew beyond the size, and for the backup volume still to be made', () => {
    // A medium store shrunk to small: its volumes stay 10Gi and 5Gi, the backup volume would be small's 4Gi.
    const hard = hardOf([
      claim('mariadb-data', '10Gi'),
      claim('wordpress-data', '5Gi'),
    ]);
    expect(gi(hard['requests.storage'])).toBe(10 + 5 + 4);
    expect(hard.persistentvolumeclaims).toBe('3');
    // compute stays small's
    expect(hard['requests.cpu']).toBe(
      quotaFor(SIZE_PRESETS.small)['requests.cpu'],
    );
    // with the backup volume made at medium, it counts as it is
    expect(
      gi(
        hardOf([
          claim('mariadb-data', '10Gi'),
          claim('wordpress-data', '5Gi'),
          claim('store-backups', '15Gi'),
        ])['requests.storage'],
      ),
    ).toBe(30);
  });

  it('gives no room to claims that are not the store’s', () => {
    expect(hardOf([claim('someone-elses', '1Ti')])).toEqual(
      quotaFor(SIZE_PRESETS.small),
    );
  });
});
