import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { parseCidr } from './cidr';
import { PlatformRbacConfig, readRbacConfig } from './rbacConfig';
import { checkInstallation, DEFAULT_INSTALLATION } from './installation';

/**
 * The images a store runs; every one can be replaced (e.g. a private registry mirror).
 *
 * @public
 */
export interface StoreImages {
  /** The database (StatefulSet). */
  mariadb: string;
  /** Init container of the bootstrap Job: waits for the database port. */
  busybox: string;
  /** WP-CLI, which the bootstrap Job runs to install WordPress and WooCommerce. */
  wpCli: string;
  /** The storefront (Deployment). */
  wordpress: string;
}

/**
 * The images of the original design, used where `storePlatform.provisioning.images` says nothing.
 *
 * @public
 */
export const DEFAULT_IMAGES: StoreImages = {
  mariadb: 'mariadb:10.11',
  busybox: 'busybox:1.36',
  wpCli: 'wordpress:cli',
  wordpress: 'store-platform-wordpress-woocommerce:latest',
};

/**
 * The Pod Security Standard enforced in store namespaces.
 *
 * @public
 */
export type PodSecurityLevel = 'baseline' | 'restricted';

/**
 * How long each wait of provisioning, deletion and the operations may take, in milliseconds.
 *
 * @public
 */
export interface ProvisioningTimeouts {
  /** Until MariaDB is ready. */
  databaseReadyMs: number;
  /** Until the storefront Deployment is available. */
  storefrontReadyMs: number;
  /** Until the bootstrap Job (WordPress and WooCommerce install) succeeds. */
  bootstrapMs: number;
  /** Until a deleted store's namespace is gone. */
  deleteMs: number;
  /** A backup Job: the dump and the archive of wp-content. */
  backupMs: number;
  /** A restore Job (a clone's copy included). */
  restoreMs: number;
}

/**
 * `storePlatform.provisioning`, with every default filled in.
 *
 * @public
 */
export interface ProvisioningConfig {
  /**
   * The install this process belongs to: the value of the `store-platform.io/installation`
   * label on its store namespaces. It acts only on namespaces carrying it.
   */
  installation: string;
  /** Stores are served at `<id>.<domain>`. */
  domain: string;
  /** URL scheme of the storefront URL returned to users. */
  scheme: 'http' | 'https';
  /** Unset: the cluster's default IngressClass. */
  ingressClassName?: string;
  /** Namespace of the ingress controller; the only source allowed in to WordPress. */
  ingressControllerNamespace: string;
  /** Namespace of the cluster DNS; every store pod may send DNS queries there. */
  dnsNamespace: string;
  /** The images stores run. */
  images: StoreImages;
  /** Port the WordPress image listens on; unprivileged so it can run as non-root. */
  wordpressPort: number;
  /** The Pod Security level enforced in store namespaces. */
  podSecurity: PodSecurityLevel;
  /** StorageClass of the PVCs; unset: the cluster default. */
  storageClassName?: string;
  /** Outbound traffic of the storefront. */
  egress: StoreEgressConfig;
  /** How long each wait may take. */
  timeouts: ProvisioningTimeouts;
  /**
   * Extra labels on the bootstrap Job's pod template; programmatic only (not
   * in app-config), e.g. `store-platform.io/simulate: fail` on the simulated
   * test cluster.
   */
  extraBootstrapPodLabels?: Record<string, string>;
  /** Retries of the bootstrap Job's pod (Job `backoffLimit`). Default 2. */
  bootstrapBackoffLimit?: number;
  /** Unset: no RoleBinding is made (the caller's identity already has the rights). */
  rbac?: PlatformRbacConfig;
  /** Backups kept per store. */
  backups: StoreBackupsConfig;
}

/**
 * `storePlatform.provisioning.backups`.
 *
 * @public
 */
export interface StoreBackupsConfig {
  /** How many succeeded backups a store keeps; older ones go after each successful backup. */
  retention: number;
}

export const DEFAULT_BACKUPS: StoreBackupsConfig = { retention: 5 };
/** Bounded by the backup volume: each kept backup takes room in it. */
export const MAX_BACKUP_RETENTION = 50;

/**
 * Outbound traffic of the storefront. Every other store pod reaches only DNS
 * (and, for the bootstrap Job, MariaDB), whatever is set here.
 *
 * @public
 */
