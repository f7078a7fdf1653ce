import { V1PersistentVolumeClaim } from '@kubernetes/client-node';
import { KubeClients } from '../kube/clients';
import { SIZE_PRESETS } from '../resources/sizes';
import { planVolumes } from './resizeVolumes';

const claim = (
  name: string,
  storage: string,
  storageClassName = 'standard',
): V1PersistentVolumeClaim => ({
  metadata: { name },
  spec: { storageClassName, resources: { requests: { storage } } },
});

/** Clients whose only StorageClass, `standard`, allows expansion as told. */
const clientsWith = (allowVolumeExpansion: boolean) =>
  ({
    objects: {
      read: async () => ({ allowVolumeExpansion }),
    },
  } as unknown as KubeClients);

describe('planVolumes', () => {
  it('keeps volumes larger than the smaller size, saying they never shrink', async () => {
    const claims = [
      claim('mariadb-data', '10Gi'),
      claim('wordpress-data', '2Gi'),
      claim('store-backups', '15Gi'),
    ];
    expect(
      await planVolumes(clientsWith(true), claims, SIZE_PRESETS.small),
    ).toEqual([
      {
        claim: 'mariadb-data',
        from: '10Gi',
        to: '10Gi',
        kept: 'volumes never shrink (the new size has 2Gi)',
      },
      { claim: 'wordpress-data', from: '2Gi', to: '2Gi' },
      {
        claim: 'store-backups',
        from: '15Gi',
        to: '15Gi',
        kept: 'volumes never shrink (the new size has 4Gi)',
      },
    ]);
  });

  it('grows volumes where the StorageClass allows expansion, and says why not elsewhere', async () => {
    const claims = [
      claim('mariadb-data', '2Gi'),
      claim('wordpress-data', '2048Mi'),
    ];
    expect(
      await planVolumes(clientsWith(true), claims, SIZE_PRESETS.medium),
    ).toEqual([
      { claim: 'mariadb-data', from: '2Gi', to: '10Gi' },
      { claim: 'wordpress-data', from: '2048Mi', to: '5Gi' },
    ]);
    expect(
      await planVolumes(clientsWith(false), claims, SIZE_PRESETS.medium),
    ).toEqual([
      {
        claim: 'mariadb-data',
        from: '2Gi',
        to: '2Gi',
        kept: 'StorageClass standard does not allow volume expansion (the new size has 10Gi)',
      },
      {
        claim: 'wordpress-data',
        from: '2048Mi',
        to: '2048Mi',
        kept: 'StorageClass standard does not allow volume expansion (the new size has 5Gi)',
      },
    ]);
  });

  it('ignores claims that are not the store’s volumes', async () => {
    expect(
      await planVolumes(
        clientsWith(true),
        [claim('someone-elses', '1Ti')],
        SIZE_PRESETS.small,
      ),
    ).toEqual([]);
  });
});
