import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { randomUUID } from 'node:crypto';
import { provisioningConfigWith } from '../config/provisioningConfig';
import { planWooCommerce } from '../engines/woocommerce/woocommerceEngine';
import { ForeignNamespaceError } from '../errors';
import { REGISTRATION_LABEL } from '../resources/labels';
import { testClusterKubeConfig, uniqueStoreId } from '../testing/testCluster';
import { mergePatchObject } from '../kube/apply';
import { kubeClients } from '../kube/clients';
import { buildNamespace } from '../resources/namespace';
import { applyStoreNamespace } from './namespaceOwnership';
import { createStoreCluster } from './storeCluster';

jest.setTimeout(120_000);

/**
 * Registration labels on the local control plane: the namespace step labels
 * the namespace with the store's registration, refuses an earlier
 * registration's namespace (touching nothing in it), and the leftover
 * listing and delete see only this install's and hit only the object listed.
 */
describe('namespaces of a registration', () => {
  let kc: KubeConfig;
  let core: CoreV1Api;
  // An install of its own, so listing sees only this suite's namespaces.
  const config = provisioningConfigWith({
    installation: `it-leftovers-${Date.now().toString(36)}`,
  });
  const made: string[] = [];

  beforeAll(async () => {
    kc = await testClusterKubeConfig();
    core = kc.makeApiClient(CoreV1Api);
  });

  afterAll(async () => {
    for (const name of made) {
      await core.deleteNamespace({ name }).catch(() => undefined);
    }
  });

  /** Runs the namespace step of store `id` for `registration`, as provisioning does. */
  async function namespaceStep(id: string, registration?: string) {
    const [step] = planWooCommerce(
      {
        id,
        title: 'Leftover Shop',
        engine: 'woocommerce',
        size: 'small',
        adminEmail: 'owner@example.com',
        registration,
      },
      { kubeConfig: kc, config },
    );
    expect(step.id).toBe('namespace');
    made.push(`store-${id}`);
    await step.run({ signal: new AbortController().signal, report: () => {} });
  }

  const secretOf = (id: string) =>
    core.readNamespacedSecret({
      name: 'mariadb-secret',
      namespace: `store-${id}`,
    });

  it("labels the namespace with its registration, and refuses an earlier registration's, keeping its Secret", async () => {
    const id = uniqueStoreId('it-leftover');
    const earlier = randomUUID();
    await namespaceStep(id, earlier);
    const ns = await core.readNamespace({ name: `store-${id}` });
    expect(ns.metadata?.labels?.[REGISTRATION_LABEL]).toBe(earlier);
    const secret = await secretOf(id);

    // The same registration converges (a retry of the same store).
    await namespaceStep(id, earlier);
    const again = randomUUID();
    const refused = await namespaceStep(id, again).catch(e => e);
    expect(refused).toBeInstanceOf(ForeignNamespaceError);
    expect(refused.message).toBe(
      `namespace store-${id} was left by an earlier registration of this store id ` +
        `(label ${REGISTRATION_LABEL}=${earlier}; this store's registration is ${again}); ` +
        `refusing to adopt it: its Secret, data and administrator account are not this store's. ` +
        `The store platform's leftover sweep deletes it when that registration ended on this install; ` +
        `otherwise ask a cluster admin to delete it (kubectl delete namespace store-${id}). Then retry the store.`,
    );
    const after = await core.readNamespace({ name: `store-${id}` });
    expect(after.metadata?.labels?.[REGISTRATION_LABEL]).toBe(earlier);
    expect((await secretOf(id)).metadata?.uid).toBe(secret.metadata?.uid);
  });

  it('never relabels a namespace another registration wrote between the read and the apply', async () => {
    const id = uniqueStoreId('it-raced');
    const earlier = randomUUID();
    await namespaceStep(id, earlier);
    const name = `store-${id}`;
    const later = randomUUID();
    const real = kubeClients(kc);
    let raced = false;
    // The apply of `earlier` (a late step) runs just after `later`'s registration relabels it.
    const clients = {
      ...real,
      objects: Object.assign(Object.create(real.objects), {
        patch: async (...args: Parameters<typeof real.objects.patch>) => {
          if (!raced) {
            raced = true;
            await mergePatchObject(real, {
              apiVersion: 'v1',
              kind: 'Namespace',
              metadata: { name, labels: { [REGISTRATION_LABEL]: later } },
            });
          }
          return real.objects.patch(...args);
        },
      }),
    };
    const spec = {
      id,
      title: 'Raced Shop',
      engine: 'woocommerce' as const,
      size: 'small' as const,
      adminEmail: 'owner@example.com',
      registration: earlier,
    };
    const refused = await applyStoreNamespace(
      clients,
      buildNamespace({ spec, config }),
      config.installation,
      { registration: earlier },
    ).catch(e => e);
    expect(raced).toBe(true);
    expect(refused).toBeInstanceOf(ForeignNamespaceError);
    expect(refused.message).toContain(
      `${REGISTRATION_LABEL}=${later}; this store's registration is ${earlier}`,
    );
    const after = await core.readNamespace({ name });
    expect(after.metadata?.labels?.[REGISTRATION_LABEL]).toBe(later);
  });

  it('labels the namespace of a store from before registrations were labelled on its next apply', async () => {
    const id = uniqueStoreId('it-backfill');
    await namespaceStep(id);
    const before = await core.readNamespace({ name: `store-${id}` });
    expect(before.metadata?.labels?.[REGISTRATION_LABEL]).toBeUndefined();
    const registration = randomUUID();
    await namespaceStep(id, registration);
    const after = await core.readNamespace({ name: `store-${id}` });
    expect(after.metadata?.labels?.[REGISTRATION_LABEL]).toBe(registration);
  });

  it("lists this install's namespaces of the registrations asked about, and deletes only the object it listed", async () => {
    const cluster = createStoreCluster(kc, config);
    const id = uniqueStoreId('it-listed');
    const registration = randomUUID();
    await namespaceStep(id, registration);

    const other = randomUUID();
    expect(await cluster.listRegisteredNamespaces([])).toEqual([]);
    expect(await cluster.listRegisteredNamespaces([other])).toEqual([]);
    const listed = await cluster.listRegisteredNamespaces([
      other,
      registration,
    ]);
    expect(listed).toHaveLength(1);
    const mine = listed.find(ns => ns.storeId === id);
    expect(mine).toEqual({
      name: `store-${id}`,
      uid: expect.any(String),
      storeId: id,
      registration,
      terminating: false,
    });

    expect(
      await cluster.deleteLeftoverNamespace({
        name: mine!.name,
        uid: randomUUID(),
      }),
    ).toBe('gone');
    const still = await core.readNamespace({ name: mine!.name });
    expect(still.metadata?.deletionTimestamp).toBeUndefined();

    expect(await cluster.deleteLeftoverNamespace(mine!)).toBe('deleted');
    const going = await core
      .readNamespace({ name: mine!.name })
      .catch(() => undefined);
    expect(
      going === undefined || Boolean(going.metadata?.deletionTimestamp),
    ).toBe(true);
    const relisted = await cluster.listRegisteredNamespaces([registration]);
    expect(relisted.find(ns => ns.storeId === id)?.terminating ?? true).toBe(
      true,
    );
  });
});
