import { ConfigReader } from '@backstage/config';
import {
  CoreV1Api,
  KubeConfig,
  RbacAuthorizationV1Api,
  V1RoleBinding,
} from '@kubernetes/client-node';
import {
  createStoreCluster,
  ForeignNamespaceError,
  planWooCommerce,
  ProvisioningConfig,
  readProvisioningConfig,
  StoreSpec,
} from '@store-platform/plugin-store-platform-node';
import { randomBytes } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { testKubeConfig } from '../__testUtils__/kube';
import { helmOnCluster, runHelm } from './__testUtils__/helm';
import { CHART_DIR } from './__testUtils__/repoPaths';
import {
  refusal,
  serviceAccountKubeConfig,
} from './__testUtils__/serviceAccountIdentity';

/**
 * Two releases of the chart in one cluster (the local control plane), each proving with its own
 * ServiceAccount's token that it cannot delete, bind itself in, relabel or counterfeit the
 * other's store namespaces, while it still manages its own.
 */
const suffix = randomBytes(3).toString('hex');
const LABEL = 'store-platform.io/installation';
const kubeconfigPath = () => process.env.KUBECONFIG!;

interface Install {
  key: 'A' | 'B';
  release: string;
  namespace: string;
  /** The chart's full name: release name + chart name. */
  fullname: string;
  /** Store id provisioned by this install. */
  storeId: string;
  /** What the chart configured: read back from the install's API ConfigMap. */
  config: ProvisioningConfig;
  kubeConfig: KubeConfig;
}

const install = (key: 'A' | 'B'): Install => {
  const release = `shops-${key.toLowerCase()}${suffix}`;
  return {
    key,
    release,
    namespace: `sp-${key.toLowerCase()}-${suffix}`,
    fullname: `${release}-store-platform`,
    storeId: `two-${key.toLowerCase()}${suffix}`,
    config: undefined as unknown as ProvisioningConfig,
    kubeConfig: undefined as unknown as KubeConfig,
  };
};

const helm = (args: string[]) => helmOnCluster(args, 180_000);

const specFor = (id: string): StoreSpec => ({
  id,
  title: `Two installs ${id}`,
  engine: 'woocommerce',
  size: 'small',
  adminEmail: 'owner@example.com',
});

/** The provisioning's first step only: namespace, RoleBinding, guardrails, credentials. */
async function createStoreNamespace(of: Install, storeId: string) {
  const step = planWooCommerce(specFor(storeId), {
    kubeConfig: of.kubeConfig,
    config: of.config,
  }).find(s => s.id === 'namespace')!;
  await step.run({ signal: new AbortController().signal, report: () => {} });
}

