import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** Path of the WooCommerce bootstrap script shipped with this package. */
export function bootstrapScriptPath(): string {
  return resolvePackagePath(
    '@internal/plugin-store-platform-node',
    'assets/woocommerce-bootstrap.sh',
  );
}

/** The script's text; static, it never contains user input (that comes through env). */
export function bootstrapScript(): string {
  cached ??= readFileSync(bootstrapScriptPath(), 'utf8');
  return cached;
}
