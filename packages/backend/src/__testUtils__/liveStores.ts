import { Page } from 'playwright-core';
import { storeApi, unique } from './storeApi';

/**
 * Config for a backend whose stores are driven through the REST API, as the
 * store:* actions do: a static service token for the status reports, the
 * local control plane for the reconciler's drift check and deletions, a
 * heartbeat each second and a reconciler every 2 s.
 */
export function liveUpdatesBackendConfig(serviceToken: string): string {
  if (!process.env.KUBECONFIG) {
    throw new Error(
      'KUBECONFIG is not set: `scripts/test-cluster up` and export KUBECONFIG=$(scripts/test-cluster kubeconfig)',
    );
  }
  return [
    'backend:',
    '  auth:',
    '    externalAccess:',
    '      - type: static',
    `        options: { token: ${serviceToken}, subject: live-updates }`,
    'storePlatform:',
    `  kubernetes: { mode: kubeconfig, kubeconfigPath: '${process.env.KUBECONFIG}' }`,
    '  reconciler: { intervalSeconds: 2 }',
    '  liveUpdates: { heartbeatSeconds: 1 }',
  ].join('\n');
}

/** A static token for the service principal, long and random as the config wants. */
export const newServiceToken = () =>
  `live-${unique()}${unique()}${unique()}${unique()}`;

/**
 * Registers a store as its owner and moves it to `provisioning` as a
 * provisioning task would; no namespace is made, so once `ready` the drift
 * check finds it missing.
 */
export async function registerProvisioningStore(
  owner: ReturnType<typeof storeApi>,
  service: ReturnType<typeof storeApi>,
  id: string,
): Promise<void> {
  const created = await owner.call('POST', '/stores', {
    id,
    title: `Live ${id}`,
    engine: 'woocommerce',
    owner: 'group:default/store-owners',
  });
  if (created.status !== 201) {
    throw new Error(
      `store ${id} not registered: ${created.status} ${created.text}`,
    );
  }
  await setStatus(service, id, 'provisioning', 'Creating namespace');
}

/** Reports a transition through the API, as the store:* actions do. */
export async function setStatus(
  service: ReturnType<typeof storeApi>,
  id: string,
  status: string,
  message?: string,
): Promise<void> {
  const res = await service.call('POST', `/stores/${id}/status`, {
    status,
    ...(message ? { message } : {}),
  });
  if (res.status !== 200) {
    throw new Error(`store ${id} -> ${status}: ${res.status} ${res.text}`);
  }
}

/** The live indicator of the card or the page: 'Live' or 'Not live, refreshing every N s'. */
export function liveIndicator(page: Page) {
  return page.getByRole('status').filter({ hasText: /^(Live|Not live)/ });
}

/** Counts the page's reads of one store (GET /api/store-platform/stores/<id>) from now on. */
export function countStoreReads(page: Page, id: string): () => number {
  let reads = 0;
  const path = `/api/store-platform/stores/${id}`;
  page.on('request', request => {
    if (
      request.method() === 'GET' &&
      new URL(request.url()).pathname === path
    ) {
      reads++;
    }
  });
  return () => reads;
}
