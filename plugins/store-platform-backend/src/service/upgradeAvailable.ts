import { Config } from '@backstage/config';
import {
  Store,
  StoreImageRefs,
} from '@store-platform/plugin-store-platform-common';
import { readProvisioningConfig } from '@store-platform/plugin-store-platform-node';

/** The images that run in a store's long-lived pods, as an upgrade moves them. */
const RUNNING_ROLES = ['wordpress', 'mariadb'] as const;

/**
 * The images new stores get now, or undefined when the provisioning config
 * is unreadable (the plugin tolerates that; the card then shows no hint).
 */
export function configuredImages(config: Config): StoreImageRefs | undefined {
  try {
    const { images } = readProvisioningConfig(config);
    return {
      wordpress: images.wordpress,
      mariadb: images.mariadb,
      bootstrap: images.wpCli,
    };
  } catch {
    return undefined;
  }
}

/**
 * Sets `upgradeAvailable` on a store that records its images: true when its
 * WordPress or MariaDB image is not the configured one. A store that records
 * none (made before images were recorded) says nothing.
 */
export function withUpgradeFlag(
  store: Store,
  configured: StoreImageRefs | undefined,
): Store {
  if (!configured || !store.images) return store;
  const upgradeAvailable = RUNNING_ROLES.some(
    role =>
      store.images?.[role] !== undefined &&
      configured[role] !== undefined &&
      store.images[role] !== configured[role],
  );
  return { ...store, upgradeAvailable };
}
