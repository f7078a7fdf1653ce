import {
  CoreV1Api,
  KubeConfig,
  RbacAuthorizationV1Api,
} from '@kubernetes/client-node';
import {
  backupStore,
  createStoreCluster,
  listBackups,
  provisioningConfigWith,
  provisionStore,
  restoreStore,
} from '@store-platform/plugin-store-platform-node';
import { randomBytes } from 'node:crypto';
import { testKubeConfig } from '../__testUtils__/kube';
import { helmOnCluster, runHelm } from './__testUtils__/helm';
import { CHART_DIR } from './__testUtils__/repoPaths';
import {
  refusal,
  serviceAccountKubeConfig,
} from './__testUtils__/serviceAccountIdentity';

/**
 * The chart on the real API server of the local control plane: `helm install --wait`,
 * `helm test`, then the least-privilege proof with the token of the chart's ServiceAccount.
 */
const suffix = randomBytes(3).toString('hex');
// A release name containing the chart name is the objects' full name.
const release = `store-platform-it${suffix}`;
const namespace = `sp-chart-${suffix}`;
// Cluster-scoped objects: <fullname>-<namespace>-...
const storeManager = `${release}-${namespace}-store-manager`;
// What the chart sets as storePlatform.provisioning.installation.
const installation = `${release}.${namespace}`;
const kubeconfigPath = () => process.env.KUBECONFIG!;
// What the chart's ConfigMap sets (storePlatform.provisioning.rbac): the provisioning
// binds the store-manager ClusterRole to this ServiceAccount in each store namespace.
const chartProvisioningConfig = () =>
  provisioningConfigWith({
    installation,
    rbac: {
      clusterRoleName: storeManager,
      serviceAccount: { name: release, namespace },
    },
    timeouts: {
      databaseReadyMs: 120_000,
      storefrontReadyMs: 120_000,
      bootstrapMs: 120_000,
      deleteMs: 120_000,
      backupMs: 120_000,
      restoreMs: 120_000,
    },
  });

const helm = helmOnCluster;

