import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_INSTALLATION,
  kubeClients,
  kubeConfigFromConfig,
  OBJECT_NAMES,
  storeLabels,
} from '@store-platform/plugin-store-platform-node';
import { storeNamespace } from '@store-platform/plugin-store-platform-common';

/**
 * The local control plane's kubeconfig, from env KUBECONFIG (set by
 * scripts/test). Integration tests fail without it rather than skip.
 */
export function testKubeConfig() {
  const path = process.env.KUBECONFIG;
  if (!path) {
    throw new Error(
      'KUBECONFIG is not set: this integration test needs the local control plane. ' +
        'Run `scripts/test-cluster up && export KUBECONFIG="$(scripts/test-cluster kubeconfig)"`, ' +
        'or `scripts/test integration`.',
    );
  }
  return kubeConfigFromConfig(
    new ConfigReader({
      storePlatform: {
        kubernetes: { mode: 'kubeconfig', kubeconfigPath: path },
      },
    }),
  );
}

/** A store id no other test run uses: `<prefix>-<random>`. */
export function uniqueStoreId(prefix: string): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 8)}${Date.now()
    .toString(36)
    .slice(-4)}`;
}

type KubeConfig = ReturnType<typeof testKubeConfig>;

/** What a provisioned store leaves in the cluster, as far as the reconciler looks. */
export class StoreNamespaces {
  private readonly created = new Set<string>();
  private readonly clients;

  constructor(
    kubeConfig: KubeConfig,
    /** The install whose namespaces these are (the default config's, unless told). */
    private readonly installation = DEFAULT_INSTALLATION,
  ) {
    this.clients = kubeClients(kubeConfig);
  }

  /** Namespace `store-<id>`, labelled as the provisioning library labels it. */
  async createNamespace(
    storeId: string,
    installation = this.installation,
  ): Promise<string> {
    const name = storeNamespace(storeId);
    await this.clients.core.createNamespace({
      body: {
        metadata: {
          name,
          labels: storeLabels(storeId, 'namespace', name, installation),
        },
      },
    });
    this.created.add(name);
    return name;
  }

  /** The storefront Deployment (`wordpress`) with one pod, which the simulated nodes run. */
  async createStorefront(storeId: string): Promise<void> {
    const labels = storeLabels(
      storeId,
      'storefront',
      OBJECT_NAMES.wordpress,
      this.installation,
    );
    await this.clients.apps.createNamespacedDeployment({
      namespace: storeNamespace(storeId),
      body: {
        metadata: { name: OBJECT_NAMES.wordpress, labels },
        spec: {
          replicas: 1,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              containers: [{ name: 'wordpress', image: 'wordpress:6.8' }],
            },
          },
        },
      },
    });
    // Ready, as a ready store's storefront is: the drift check reports one that is not.
    for (let attempt = 0; ; attempt++) {
      const deployment = await this.clients.apps.readNamespacedDeployment({
        name: OBJECT_NAMES.wordpress,
        namespace: storeNamespace(storeId),
      });
      if ((deployment.status?.readyReplicas ?? 0) >= 1) return;
      if (attempt >= 100) {
        throw new Error(`Deployment wordpress of ${storeId} not ready in 20 s`);
      }
      await new Promise(r => setTimeout(r, 200));
    }
  }

  async deleteStorefront(storeId: string): Promise<void> {
    await this.clients.apps.deleteNamespacedDeployment({
      name: OBJECT_NAMES.wordpress,
      namespace: storeNamespace(storeId),
    });
  }

  /** Whether namespace `store-<id>` exists (terminating counts). */
  async exists(storeId: string): Promise<boolean> {
    try {
      await this.clients.core.readNamespace({ name: storeNamespace(storeId) });
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === 404) return false;
      throw error;
    }
  }

  /** The namespace's phase (`Active`, `Terminating`), undefined when it is gone. */
  async phase(storeId: string): Promise<string | undefined> {
    const ns = await this.clients.core
      .readNamespace({ name: storeNamespace(storeId) })
      .catch(error =>
        (error as { code?: number }).code === 404
          ? undefined
          : Promise.reject(error),
      );
    return ns?.status?.phase;
  }

  /** Deletes every namespace this instance created; gone ones are fine. */
  async cleanUp(): Promise<void> {
    await Promise.all(
      [...this.created].map(name =>
        this.clients.core
          .deleteNamespace({ name })
          .catch(error =>
            (error as { code?: number }).code === 404
              ? undefined
              : Promise.reject(error),
          ),
      ),
    );
    this.created.clear();
  }
}
