import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ClusterUnreachableError,
  createStoreCluster,
  ProvisioningConfig,
  StoreCluster,
  StoreClusterDefinition,
  StoreClusterRegistry,
  withinMs,
} from '@store-platform/plugin-store-platform-node';
import { StoreClusterOps } from './StoreClusterOps';

/** How long one read for the card or the reconciler may take before the cluster is probed. */
const DEFAULT_READ_TIMEOUT_MS = 20_000;

/** What one replica knows of a cluster's reachability, from its last probe or call. */
export interface ClusterHealth {
  reachable: boolean;
  /** Why not, when unreachable: `cluster unreachable: <name> (<reason>)`. */
  message?: string;
  /** When it last changed. */
  since: Date;
}

/** The part of {@link StoreClusters} that only reads health (the routes, the reconciler, placement). */
export interface ClusterHealthView {
  /** The message while the cluster is known unreachable; undefined while it answers. */
  unreachable(cluster: string): string | undefined;
}

/**
 * Every configured cluster with its own clients and its health, and the
 * cluster operations routed to each store's own cluster. Health is this
 * replica's: every replica probes every cluster (see {@link probeAll}), so
 * no replica waits on another to notice an outage or a recovery.
 */
export class StoreClusters implements ClusterHealthView {
  private readonly clusters = new Map<string, Promise<StoreCluster>>();
  private readonly health = new Map<string, ClusterHealth>();

  constructor(
    readonly registry: StoreClusterRegistry,
    private readonly provisioning: ProvisioningConfig,
    /** The cluster a store lives on (its row). */
    private readonly clusterOf: (storeId: string) => Promise<string>,
    private readonly logger: LoggerService,
    private readonly timeouts: {
      /** A reachability probe. */
      probeMs?: number;
      /** One read for the card or the reconciler (a store's look, events, backups, credentials). */
      readMs?: number;
    } = {},
  ) {}

  get definitions(): readonly StoreClusterDefinition[] {
    return this.registry.definitions;
  }

  unreachable(cluster: string): string | undefined {
    const h = this.health.get(cluster);
    return h && !h.reachable ? h.message : undefined;
  }

  healthOf(cluster: string): ClusterHealth | undefined {
    return this.health.get(cluster);
  }

  /** Probes every cluster at once, each bounded by the probe timeout; never throws. */
  async probeAll(): Promise<void> {
    await Promise.all(this.registry.names().map(name => this.probe(name)));
  }

  private async probe(name: string): Promise<boolean> {
    try {
      await this.registry.probe(name, this.timeouts.probeMs);
      this.record(name, { reachable: true });
      return true;
    } catch (error) {
      this.record(name, {
        reachable: false,
        message: error instanceof Error ? error.message : String(error),
      });
      return false;
    }
  }

  private record(name: string, next: { reachable: boolean; message?: string }) {
    const before = this.health.get(name);
    if (before?.reachable === next.reachable) {
      if (next.message) before.message = next.message;
      return;
    }
    this.health.set(name, { ...next, since: new Date() });
    if (!next.reachable) this.logger.warn(next.message!);
    else if (before) this.logger.info(`Cluster ${name} answers again`);
  }

  /** The node library's cluster operations for one cluster, made once. */
  forCluster(name: string): Promise<StoreCluster> {
    let made = this.clusters.get(name);
    if (!made) {
      made = this.registry
        .kubeConfig(name)
        .then(kc => createStoreCluster(kc, this.provisioning));
      this.clusters.set(name, made);
      made.catch(() => this.clusters.delete(name));
    }
    return made;
  }

