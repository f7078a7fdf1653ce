import { Config } from '@backstage/config';

/**
 * Builds a store's public URL, `<scheme>://<id>.<domain>`, from the same keys
 * the provisioning library uses for the store's Ingress host.
 */
export function storeUrlFromConfig(
  config: Config,
): (storeId: string) => string {
  const domain =
    config.getOptionalString('storePlatform.provisioning.domain') ??
    'localhost';
  const scheme =
    config.getOptionalString('storePlatform.provisioning.scheme') ?? 'http';
  return storeId => `${scheme}://${storeId}.${domain}`;
}