describe('two installs of the chart in one cluster', () => {
  const a = install('A');
  const b = install('B');
  let admin: KubeConfig;
  const adminCore = () => admin.makeApiClient(CoreV1Api);

  beforeAll(async () => {
    admin = testKubeConfig();
    for (const inst of [a, b]) {
      // No --wait: only the RBAC, the admission policies and the ConfigMap matter here.
      helm([
        'install',
        inst.release,
        CHART_DIR,
        '--namespace',
        inst.namespace,
        '--create-namespace',
        '-f',
        `${CHART_DIR}/values-local.yaml`,
      ]);
      const configMap = await adminCore().readNamespacedConfigMap({
        name: `${inst.fullname}-api`,
        namespace: inst.namespace,
      });
      inst.config = readProvisioningConfig(
        new ConfigReader(
          parseYaml(configMap.data!['app-config.chart.yaml']),
          'chart',
        ),
      );
      inst.kubeConfig = await serviceAccountKubeConfig(admin, {
        name: inst.fullname,
        namespace: inst.namespace,
      });
    }
    // Admission policies take effect once the API server has loaded them: wait until one
    // refuses what it must (B creating a namespace of no install).
    const deadline = Date.now() + 60_000;
    for (;;) {
      const denied = await refusal(() =>
        b.kubeConfig.makeApiClient(CoreV1Api).createNamespace({
          body: { metadata: { name: `store-probe-${suffix}` } },
        }),
      ).catch(() => undefined);
      if (denied?.message.includes('ValidatingAdmissionPolicy')) break;
      await adminCore()
        .deleteNamespace({ name: `store-probe-${suffix}` })
        .catch(() => undefined);
      if (Date.now() > deadline)
        throw new Error('the admission policies were not enforced in 60 s');
      await new Promise(r => setTimeout(r, 500));
    }
    await createStoreNamespace(a, a.storeId);
    await createStoreNamespace(b, b.storeId);
  }, 300_000);

  afterAll(async () => {
    for (const inst of [a, b]) {
      runHelm([
        'uninstall',
        inst.release,
        '--namespace',
        inst.namespace,
        '--kubeconfig',
        kubeconfigPath(),
      ]);
    }
    for (const name of [
      `store-${a.storeId}`,
      `store-${b.storeId}`,
      `store-copy-${suffix}`,
      a.namespace,
      b.namespace,
    ]) {
      await adminCore()
        .deleteNamespace({ name })
        .catch(() => undefined);
    }
  }, 120_000);

  it("the chart names each install in the API's config and on its store namespaces", async () => {
    expect(a.config.installation).toBe(`${a.release}.${a.namespace}`);
    expect(b.config.installation).toBe(`${b.release}.${b.namespace}`);
    for (const inst of [a, b]) {
      const ns = await adminCore().readNamespace({
        name: `store-${inst.storeId}`,
      });
      expect(ns.metadata?.labels?.[LABEL]).toBe(inst.config.installation);
    }
  });

  describe.each([
    ['B', 'A', b, a],
    ['A', 'B', a, b],
  ])("%s's ServiceAccount on %s's store", (_i, _o, intruder, owner) => {
    const victim = () => `store-${owner.storeId}`;
    const core = () => intruder.kubeConfig.makeApiClient(CoreV1Api);
    const rbac = () =>
      intruder.kubeConfig.makeApiClient(RbacAuthorizationV1Api);
    const policy = (kind: 'namespaces' | 'rolebindings') =>
      `ValidatingAdmissionPolicy '${intruder.fullname}-${intruder.namespace}-${kind}'`;

    it('cannot delete it, by the library or by the API', async () => {
      // The library leaves another install's namespace alone...
      await createStoreCluster(
        intruder.kubeConfig,
        intruder.config,
      ).deleteStore(owner.storeId);
      // ...and the API server refuses the call outright.
      const del = await refusal(() =>
        core().deleteNamespace({ name: victim() }),
      );
      expect(del.code).toBe(403);
      expect(del.message).toContain(policy('namespaces'));
      expect(del.message).toContain(
        `install ${intruder.config.installation} may delete only its own namespaces`,
      );
    });

    it('cannot provision into it: the library refuses to adopt it', async () => {
      const refused = await createStoreNamespace(intruder, owner.storeId).catch(
        e => e,
      );
      expect(refused).toBeInstanceOf(ForeignNamespaceError);
      expect(refused.message).toContain(
        `belongs to the store platform install "${owner.config.installation}"`,
      );
    });

    it.each([
      ['relabel it to its own install', 'replace', 'intruder'],
      ['strip the install label', 'remove', undefined],
    ] as const)('cannot %s', async (_what, op, value) => {
      const patch = await refusal(() =>
        core().patchNamespace({
          name: victim(),
          body: [
            {
              op,
              path: '/metadata/labels/store-platform.io~1installation',
              ...(value ? { value: intruder.config.installation } : {}),
            },
          ],
        }),
      );
      expect(patch.code).toBe(403);
      expect(patch.message).toContain(policy('namespaces'));
      expect(patch.message).toContain('may change only its own namespaces');
    });

    it('cannot bind itself in it, nor change the RoleBinding there', async () => {
      const binding: V1RoleBinding = {
        metadata: { name: `intruder-${suffix}` },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: intruder.config.rbac!.clusterRoleName,
        },
        subjects: [
          {
            kind: 'ServiceAccount',
            name: intruder.fullname,
            namespace: intruder.namespace,
          },
        ],
      };
      const bind = await refusal(() =>
        rbac().createNamespacedRoleBinding({
          namespace: victim(),
          body: binding,
        }),
      );
      expect(bind.code).toBe(403);
      expect(bind.message).toContain(policy('rolebindings'));
      expect(bind.message).toContain(
        'may create or change RoleBindings only in its own namespaces',
      );
      // Its `patch` on RoleBindings is cluster-wide in RBAC, but the binding there names the
      // other install's role, which this one may not `bind`: the API server refuses.
      const change = await refusal(() =>
        rbac().patchNamespacedRoleBinding({
          name: 'store-platform',
          namespace: victim(),
          body: [
            {
              op: 'add',
              path: '/metadata/labels/intruder',
              value: 'yes',
            },
          ],
        }),
      );
      expect(change.code).toBe(403);
      expect(change.message).toContain(
        'is attempting to grant RBAC permissions not currently held',
      );
      // Without a binding there, nothing inside is readable.
      const secrets = await refusal(() =>
        core().listNamespacedSecret({ namespace: victim() }),
      );
      expect(secrets.code).toBe(403);
    });

    it("cannot create a namespace carrying the other install's label", async () => {
      const create = await refusal(() =>
        core().createNamespace({
          body: {
            metadata: {
              name: `store-copy-${suffix}`,
              labels: {
                [LABEL]: owner.config.installation,
                'pod-security.kubernetes.io/enforce': 'restricted',
              },
            },
          },
        }),
      );
      expect(create.code).toBe(403);
      expect(create.message).toContain(policy('namespaces'));
      expect(create.message).toContain(
        `install ${intruder.config.installation} may create only namespaces named store-* and labelled ${LABEL}=${intruder.config.installation}`,
      );
    });

    it("left the other install's namespace exactly as it was", async () => {
      const ns = await adminCore().readNamespace({ name: victim() });
      expect(ns.metadata?.deletionTimestamp).toBeUndefined();
      expect(ns.metadata?.labels?.[LABEL]).toBe(owner.config.installation);
      const bindings = await admin
        .makeApiClient(RbacAuthorizationV1Api)
        .listNamespacedRoleBinding({ namespace: victim() });
      expect(
        bindings.items.map(x => [
          x.metadata?.name,
          x.roleRef.name,
          x.metadata?.labels?.intruder,
        ]),
      ).toEqual([
        ['store-platform', owner.config.rbac!.clusterRoleName, undefined],
      ]);
    });
  });

  it('each install still changes and deletes its own store namespace', async () => {
    for (const inst of [a, b]) {
      const name = `store-${inst.storeId}`;
      await inst.kubeConfig.makeApiClient(CoreV1Api).patchNamespace({
        name,
        body: [
          {
            op: 'add',
            path: '/metadata/annotations/store-platform.io~1checked',
            value: 'yes',
          },
        ],
      });
      await createStoreCluster(inst.kubeConfig, inst.config).deleteStore(
        inst.storeId,
        { timeoutMs: 120_000 },
      );
      const gone = await refusal(() => adminCore().readNamespace({ name }));
      expect(gone.code).toBe(404);
    }
  }, 300_000);
});
