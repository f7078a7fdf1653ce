import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { readFileSync } from 'node:fs';

const cache = new Map<string, string>();

/** Path of a script shipped in this package's `assets/`. */
function assetPath(file: string): string {
  return resolvePackagePath(
    '@store-platform/plugin-store-platform-node',
    'assets',
    file,
  );
}

function assetText(file: string): string {
  let text = cache.get(file);
  if (text === undefined) {
    text = readFileSync(assetPath(file), 'utf8');
    cache.set(file, text);
  }
  return text;
}

/**
 * Path of the WooCommerce bootstrap script shipped with this package.
 *
 * @public
 */
export function bootstrapScriptPath(): string {
  return assetPath('woocommerce-bootstrap.sh');
}

/**
 * The script's text; static, it never contains user input (that comes through env).
 *
 * @public
 */
export function bootstrapScript(): string {
  return assetText('woocommerce-bootstrap.sh');
}

/** Path of the script that sets the WordPress administrator's password. */
export function adminPasswordScriptPath(): string {
  return assetPath('wordpress-admin-password.sh');
}

/** Its text; static, the password comes through env. */
export function adminPasswordScript(): string {
  return assetText('wordpress-admin-password.sh');
}

/** The backup Job's script (dump and wp-content archive); static, values come through env. */
export function backupScript(): string {
  return assetText('store-backup.sh');
}

/** The restore Job's data script; static, values come through env. */
export function restoreScript(): string {
  return assetText('store-restore.sh');
}

/** A clone's restore Job: copies the backup from the source store's export server. */
export function backupFetchScript(): string {
  return assetText('store-backup-fetch.sh');
}
