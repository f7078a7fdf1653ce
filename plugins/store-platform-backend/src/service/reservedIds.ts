import { Config } from '@backstage/config';
import { RESERVED_STORE_IDS } from '@store-platform/plugin-store-platform-common';

/**
 * Store ids a new store may not take, because `<id>.<domain>` would shadow a
 * host the platform itself serves: the built-in list, the configured
 * `storePlatform.reservedIds`, and the first label of the app's and the
 * backend's host (with the chart, its ingress host, e.g. `dashboard`).
 */
export function reservedStoreIds(config: Config): ReadonlySet<string> {
  const reserved = new Set<string>(RESERVED_STORE_IDS);
  for (const id of config.getOptionalStringArray('storePlatform.reservedIds') ??
    []) {
    reserved.add(id.trim().toLowerCase());
  }
  for (const key of ['app.baseUrl', 'backend.baseUrl']) {
    const label = firstHostLabel(config.getOptionalString(key));
    if (label) reserved.add(label);
  }
  return reserved;
}

function firstHostLabel(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const host = new URL(url).hostname;
    // An IP address has no label a store id could shadow.
    if (/^[\d.]+$/.test(host) || host.startsWith('[')) return undefined;
    return host.split('.')[0].toLowerCase() || undefined;
  } catch {
    return undefined;
  }
}

/** Why `id` may not be registered, or undefined when it may. */
export function reservedIdProblem(
  id: string,
  reserved: ReadonlySet<string>,
): string | undefined {
  return reserved.has(id)
    ? `"${id}" is reserved: it would shadow a host of the platform itself`
    : undefined;
}