  /**
   * Runs `work` on the store's cluster. A cluster known unreachable fails at
   * once; a call that fails without an answer from the API server probes the
   * cluster, and if it does not answer either, fails with a
   * ClusterUnreachableError (so no caller mistakes an outage for a broken store).
   */
  async onStoreCluster<T>(
    storeId: string,
    work: (cluster: StoreCluster) => Promise<T>,
    /** Bounds `work`: a cluster that accepts connections but never answers must not hold a caller. */
    timeoutMs?: number,
  ): Promise<T> {
    const name = await this.clusterOf(storeId);
    const known = this.unreachable(name);
    if (known) throw new ClusterUnreachableError(name, stripPrefix(known));
    let cluster: StoreCluster;
    try {
      cluster = await this.forCluster(name);
    } catch (error) {
      if (await this.probe(name)) throw error;
      throw new ClusterUnreachableError(
        name,
        stripPrefix(this.unreachable(name)!),
      );
    }
    try {
      const working = work(cluster);
      return await (timeoutMs ? withinMs(working, timeoutMs) : working);
    } catch (error) {
      if (statusOf(error) === 401) {
        // A rotated token: read it again on the next call rather than fail until a restart.
        this.clusters.delete(name);
        this.registry.forget(name);
      }
      if (answered(error) || (await this.probe(name))) throw error;
      throw new ClusterUnreachableError(
        name,
        stripPrefix(this.unreachable(name)!),
      );
    }
  }

  private get readMs(): number {
    return this.timeouts.readMs ?? DEFAULT_READ_TIMEOUT_MS;
  }

  /** The operations the deletion, reconciler and routes use, each on the store's cluster. */
  routed(): StoreClusterOps {
    return {
      deleteStore: (id, o) =>
        this.onStoreCluster(id, c => c.deleteStore(id, o)),
      inspectStore: id =>
        this.onStoreCluster(id, c => c.inspectStore(id), this.readMs),
      readAdminCredentials: id =>
        this.onStoreCluster(id, c => c.readAdminCredentials(id), this.readMs),
      resetAdminPassword: (id, o) =>
        this.onStoreCluster(id, c => c.resetAdminPassword(id, o)),
      listWarningEvents: (id, o) =>
        this.onStoreCluster(id, c => c.listWarningEvents(id, o), this.readMs),
      listBackups: (id, o) =>
        this.onStoreCluster(id, c => c.listBackups(id, o), this.readMs),
      listRegisteredNamespaces: registrations =>
        this.listRegisteredNamespaces(registrations),
      deleteLeftoverNamespace: async ns => {
        const name = this.namespaceCluster.get(ns.uid);
        if (!name) return 'gone';
        this.namespaceCluster.delete(ns.uid);
        return (await this.forCluster(name)).deleteLeftoverNamespace(ns);
      },
    };
  }

  /** Which cluster each listed namespace (by its object uid) was found on. */
  private readonly namespaceCluster = new Map<string, string>();

  /**
   * Every reachable cluster's store namespaces of `registrations`; a cluster
   * that does not answer is skipped (its leftovers wait until it is back).
   */
  private async listRegisteredNamespaces(
    registrations: readonly string[],
  ): Promise<RegisteredNamespaces> {
    const found = await Promise.all(
      this.registry.names().map(async name => {
        if (this.unreachable(name)) return [];
        try {
          const list = await (
            await this.forCluster(name)
          ).listRegisteredNamespaces(registrations);
          list.forEach(ns => this.namespaceCluster.set(ns.uid, name));
          return list;
        } catch (error) {
          this.logger.warn(
            `Could not list the store namespaces of cluster ${name}: ${error}`,
          );
          return [];
        }
      }),
    );
    return found.flat();
  }
}

type RegisteredNamespaces = Awaited<
  ReturnType<StoreCluster['listRegisteredNamespaces']>
>;

const PREFIX = /^cluster unreachable: \S+ \((.*)\)$/s;
function stripPrefix(message: string): string {
  return PREFIX.exec(message)?.[1] ?? message;
}

/** The HTTP status the API server answered with, if it answered. */
function statusOf(error: unknown): number | undefined {
  const e = error as { statusCode?: unknown; code?: unknown } | undefined;
  if (typeof e?.statusCode === 'number') return e.statusCode;
  return typeof e?.code === 'number' ? e.code : undefined;
}

/** True when the error carries an HTTP status: the API server answered. */
function answered(error: unknown): boolean {
  return statusOf(error) !== undefined;
}
