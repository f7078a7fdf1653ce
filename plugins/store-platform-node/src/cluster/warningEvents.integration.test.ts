import { CoreV1Api, CoreV1Event, KubeConfig } from '@kubernetes/client-node';
import { DEFAULT_INSTALLATION } from '../config/installation';
import { INSTALLATION_LABEL } from '../resources/labels';
import { REDACTED } from '../resources/secrets';
import { testClusterKubeConfig, uniqueStoreId } from '../testing/testCluster';
import { listWarningEvents } from './warningEvents';

jest.setTimeout(60_000);

const PASSWORD = 'Zx9-secret-password-of-the-store-0001';

/** An event as the kubelet or a controller would record it. */
function event(
  namespace: string,
  name: string,
  fields: {
    type: 'Warning' | 'Normal';
    reason: string;
    object: { kind: string; name: string };
    message: string;
    count: number;
    lastSeen: Date;
  },
): CoreV1Event {
  return {
    metadata: { name, namespace },
    type: fields.type,
    reason: fields.reason,
    message: fields.message,
    count: fields.count,
    involvedObject: { ...fields.object, namespace },
    firstTimestamp: new Date(fields.lastSeen.getTime() - 60_000),
    lastTimestamp: fields.lastSeen,
    source: { component: 'kubelet' },
  };
}

describe('listWarningEvents on the local control plane', () => {
  let kc: KubeConfig;
  let core: CoreV1Api;
  const namespaces: string[] = [];

  async function storeNamespaceOf(
    storeId: string,
    installation = DEFAULT_INSTALLATION,
  ) {
    const namespace = `store-${storeId}`;
    namespaces.push(namespace);
    await core.createNamespace({
      body: {
        metadata: {
          name: namespace,
          labels: { [INSTALLATION_LABEL]: installation },
        },
      },
    });
    return namespace;
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

  it('lists the Warning events of the store namespace, newest first, folded counts, without the passwords', async () => {
    const storeId = uniqueStoreId('it-warn');
    const namespace = await storeNamespaceOf(storeId);
    await core.createNamespacedSecret({
      namespace,
      body: {
        metadata: { name: 'mariadb-secret' },
        stringData: {
          'mariadb-password': PASSWORD,
          'mariadb-user': 'wordpress',
        },
      },
    });
    const now = Date.now();
    const create = (body: CoreV1Event) =>
      core.createNamespacedEvent({ namespace, body });
    await create(
      event(namespace, 'older-warning', {
        type: 'Warning',
        reason: 'FailedScheduling',
        object: { kind: 'Pod', name: 'mariadb-0' },
        message: '0/1 nodes are available: 1 Insufficient memory.',
        count: 1,
        lastSeen: new Date(now - 600_000),
      }),
    );
    await create(
      event(namespace, 'newer-warning', {
        type: 'Warning',
        reason: 'BackOff',
        object: { kind: 'Pod', name: 'wordpress-abc' },
        // As if a failing command line quoted the environment.
        message: `Back-off restarting failed container wordpress: env WORDPRESS_DB_PASSWORD=${PASSWORD} for wordpress`,
        count: 7,
        lastSeen: new Date(now - 5_000),
      }),
    );
    await create(
      event(namespace, 'normal-event', {
        type: 'Normal',
        reason: 'Pulled',
        object: { kind: 'Pod', name: 'wordpress-abc' },
        message: 'Successfully pulled image',
        count: 1,
        lastSeen: new Date(now),
      }),
    );

    const events = await listWarningEvents(kc, storeId, {
      installation: DEFAULT_INSTALLATION,
    });

    expect(events).toEqual([
      {
        reason: 'BackOff',
        object: 'Pod/wordpress-abc',
        message: `Back-off restarting failed container wordpress: env WORDPRESS_DB_PASSWORD=${REDACTED} for wordpress`,
        count: 7,
        lastSeen: new Date(
          Math.floor((now - 5_000) / 1000) * 1000,
        ).toISOString(),
      },
      {
        reason: 'FailedScheduling',
        object: 'Pod/mariadb-0',
        message: '0/1 nodes are available: 1 Insufficient memory.',
        count: 1,
        lastSeen: new Date(
          Math.floor((now - 600_000) / 1000) * 1000,
        ).toISOString(),
      },
    ]);
    expect(JSON.stringify(events)).not.toContain(PASSWORD);

    const newestOnly = await listWarningEvents(kc, storeId, {
      installation: DEFAULT_INSTALLATION,
      limit: 1,
    });
    expect(newestOnly.map(e => e.reason)).toEqual(['BackOff']);
  });

  it("shows nothing of another install's namespace, nor of a namespace that does not exist", async () => {
    const storeId = uniqueStoreId('it-warn-other');
    const namespace = await storeNamespaceOf(storeId, 'another-install');
    await core.createNamespacedEvent({
      namespace,
      body: event(namespace, 'theirs', {
        type: 'Warning',
        reason: 'BackOff',
        object: { kind: 'Pod', name: 'x' },
        message: 'not ours',
        count: 1,
        lastSeen: new Date(),
      }),
    });

    await expect(
      listWarningEvents(kc, storeId, { installation: DEFAULT_INSTALLATION }),
    ).resolves.toEqual([]);
    await expect(
      listWarningEvents(kc, uniqueStoreId('it-warn-none'), {
        installation: DEFAULT_INSTALLATION,
      }),
    ).resolves.toEqual([]);
  });
});
