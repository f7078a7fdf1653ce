import { readFileSync } from 'node:fs';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { KubeConfig, VersionApi } from '@kubernetes/client-node';
import { kubeConfigFromConfig } from '../config/kubeConfigFromConfig';
import {
  readStoreClusters,
  StoreClusterDefinition,
} from '../config/storeClusters';
import { kubeClients } from '../kube/clients';

/**
 * A cluster did not answer; its stores are left as they are until it does.
 *
 * @public
 */
export class ClusterUnreachableError extends Error {
  constructor(
    /** The cluster that does not answer. */
    readonly cluster: string,
    reason: string,
  ) {
    super(`cluster unreachable: ${cluster} (${reason})`);
    this.name = 'ClusterUnreachableError';
  }
}

/**
 * How long a reachability probe waits for an answer.
 *
 * @public
 */
export const DEFAULT_PROBE_TIMEOUT_MS = 3_000;

/**
 * Rejects after `ms` unless `work` settles first.
 *
 * @public
 */
export async function withinMs<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${ms / 1000} s`)),
      ms,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The clusters of `storePlatform.clusters` (or the one `default` cluster of
 * `storePlatform.kubernetes`): every caller asks it for "the cluster named
 * X", so no caller reads the cluster configuration itself. Each cluster gets
 * its own KubeConfig, made on first use and kept; one whose token cannot be
 * read yet (its Secret's cluster is down) is tried again on the next use.
 *
 * @public
 */
export class StoreClusterRegistry {
  private readonly kubeConfigs = new Map<string, Promise<KubeConfig>>();

  constructor(
    /** Every configured cluster. */
    readonly definitions: readonly StoreClusterDefinition[],
    private readonly legacyKubeConfig: () => KubeConfig,
  ) {}

  /** Validates `storePlatform.clusters` now; throws an InputError naming the field. */
  static fromConfig(config: Config): StoreClusterRegistry {
    return new StoreClusterRegistry(readStoreClusters(config), () =>
      kubeConfigFromConfig(config),
    );
  }

  /** The names of the configured clusters. */

  names(): string[] {
    return this.definitions.map(d => d.name);
  }

  /** The cluster of that name; throws naming the known ones when there is none. */

  definition(name: string): StoreClusterDefinition {
    const found = this.definitions.find(d => d.name === name);
    if (!found) {
      throw new InputError(
        `cluster: "${name}" is not a configured cluster (storePlatform.clusters: ${this.names().join(
          ', ',
        )})`,
      );
    }
    return found;
  }

  /** A KubeConfig for the cluster, reading its token when it has none (again after a 401). */

  kubeConfig(name: string): Promise<KubeConfig> {
    let made = this.kubeConfigs.get(name);
    if (!made) {
      made = this.make(this.definition(name));
      this.kubeConfigs.set(name, made);
      made.catch(() => this.kubeConfigs.delete(name));
    }
    return made;
  }

  /**
   * Drops the cluster's KubeConfig, so the next use builds it again: its token
   * is read anew (a Secret or file rotated since).
   */
  forget(name: string): void {
    this.kubeConfigs.delete(name);
  }

  /** Resolves when the cluster answers `/version` within `timeoutMs`; else a ClusterUnreachableError. */
  async probe(
    name: string,
    timeoutMs = DEFAULT_PROBE_TIMEOUT_MS,
  ): Promise<void> {
    try {
      const kc = await withinMs(this.kubeConfig(name), timeoutMs);
      await withinMs(kc.makeApiClient(VersionApi).getCode(), timeoutMs);
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new ClusterUnreachableError(
        name,
        error instanceof Error ? error.message : String(error),
      );
    }
  }

  private async make(definition: StoreClusterDefinition): Promise<KubeConfig> {
    const { access, name } = definition;
    const field = `storePlatform.clusters[${this.definitions.indexOf(
      definition,
    )}]`;
    if (access.kind === 'legacy') return this.legacyKubeConfig();
    const kc = new KubeConfig();
    if (access.kind === 'kubeconfig') {
      if (access.path) kc.loadFromFile(access.path);
      else kc.loadFromDefault();
      if (access.context) {
        if (!kc.getContextObject(access.context)) {
          throw new InputError(
            `${field}.kubeconfig.context: no context named ${JSON.stringify(
              access.context,
            )} in the kubeconfig`,
          );
        }
        kc.setCurrentContext(access.context);
      }
      return kc;
    }
    const token = await this.readToken(definition, field);
    kc.loadFromOptions({
      clusters: [
        {
          name,
          server: access.url,
          caData: access.caData,
          caFile: access.caFile,
          skipTLSVerify: false,
        },
      ],
      users: [{ name, token }],
      contexts: [{ name, cluster: name, user: name }],
      currentContext: name,
    });
    return kc;
  }

  private async readToken(
    definition: StoreClusterDefinition,
    field: string,
  ): Promise<string> {
    const { access } = definition;
    if (access.kind !== 'url') throw new Error('not a url cluster');
    if ('file' in access.token) {
      return readFileSync(access.token.file, 'utf8').trim();
    }
    const { namespace, name, key, cluster } = access.token.secret;
    const holder = cluster ?? this.definitions[0].name;
    const { core } = kubeClients(await this.kubeConfig(holder));
    const secret = await core.readNamespacedSecret({ namespace, name });
    const value = secret.data?.[key];
    if (!value) {
      throw new InputError(
        `${field}.serviceAccountToken: Secret ${namespace}/${name} in cluster ${holder} has no key ${JSON.stringify(
          key,
        )}`,
      );
    }
    return Buffer.from(value, 'base64').toString('utf8').trim();
  }
}
