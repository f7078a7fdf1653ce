import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/**
 * The one cluster of an installation without `storePlatform.clusters`.
 *
 * @public
 */
export const DEFAULT_CLUSTER = 'default';

/**
 * Where a cluster's service-account token is read from.
 *
 * @public
 */
export type ClusterToken =
  | {
      /** A Secret in another listed cluster (default: the first one). */
      secret: {
        namespace: string;
        name: string;
        key: string;
        cluster?: string;
      };
    }
  | { file: string };

/**
 * How the backend reaches a cluster.
 *
 * @public
 */
export type ClusterAccess =
  | { kind: 'legacy' }
  | { kind: 'kubeconfig'; path?: string; context?: string }
  | {
      kind: 'url';
      url: string;
      caData?: string;
      caFile?: string;
      token: ClusterToken;
    };

/**
 * One entry of `storePlatform.clusters`, validated.
 *
 * @public
 */
export interface StoreClusterDefinition {
  /** Its name in `storePlatform.clusters`. */
  name: string;
  /** How to reach it. */
  access: ClusterAccess;
  /** Matched by a template's `clusterSelector`. */
  labels: Record<string, string>;
  /** At most this many stores (deleting ones included); unlimited when absent. */
  capacity?: number;
  /**
   * Who may place stores on it (user or group entity refs), as the permission
   * policy applies it (`store.cluster.use`); everyone when absent.
   */
  users?: string[];
}

// A cluster's name is recorded on its stores and shown in annotations: keep it DNS-1123.
const NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

function problem(field: string, message: string): InputError {
  return new InputError(`${field}: ${message}`);
}

function readLabels(entry: Config, field: string): Record<string, string> {
  const labels = entry.getOptionalConfig('labels');
  if (!labels) return {};
  const out: Record<string, string> = {};
  for (const key of labels.keys()) {
    const value = labels.getOptional(key);
    if (typeof value !== 'string') {
      throw problem(`${field}.labels.${key}`, 'must be a string');
    }
    out[key] = value;
  }
  return out;
}

const ENTITY_REF =
  /^(user|group):([a-z0-9][a-z0-9_.-]*\/)?[A-Za-z0-9][A-Za-z0-9_.-]*$/;

function readUsers(entry: Config, field: string): string[] | undefined {
  const users = entry.getOptional('users');
  if (users === undefined) return undefined;
  if (
    !Array.isArray(users) ||
    users.some(u => typeof u !== 'string' || !ENTITY_REF.test(u))
  ) {
    throw problem(
      `${field}.users`,
      'must be a list of user or group entity refs, like group:default/eu-team',
    );
  }
  // Stored as the policy compares them: namespaced, lower-case.
  return (users as string[]).map(u =>
    (u.includes('/') ? u : u.replace(':', ':default/')).toLowerCase(),
  );
}

function readToken(entry: Config, field: string): ClusterToken {
  const secret = entry.getOptionalConfig('serviceAccountToken');
  const file = entry.getOptionalString('tokenFile');
  if (secret && file) {
    throw problem(
      field,
      'set either serviceAccountToken or tokenFile, not both',
    );
  }
  if (file) return { file };
  if (!secret) {
    throw problem(
      `${field}.serviceAccountToken`,
      'a cluster given by url needs a token: serviceAccountToken { secretNamespace, secretName, key } or tokenFile',
    );
  }
  const need = (key: string) => {
    const value = secret.getOptionalString(key);
    if (!value) {
      throw problem(`${field}.serviceAccountToken.${key}`, 'is required');
    }
    return value;
  };
  return {
    secret: {
      namespace: need('secretNamespace'),
      name: need('secretName'),
      key: secret.getOptionalString('key') ?? 'token',
      cluster: secret.getOptionalString('cluster'),
    },
  };
}

function readAccess(entry: Config, field: string): ClusterAccess {
  const url = entry.getOptionalString('url');
  const kubeconfig = entry.getOptionalConfig('kubeconfig');
  if (url && kubeconfig) {
    throw problem(field, 'set either url or kubeconfig, not both');
  }
  if (url) {
    // The client refuses plain http with TLS verification on, and verification stays on.
    if (!/^https:\/\/[^\s/]+/.test(url)) {
      throw problem(`${field}.url`, 'must be an https URL');
    }
    return {
      kind: 'url',
      url,
      caData: entry.getOptionalString('caData'),
      caFile: entry.getOptionalString('caFile'),
      token: readToken(entry, field),
    };
  }
  return {
    kind: 'kubeconfig',
    path: kubeconfig?.getOptionalString('path'),
    context: kubeconfig?.getOptionalString('context'),
  };
}

/**
 * The clusters stores are placed on, from `storePlatform.clusters`, checked
 * at start-up with errors that name the field. Without the key there is one
 * cluster, `default`, reached as `storePlatform.kubernetes` says (today's
 * single-cluster behaviour).
 *
 * @public
 */
export function readStoreClusters(config: Config): StoreClusterDefinition[] {
  const entries = config.getOptionalConfigArray('storePlatform.clusters');
  if (!entries) {
    return [{ name: DEFAULT_CLUSTER, access: { kind: 'legacy' }, labels: {} }];
  }
  if (entries.length === 0) {
    throw problem(
      'storePlatform.clusters',
      'must list at least one cluster (or be left out)',
    );
  }
  const seen = new Set<string>();
  const clusters = entries.map((entry, i) => {
    const field = `storePlatform.clusters[${i}]`;
    const name = entry.getOptional('name');
    if (typeof name !== 'string' || !NAME.test(name)) {
      throw problem(
        `${field}.name`,
        'must be a DNS-1123 label (lower-case letters, digits and -, at most 63)',
      );
    }
    if (seen.has(name)) {
      throw problem(`${field}.name`, `"${name}" is listed twice`);
    }
    seen.add(name);
    const capacity = entry.getOptional('capacity');
    if (
      capacity !== undefined &&
      (typeof capacity !== 'number' ||
        !Number.isInteger(capacity) ||
        capacity < 1)
    ) {
      throw problem(`${field}.capacity`, 'must be a positive integer');
    }
    const users = readUsers(entry, field);
    const definition: StoreClusterDefinition = {
      name,
      access: readAccess(entry, field),
      labels: readLabels(entry, field),
      ...(capacity !== undefined ? { capacity: capacity as number } : {}),
      ...(users ? { users } : {}),
    };
    return definition;
  });
  clusters.forEach((cluster, i) => {
    const { access } = cluster;
    if (access.kind !== 'url' || !('secret' in access.token)) return;
    const holder = access.token.secret.cluster ?? clusters[0].name;
    // Only an earlier cluster may hold the token: no cycles, no self-reference.
    const at = clusters.findIndex(c => c.name === holder);
    if (at < 0 || at >= i) {
      throw problem(
        `storePlatform.clusters[${i}].serviceAccountToken.cluster`,
        `must name a cluster listed before this one (got "${holder}")`,
      );
    }
  });
  return clusters;
}