export interface StoreEgressConfig {
  /** When true, the storefront reaches no internet: only DNS, MariaDB and `allowedCidrs`. */
  restrict: boolean;
  /** The cluster's pod and service ranges: never reachable through the internet rule. */
  clusterCidrs: string[];
  /** Further ranges never reachable through the internet rule: link-local (cloud metadata). */
  deniedCidrs: string[];
  /** Always reachable, even inside the ranges above (e.g. a mail relay, payment providers). */
  allowedCidrs: string[];
}

/**
 * The private ranges (RFC 1918, carrier-grade NAT, IPv6 unique-local): they
 * hold the pod and service ranges of kind, k3s/k3d, minikube, kubeadm and the
 * managed clusters' defaults, and the local control plane's (pods
 * 10.244.0.0/16, services 10.96.0.0/16). Narrow them to the cluster's own
 * ranges to let stores reach other private hosts.
 */
export const DEFAULT_CLUSTER_CIDRS = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  'fc00::/7',
];

/** Link-local: the cloud metadata address 169.254.169.254 lives here. */
export const DEFAULT_DENIED_CIDRS = ['169.254.0.0/16', 'fe80::/10'];

/**
 * Egress when `storePlatform.provisioning.egress` says nothing: the internet open, private and link-local ranges not.
 *
 * @public
 */
export const DEFAULT_EGRESS: StoreEgressConfig = {
  restrict: false,
  clusterCidrs: DEFAULT_CLUSTER_CIDRS,
  deniedCidrs: DEFAULT_DENIED_CIDRS,
  allowedCidrs: [],
};

/**
 * Timeouts when `storePlatform.provisioning.timeouts` says nothing.
 *
 * @public
 */
export const DEFAULT_TIMEOUTS: ProvisioningTimeouts = {
  databaseReadyMs: 5 * 60_000,
  storefrontReadyMs: 5 * 60_000,
  bootstrapMs: 10 * 60_000,
  deleteMs: 5 * 60_000,
  backupMs: 30 * 60_000,
  restoreMs: 30 * 60_000,
};

/**
 * `storePlatform.provisioning` when app-config says nothing.
 *
 * @public
 */
export const DEFAULT_PROVISIONING_CONFIG: ProvisioningConfig = {
  installation: DEFAULT_INSTALLATION,
  domain: 'localhost',
  scheme: 'http',
  ingressControllerNamespace: 'ingress-nginx',
  dnsNamespace: 'kube-system',
  images: DEFAULT_IMAGES,
  wordpressPort: 8080,
  podSecurity: 'restricted',
  egress: DEFAULT_EGRESS,
  timeouts: DEFAULT_TIMEOUTS,
  backups: DEFAULT_BACKUPS,
};

/**
 * Builds a full config from a partial one (tests, benchmarks, callers without app-config).
 *
 * @public
 */
export function provisioningConfigWith(
  overrides: Partial<
    Omit<ProvisioningConfig, 'images' | 'timeouts' | 'egress' | 'backups'>
  > & {
    images?: Partial<StoreImages>;
    timeouts?: Partial<ProvisioningTimeouts>;
    egress?: Partial<StoreEgressConfig>;
    backups?: Partial<StoreBackupsConfig>;
  } = {},
): ProvisioningConfig {
  return {
    ...DEFAULT_PROVISIONING_CONFIG,
    ...overrides,
    images: { ...DEFAULT_IMAGES, ...overrides.images },
    timeouts: { ...DEFAULT_TIMEOUTS, ...overrides.timeouts },
    egress: { ...DEFAULT_EGRESS, ...overrides.egress },
    backups: { ...DEFAULT_BACKUPS, ...overrides.backups },
  };
}

const DOMAIN =
  /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

/**
 * A list of CIDRs at `egress.<name>`. Excluded ranges become NetworkPolicy
 * `except` entries of 0.0.0.0/0 or ::/0, which must be strictly smaller.
 */
