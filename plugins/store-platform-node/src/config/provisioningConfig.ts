import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { PlatformRbacConfig, readRbacConfig } from './rbacConfig';
import { checkInstallation, DEFAULT_INSTALLATION } from './installation';

/** The images a store runs; every one can be replaced (e.g. a private registry mirror). */
export interface StoreImages {
  mariadb: string;
  /** Init container of the bootstrap Job: waits for the database port. */
  busybox: string;
  wpCli: string;
  wordpress: string;
}

export const DEFAULT_IMAGES: StoreImages = {
  mariadb: 'mariadb:10.11',
  busybox: 'busybox:1.36',
  wpCli: 'wordpress:cli',
  wordpress: 'store-platform-wordpress-woocommerce:latest',
};

export type PodSecurityLevel = 'baseline' | 'restricted';

export interface ProvisioningTimeouts {
  databaseReadyMs: number;
  storefrontReadyMs: number;
  bootstrapMs: number;
  deleteMs: number;
}

/** `storePlatform.provisioning`, with every default filled in. */
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
  /** Namespace of the cluster DNS; the only destination MariaDB may reach. */
  dnsNamespace: string;
  images: StoreImages;
  /** Port the WordPress image listens on; unprivileged so it can run as non-root. */
  wordpressPort: number;
  podSecurity: PodSecurityLevel;
  /** StorageClass of the PVCs; unset: the cluster default. */
  storageClassName?: string;
  egress: {
    /** When true, the storefront may reach only DNS, MariaDB and `allowedCidrs`. */
    restrict: boolean;
    /** e.g. the payment providers' ranges. */
    allowedCidrs: string[];
  };
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
}

export const DEFAULT_TIMEOUTS: ProvisioningTimeouts = {
  databaseReadyMs: 5 * 60_000,
  storefrontReadyMs: 5 * 60_000,
  bootstrapMs: 10 * 60_000,
  deleteMs: 5 * 60_000,
};

export const DEFAULT_PROVISIONING_CONFIG: ProvisioningConfig = {
  installation: DEFAULT_INSTALLATION,
  domain: 'localhost',
  scheme: 'http',
  ingressControllerNamespace: 'ingress-nginx',
  dnsNamespace: 'kube-system',
  images: DEFAULT_IMAGES,
  wordpressPort: 8080,
  podSecurity: 'restricted',
  egress: { restrict: false, allowedCidrs: [] },
  timeouts: DEFAULT_TIMEOUTS,
};

/** Builds a full config from a partial one (tests, benchmarks, callers without app-config). */
export function provisioningConfigWith(
  overrides: Partial<
    Omit<ProvisioningConfig, 'images' | 'timeouts' | 'egress'>
  > & {
    images?: Partial<StoreImages>;
    timeouts?: Partial<ProvisioningTimeouts>;
    egress?: Partial<ProvisioningConfig['egress']>;
  } = {},
): ProvisioningConfig {
  return {
    ...DEFAULT_PROVISIONING_CONFIG,
    ...overrides,
    images: { ...DEFAULT_IMAGES, ...overrides.images },
    timeouts: { ...DEFAULT_TIMEOUTS, ...overrides.timeouts },
    egress: { ...DEFAULT_PROVISIONING_CONFIG.egress, ...overrides.egress },
  };
}

const DOMAIN =
  /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;
const CIDR = /^[0-9a-fA-F:.]+\/\d{1,3}$/;

/** Reads `storePlatform.provisioning`; unknown or malformed values fail with the key named. */
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
  const allowedCidrs = c.getOptionalStringArray('egress.allowedCidrs') ?? [];
  const badCidr = allowedCidrs.find(cidr => !CIDR.test(cidr));
  if (badCidr) {
    throw new InputError(
      `${key('egress.allowedCidrs')}: ${JSON.stringify(badCidr)} is not a CIDR`,
    );
  }
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
    egress: {
      restrict: c.getOptionalBoolean('egress.restrict') ?? false,
      allowedCidrs,
    },
  });
}
