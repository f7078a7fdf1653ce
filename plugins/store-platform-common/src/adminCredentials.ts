import { StoreEngine } from './engines';

/**
 * `GET /stores/:id/admin-credentials`: the store's WordPress administrator,
 * read from the store's Secret at request time. Sent with
 * `Cache-Control: no-store`; keep it in memory only as long as it is shown.
 *
 * @public
 */
export interface AdminCredentialsResponse {
  /** The WordPress admin user name. */
  username: string;
  /** Its password; never cache it. */
  password: string;
}

/**
 * `POST /stores/:id/admin-password/reset`: WordPress has a new admin
 * password, already in the store's Secret. The password itself is not sent:
 * it is read like the first one.
 *
 * @public
 */
export interface AdminPasswordResetResponse {
  /** The store whose admin password was reset. */
  storeId: string;
  /** ISO 8601 */
  resetAt: string;
}

/**
 * Where the store's administrator signs in: WordPress's `/wp-admin/`, Medusa's `/app/`.
 *
 * @public
 */
export function storeAdminUrl(store: {
  url: string;
  engine: StoreEngine;
}): string {
  const base = store.url.replace(/\/+$/, '');
  return store.engine === 'woocommerce' ? `${base}/wp-admin/` : `${base}/app/`;
}
