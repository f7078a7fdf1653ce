import { storeNamespace } from '@store-platform/plugin-store-platform-common';

/**
 * Object names of the original design; every store uses exactly these.
 *
 * @public
 */
export const OBJECT_NAMES = {
  mariadbSecret: 'mariadb-secret',
  mariadbData: 'mariadb-data',
  mariadb: 'mariadb',
  wordpressData: 'wordpress-data',
  wordpress: 'wordpress',
  ingress: 'store-ingress',
  quota: 'store-quota',
  limits: 'store-limits',
} as const;

/**
 * The name of a store's bootstrap Job.
 *
 * @public
 */
export function bootstrapJobName(storeId: string): string {
  return `woocommerce-bootstrap-${storeId}`;
}

export { storeNamespace };

/**
 * The storefront's host name, `<id>.<domain>`.
 *
 * @public
 */
export function storeHost(storeId: string, domain: string): string {
  return `${storeId}.${domain}`;
}

/** Fixed values shared by MariaDB, WordPress and the bootstrap Job. */
export const DATABASE = {
  name: 'wordpress',
  user: 'wordpress',
  port: 3306,
} as const;

/**
 * Keys of `mariadb-secret`.
 *
 * @public
 */
export const SECRET_KEYS = {
  rootPassword: 'mariadb-root-password',
  password: 'mariadb-password',
  adminPassword: 'wordpress-admin-password',
} as const;

export const WORDPRESS_ADMIN_USER = 'admin';