describe('the chart on the local control plane', () => {
  let admin: KubeConfig;
  let platform: KubeConfig;
  const adminCore = () => admin.makeApiClient(CoreV1Api);
  const leftovers: string[] = [];

  beforeAll(async () => {
    admin = testKubeConfig();
  });

  afterAll(async () => {
    runHelm([
      'uninstall',
      release,
      '--namespace',
      namespace,
      '--wait',
      '--kubeconfig',
      kubeconfigPath(),
    ]);
    for (const name of [...leftovers, namespace]) {
      await adminCore()
        .deleteNamespace({ name })
        .catch(() => undefined);
    }
  });

  it('installs with --wait and passes helm test', () => {
    const installed = helm([
      'install',
      release,
      CHART_DIR,
      '--namespace',
      namespace,
      '--create-namespace',
      '-f',
      `${CHART_DIR}/values-local.yaml`,
      '--wait',
      '--timeout',
      '3m',
    ]);
    expect(installed).toContain('STATUS: deployed');
    expect(installed).toContain(
      'Open the dashboard:  http://dashboard.localhost',
    );
    const tested = helm([
      'test',
      release,
      '--namespace',
      namespace,
      '--timeout',
      '3m',
    ]);
    expect(tested).toMatch(
      new RegExp(
        `TEST SUITE:\\s+${release}-smoke-test[\\s\\S]*Phase:\\s+Succeeded`,
      ),
    );
  });

  describe('as the chart ServiceAccount (TokenRequest)', () => {
    beforeAll(async () => {
      platform = await serviceAccountKubeConfig(admin, {
        name: release,
        namespace,
      });
    });

    it('provisions a whole store and deletes it', async () => {
      const id = `lp${suffix}`;
      const config = chartProvisioningConfig();
      leftovers.push(`store-${id}`);
      const result = await provisionStore(platform, config, {
        id,
        title: 'Least privilege',
        engine: 'woocommerce',
        size: 'small',
        adminEmail: 'owner@example.com',
      });
      expect(result).toEqual({
        url: `http://${id}.localhost`,
        namespace: `store-${id}`,
      });

      // The rights inside the store came from a RoleBinding in that namespace only.
      const bindings = await admin
        .makeApiClient(RbacAuthorizationV1Api)
        .listNamespacedRoleBinding({ namespace: `store-${id}` });
      expect(bindings.items.map(b => [b.roleRef.name, b.subjects])).toEqual([
        [
          storeManager,
          [
            expect.objectContaining({
              kind: 'ServiceAccount',
              name: release,
              namespace,
            }),
          ],
        ],
      ]);

      // While the store exists: binding any other role there is refused.
      const escalate = await refusal(() =>
        platform
          .makeApiClient(RbacAuthorizationV1Api)
          .createNamespacedRoleBinding({
            namespace: `store-${id}`,
            body: {
              metadata: { name: 'escalate' },
              roleRef: {
                apiGroup: 'rbac.authorization.k8s.io',
                kind: 'ClusterRole',
                name: 'admin',
              },
              subjects: [{ kind: 'ServiceAccount', name: release, namespace }],
            },
          }),
      );
      expect(escalate.code).toBe(403);
      expect(escalate.message).toContain(
        'attempting to grant RBAC permissions not currently held',
      );

      await createStoreCluster(platform, config).deleteStore(id, {
        timeoutMs: 120_000,
      });
      const gone = await refusal(() =>
        adminCore().readNamespace({ name: `store-${id}` }),
      );
      expect(gone.code).toBe(404);
    }, 300_000);

    it('backs up, restores and clones a store with the rights the chart gives', async () => {
      // The clone's copy crosses namespaces with Jobs and NetworkPolicies owned by them (no
      // pods/exec, no pods/proxy, no delete on NetworkPolicies): the store-manager role as it is.
      const config = chartProvisioningConfig();
      const source = `bk${suffix}`;
      const target = `bkc${suffix}`;
      leftovers.push(`store-${source}`, `store-${target}`);
      await Promise.all(
        [source, target].map(id =>
          provisionStore(platform, config, {
            id,
            title: 'Least privilege backups',
            engine: 'woocommerce',
            size: 'small',
            adminEmail: 'owner@example.com',
          }),
        ),
      );
      const backup = await backupStore(platform, config, {
        storeId: source,
        size: 'small',
      });
      expect(backup.status).toBe('succeeded');
      await restoreStore(platform, config, {
        storeId: source,
        size: 'small',
        backupId: backup.id,
      });
      await expect(
        restoreStore(platform, config, {
          storeId: target,
          size: 'small',
          backupId: backup.id,
          source: { storeId: source, size: 'small' },
        }),
      ).resolves.toEqual({ storeId: target, backupId: backup.id });
      expect(await listBackups(platform, source, { installation })).toEqual([
        backup,
      ]);
      const cluster = createStoreCluster(platform, config);
      for (const id of [source, target]) {
        await cluster.deleteStore(id, { timeoutMs: 120_000 });
      }
    }, 420_000);

    it.each(['default', 'kube-system'])(
      'cannot read Secrets in %s',
      async secretNamespace => {
        const name = `canary-${suffix}`;
        await adminCore().createNamespacedSecret({
          namespace: secretNamespace,
          body: {
            metadata: { name },
            stringData: { value: 'not for the platform' },
          },
        });
        try {
          const read = await refusal(() =>
            platform
              .makeApiClient(CoreV1Api)
              .readNamespacedSecret({ name, namespace: secretNamespace }),
          );
          expect(read.code).toBe(403);
          expect(read.message).toContain(
            `cannot get resource "secrets" in API group "" in the namespace "${secretNamespace}"`,
          );
          const list = await refusal(() =>
            platform
              .makeApiClient(CoreV1Api)
              .listNamespacedSecret({ namespace: secretNamespace }),
          );
          expect(list.code).toBe(403);
        } finally {
          await adminCore().deleteNamespacedSecret({
            name,
            namespace: secretNamespace,
          });
        }
      },
    );

    it('cannot bind any role outside its own namespaces, nor another role anywhere', async () => {
      const rbac = platform.makeApiClient(RbacAuthorizationV1Api);
      const binding = (roleName: string) => ({
        metadata: { name: `platform-${suffix}` },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: roleName,
        },
        subjects: [{ kind: 'ServiceAccount', name: release, namespace }],
      });
      const toAdmin = await refusal(() =>
        rbac.createNamespacedRoleBinding({
          namespace: 'default',
          body: binding('admin'),
        }),
      );
      expect(toAdmin.code).toBe(403);
      expect(toAdmin.message).toContain(
        'attempting to grant RBAC permissions not currently held',
      );
      const toClusterAdmin = await refusal(() =>
        rbac.createNamespacedRoleBinding({
          namespace: 'kube-system',
          body: binding('cluster-admin'),
        }),
      );
      expect(toClusterAdmin.code).toBe(403);
      // Even its own role, in a namespace that is not the platform's: denied by admission.
      const ownRole = await refusal(() =>
        rbac.createNamespacedRoleBinding({
          namespace: 'default',
          body: binding(storeManager),
        }),
      );
      expect(ownRole.code).toBe(403);
      expect(ownRole.message).toContain(
        `ValidatingAdmissionPolicy '${release}-${namespace}-rolebindings'`,
      );
    });

    it("cannot delete, adopt or create a namespace without its install's label", async () => {
      const name = `sp-unlabelled-${suffix}`;
      leftovers.push(name);
      await adminCore().createNamespace({ body: { metadata: { name } } });
      const core = platform.makeApiClient(CoreV1Api);

      const del = await refusal(() => core.deleteNamespace({ name }));
      expect(del.code).toBe(403);
      expect(del.message).toContain(
        `may delete only its own namespaces, labelled store-platform.io/installation=${installation}`,
      );
      expect(
        (await adminCore().readNamespace({ name })).metadata?.deletionTimestamp,
      ).toBeUndefined();

      // Labelling it first (to then delete it, or bind itself there) is refused too.
      const adopt = await refusal(() =>
        core.patchNamespace({
          name,
          body: [
            {
              op: 'add',
              path: '/metadata/labels/store-platform.io~1installation',
              value: installation,
            },
          ],
        }),
      );
      expect(adopt.code).toBe(403);
      expect(adopt.message).toContain('may change only its own namespaces');

      const create = await refusal(() =>
        core.createNamespace({
          body: { metadata: { name: `other-${suffix}` } },
        }),
      );
      expect(create.code).toBe(403);
      expect(create.message).toContain(
        'may create only namespaces named store-*',
      );
    });
  });
});
