import { Config } from '@backstage/config';
import { KubeConfig, VersionApi } from '@kubernetes/client-node';
import {
  getEngine,
  ProvisioningConfig,
  readProvisioningConfig,
  readRecordedAdminEmail,
  renderStoreManifests,
  runProvisioningSteps,
  storeUrl,
  validateStoreSpec,
} from '@store-platform/plugin-store-platform-node';
import {
  StoreImageRefs,
  storeIdSchema,
} from '@store-platform/plugin-store-platform-common';
import { inputErrorFor } from '../inputError';
import { StoreProvisioner, StoreSpec } from '../ports';
import { StoreKubeConfigs } from './storeKubeConfigs';

const REACHABILITY_TIMEOUT_MS = 5_000;

const HOW_TO_CONFIGURE =
  'Set storePlatform.kubernetes in app-config.yaml: `mode: in-cluster` inside a cluster, ' +
  'or `mode: kubeconfig` with optional `kubeconfigPath` and `context` (default: the current context of $KUBECONFIG or ~/.kube/config); ' +
  'or list the clusters in storePlatform.clusters (docs/multi-cluster.md).';

async function withTimeout<T>(
  work: Promise<T>,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    signal?.addEventListener('abort', () => reject(new Error('cancelled')), {
      once: true,
    });
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The actions' provisioner port over the store-platform node library, with
 * cluster credentials from `storePlatform.kubernetes` (never from template
 * input). The kubeconfig and `storePlatform.provisioning` are read on first
 * use, as the backend plugin tolerates them: a backend with a missing cluster
 * or a bad value still starts, and the actions that need them fail with the
 * error naming the key.
 */
export class KubernetesStoreProvisioner implements StoreProvisioner {
  private provisioningConfig?: ProvisioningConfig;
  private readonly kube: StoreKubeConfigs;

  constructor(private readonly config: Config, kube?: StoreKubeConfigs) {
    this.kube = kube ?? new StoreKubeConfigs(config);
  }

  validate(input: Parameters<StoreProvisioner['validate']>[0]): StoreSpec {
    // The template calls the id `name`: check it first, so its error says so.
    const id = storeIdSchema.safeParse(input.id);
    if (!id.success) throw inputErrorFor(id.error, { '': 'name' });
    return validateStoreSpec(input);
  }

  urlFor(spec: StoreSpec): string {
    return storeUrl({
      spec: validateStoreSpec(spec),
      config: this.provisioning,
    });
  }

  images(): StoreImageRefs {
    const { images } = this.provisioning;
    return {
      wordpress: images.wordpress,
      mariadb: images.mariadb,
      bootstrap: images.wpCli,
    };
  }

  async recordedAdminEmail(storeId: string): Promise<string | undefined> {
    const { kubeConfig } = await this.kube.forStore(storeId);
    return readRecordedAdminEmail(kubeConfig, storeId);
  }

  render(spec: StoreSpec): object[] {
    return renderStoreManifests(validateStoreSpec(spec), this.provisioning);
  }

  /**
   * With one cluster, that it answers; with several, only that they are
   * configured: {@link provision} checks the store's own cluster.
   */
  async assertClusterReachable(signal?: AbortSignal): Promise<void> {
    let names: string[];
    try {
      names = this.kube.clusters().names();
    } catch (error) {
      throw this.notConfigured(error);
    }
    if (names.length === 1) {
      await this.assertAnswers(
        names[0],
        await this.kubeConfigOf(names[0]),
        signal,
      );
    }
  }

  private notConfigured(error: unknown): Error {
    return new Error(
      `no Kubernetes cluster is configured (${
        (error as Error).message
      }). ${HOW_TO_CONFIGURE}`,
    );
  }

  private async kubeConfigOf(cluster: string): Promise<KubeConfig> {
    try {
      return await this.kube.clusters().kubeConfig(cluster);
    } catch (error) {
      throw this.notConfigured(error);
    }
  }

  private async assertAnswers(
    cluster: string,
    kubeConfig: KubeConfig,
    signal?: AbortSignal,
  ): Promise<void> {
    const server =
      kubeConfig.getCurrentCluster()?.server ?? 'the configured server';
    try {
      await withTimeout(
        kubeConfig.makeApiClient(VersionApi).getCode(),
        REACHABILITY_TIMEOUT_MS,
        signal,
      );
    } catch (error) {
      throw new Error(
        `no Kubernetes cluster answers at ${server} (cluster ${cluster}: ${
          (error as Error).message
        }). ${HOW_TO_CONFIGURE}`,
      );
    }
  }

  async provision(
    spec: StoreSpec,
    options: Parameters<StoreProvisioner['provision']>[1],
  ): Promise<void> {
    const valid = validateStoreSpec(spec);
    const { cluster, kubeConfig } = await this.kube.forStore(valid.id);
    await this.assertAnswers(cluster, kubeConfig, options.signal);
    const steps = getEngine(valid.engine).plan(valid, {
      kubeConfig,
      config: this.provisioning,
    });
    await runProvisioningSteps(steps, options);
  }

  private get provisioning(): ProvisioningConfig {
    this.provisioningConfig ??= readProvisioningConfig(this.config);
    return this.provisioningConfig;
  }
}
