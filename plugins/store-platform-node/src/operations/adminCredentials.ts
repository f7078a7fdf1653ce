import { KubeConfig } from '@kubernetes/client-node';
import { inspect } from 'node:util';
import { isNotFound } from '../kube/apiErrors';
import { kubeClients } from '../kube/clients';
import { withRetry } from '../kube/retry';
import { ownerOf } from '../cluster/namespaceOwnership';
import {
  OBJECT_NAMES,
  SECRET_KEYS,
  storeNamespace,
  WORDPRESS_ADMIN_USER,
} from '../resources/names';
import { REDACTED } from '../resources/secrets';

/**
 * The WordPress administrator's user name and password. The password is read
 * through `revealPassword()`; printing, logging or serialising the object
 * shows only `<generated>`, so it cannot reach a log by accident.
 *
 * @public
 */
export class AdminCredentials {
  readonly #password: string;

  constructor(
    /** The WordPress admin user name. */
    readonly username: string,
    password: string,
  ) {
    this.#password = password;
  }

  /** The password itself: call it only where the password must go (the API response that shows it). */
  revealPassword(): string {
    return this.#password;
  }

  /** Names the user, never the password. */
  toString() {
    return `AdminCredentials(${this.username}, ${REDACTED})`;
  }

  /** Serialises with the password redacted, so a logged object cannot leak it. */
  toJSON() {
    return { username: this.username, password: REDACTED };
  }

  /** What `console.log` and `util.inspect` show: the redacted form. */
  [inspect.custom]() {
    return this.toString();
  }
}

/**
 * Reads the store's WordPress admin credentials from its Secret
 * `mariadb-secret`, at the time of the call (nothing is cached). Undefined
 * when the namespace is not this install's (`installation`), or the Secret or
 * its key does not exist (yet).
 *
 * @public
 */
export async function readAdminCredentials(
  kubeConfig: KubeConfig,
  storeId: string,
  options: { installation: string; signal?: AbortSignal },
): Promise<AdminCredentials | undefined> {
  const { core } = kubeClients(kubeConfig);
  const namespace = storeNamespace(storeId);
  const name = OBJECT_NAMES.mariadbSecret;
  const orUndefined = <T>(p: Promise<T>) =>
    p.catch(e => (isNotFound(e) ? undefined : Promise.reject(e)));
  const ns = await withRetry(
    `read Namespace ${namespace}`,
    () => orUndefined(core.readNamespace({ name: namespace })),
    options,
  );
  if (!ns || ownerOf(ns, options.installation).owner !== 'this') {
    return undefined;
  }
  const secret = await withRetry(
    `read Secret ${namespace}/${name}`,
    () => orUndefined(core.readNamespacedSecret({ name, namespace })),
    options,
  );
  const encoded = secret?.data?.[SECRET_KEYS.adminPassword];
  if (!encoded) return undefined;
  return new AdminCredentials(
    WORDPRESS_ADMIN_USER,
    Buffer.from(encoded, 'base64').toString('utf8'),
  );
}
