import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { readFileSync } from 'node:fs';

const cache = new Map<string, string>();

/** Path of a script shipped in this package's `assets/`. */
function assetPath(file: string): string {
  return resolvePackagePath(
    '@internal/plugin-store-platform-node',
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

/** Path of the WooCommerce bootstrap script shipped with this package. */
export function bootstrapScriptPath(): string {
  return assetPath('woocommerce-bootstrap.sh');
}

/** The script's text; static, it never contains user input (that comes through env). */
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