function readCidrs(
  c: Config,
  name: keyof Omit<StoreEgressConfig, 'restrict'>,
  options: { excluded: boolean },
): string[] {
  const path = `egress.${name}`;
  const cidrs = c.getOptionalStringArray(path) ?? DEFAULT_EGRESS[name];
  for (const text of cidrs) {
    const cidr = parseCidr(text);
    if (!cidr) {
      throw new InputError(
        `storePlatform.provisioning.${path}: ${JSON.stringify(
          text,
        )} is not a CIDR (like 10.0.0.0/8 or fc00::/7)`,
      );
    }
    if (options.excluded && cidr.prefix === 0) {
      throw new InputError(
        `storePlatform.provisioning.${path}: ${JSON.stringify(
          text,
        )} would exclude the whole internet; set egress.restrict instead`,
      );
    }
  }
  return cidrs;
}

/**
 * Reads `storePlatform.provisioning`; unknown or malformed values fail with the key named.
 *
 * @public
 */
export function readProvisioningConfig(config: Config): ProvisioningConfig {
  const c = config.getOptionalConfig('storePlatform.provisioning');
  if (!c) return provisioningConfigWith();
  const key = (k: string) => `storePlatform.provisioning.${k}`;

  const domain =
    c.getOptionalString('domain') ?? DEFAULT_PROVISIONING_CONFIG.domain;
  if (!DOMAIN.test(domain)) {
    throw new InputError(
      `${key(
        'domain',
      )}: must be a DNS name, like localhost or stores.example.com`,
    );
  }
  const scheme = c.getOptionalString('scheme') ?? 'http';
  if (scheme !== 'http' && scheme !== 'https') {
    throw new InputError(`${key('scheme')}: must be http or https`);
  }
  const podSecurity = c.getOptionalString('podSecurity') ?? 'restricted';
  if (podSecurity !== 'baseline' && podSecurity !== 'restricted') {
    throw new InputError(
      `${key('podSecurity')}: must be baseline or restricted`,
    );
  }
  const wordpressPort = c.getOptionalNumber('wordpressPort') ?? 8080;
  if (
    !Number.isInteger(wordpressPort) ||
    wordpressPort < 1024 ||
    wordpressPort > 65535
  ) {
    throw new InputError(
      `${key('wordpressPort')}: must be an unprivileged port (1024-65535)`,
    );
  }
  const egress: StoreEgressConfig = {
    restrict: c.getOptionalBoolean('egress.restrict') ?? false,
    clusterCidrs: readCidrs(c, 'clusterCidrs', { excluded: true }),
    deniedCidrs: readCidrs(c, 'deniedCidrs', { excluded: true }),
    allowedCidrs: readCidrs(c, 'allowedCidrs', { excluded: false }),
  };
  const timeouts: Partial<ProvisioningTimeouts> = {};
  for (const name of Object.keys(DEFAULT_TIMEOUTS) as Array<
    keyof ProvisioningTimeouts
  >) {
    const value = c.getOptionalNumber(`timeouts.${name}`);
    if (value === undefined) continue;
    if (!(value > 0))
      throw new InputError(
        `${key(`timeouts.${name}`)}: must be a positive number of milliseconds`,
      );
    timeouts[name] = value;
  }
  const retention =
    c.getOptionalNumber('backups.retention') ?? DEFAULT_BACKUPS.retention;
  if (
    !Number.isInteger(retention) ||
    retention < 1 ||
    retention > MAX_BACKUP_RETENTION
  ) {
    throw new InputError(
      `${key(
        'backups.retention',
      )}: must be a whole number of backups from 1 to ${MAX_BACKUP_RETENTION}`,
    );
  }
  const images: Partial<StoreImages> = {};
  for (const name of Object.keys(DEFAULT_IMAGES) as Array<keyof StoreImages>) {
    const value = c.getOptionalString(`images.${name}`);
    if (value !== undefined) images[name] = value;
  }

  return provisioningConfigWith({
    installation: checkInstallation(
      c.getOptionalString('installation') ?? DEFAULT_INSTALLATION,
    ),
    rbac: readRbacConfig(c.getOptionalConfig('rbac')),
    domain,
    scheme,
    ingressClassName: c.getOptionalString('ingressClassName'),
    ingressControllerNamespace:
      c.getOptionalString('ingressControllerNamespace') ??
      DEFAULT_PROVISIONING_CONFIG.ingressControllerNamespace,
    dnsNamespace:
      c.getOptionalString('dnsNamespace') ??
      DEFAULT_PROVISIONING_CONFIG.dnsNamespace,
    storageClassName: c.getOptionalString('storageClassName'),
    wordpressPort,
    podSecurity,
    images,
    timeouts,
    egress,
    backups: { retention },
  });
}
