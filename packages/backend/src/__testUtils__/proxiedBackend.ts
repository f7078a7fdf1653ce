import {
  backendConfigThrough,
  FaultProxy,
  startFaultProxy,
} from './faultProxy';
import { testKubeConfig } from './kube';
import { RunningBackend, startBackend } from './startBackend';
import { ownerToken, storeApi, taskApi } from './storeApi';

/** A backend that reaches the cluster through a fault proxy, signed in as the stores' owner. */
export interface ProxiedBackend {
  proxy: FaultProxy;
  backend: RunningBackend;
  /** The guest, a member of the stores' owner group. */
  token: string;
  stores: ReturnType<typeof storeApi>;
  tasks: ReturnType<typeof taskApi>;
  /** Stops the backend, then the proxy. */
  stop(): Promise<void>;
}

/**
 * Starts the fault proxy in front of the test cluster and a backend through
 * it, with the provisioning waits a suite needs. The backend ignores file
 * changes (others may edit the checkout while a suite runs).
 */
export async function startProxiedBackend(
  timeouts: Parameters<typeof backendConfigThrough>[1],
  options: {
    serveApp?: boolean;
    /** More of `storePlatform` (see backendConfigThrough). */
    storePlatform?: Record<string, unknown>;
  } = {},
): Promise<ProxiedBackend> {
  const proxy = await startFaultProxy(testKubeConfig());
  let backend: RunningBackend;
  try {
    backend = await startBackend({
      noWatch: true,
      serveApp: options.serveApp,
      extraConfig: backendConfigThrough(proxy, timeouts, options.storePlatform),
    });
  } catch (error) {
    await proxy.close();
    throw error;
  }
  const token = await ownerToken(backend.baseUrl);
  return {
    proxy,
    backend,
    token,
    stores: storeApi(backend.baseUrl, token),
    tasks: taskApi(backend.baseUrl, token),
    async stop() {
      await backend.stop();
      await proxy.close();
    },
  };
}
