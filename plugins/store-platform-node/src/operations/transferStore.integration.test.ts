import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { DEFAULT_INSTALLATION } from '../config/installation';
import { ForeignNamespaceError } from '../errors';
import { INSTALLATION_LABEL } from '../resources/labels';
import { testClusterKubeConfig, uniqueStoreId } from '../testing/testCluster';
import { OWNER_ANNOTATION, transferStore } from './transferStore';

jest.setTimeout(60_000);

describe('transferStore on the local control plane', () => {
  let kc: KubeConfig;
  let core: CoreV1Api;
  const namespaces: string[] = [];

  async function namespaceOf(storeId: string, installation: string) {
    const name = `store-${storeId}`;
    namespaces.push(name);
    await core.createNamespace({
      body: {
        metadata: {
          name,
          labels: {
            [INSTALLATION_LABEL]: installation,
            'pod-security.kubernetes.io/enforce': 'restricted',
          },
          annotations: {
            [OWNER_ANNOTATION]: 'group:default/team-a',
            'store-platform.io/title': 'Shop',
          },
        },
      },
    });
    return name;
  }

  beforeAll(async () => {
    kc = await testClusterKubeConfig();
    core = kc.makeApiClient(CoreV1Api);
  });

  afterAll(async () => {
    await Promise.allSettled(
      namespaces.map(name => core.deleteNamespace({ name })),
    );
  });

  it("changes the namespace's owner annotation and nothing else, idempotently", async () => {
    const storeId = uniqueStoreId('it-transfer');
    const name = await namespaceOf(storeId, DEFAULT_INSTALLATION);
    const options = {
      owner: 'group:default/team-b',
      installation: DEFAULT_INSTALLATION,
    };

    await expect(transferStore(kc, storeId, options)).resolves.toBe('updated');
    const ns = await core.readNamespace({ name });
    expect(ns.metadata?.annotations).toEqual({
      [OWNER_ANNOTATION]: 'group:default/team-b',
      'store-platform.io/title': 'Shop',
    });
    expect(ns.metadata?.labels).toMatchObject({
      [INSTALLATION_LABEL]: DEFAULT_INSTALLATION,
      'pod-security.kubernetes.io/enforce': 'restricted',
    });

    await expect(transferStore(kc, storeId, options)).resolves.toBe(
      'unchanged',
    );
  });

  it('says absent for a store without a namespace', async () => {
    await expect(
      transferStore(kc, uniqueStoreId('it-transfer-none'), {
        owner: 'group:default/team-b',
        installation: DEFAULT_INSTALLATION,
      }),
    ).resolves.toBe('absent');
  });

  it("refuses another install's namespace and leaves it alone", async () => {
    const storeId = uniqueStoreId('it-transfer-other');
    const name = await namespaceOf(storeId, 'another-install');

    await expect(
      transferStore(kc, storeId, {
        owner: 'group:default/team-b',
        installation: DEFAULT_INSTALLATION,
      }),
    ).rejects.toBeInstanceOf(ForeignNamespaceError);
    const ns = await core.readNamespace({ name });
    expect(ns.metadata?.annotations?.[OWNER_ANNOTATION]).toBe(
      'group:default/team-a',
    );
  });
});
