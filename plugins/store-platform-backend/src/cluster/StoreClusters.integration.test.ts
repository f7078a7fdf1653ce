import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import {
  DEFAULT_PROVISIONING_CONFIG,
  kubeClients,
  StoreClusterRegistry,
} from '@store-platform/plugin-store-platform-node';
import { testKubeConfig } from '../__testUtils__/testCluster';
import { StoreClusters } from './StoreClusters';

const ACCOUNT = `token-rotation-${Math.random().toString(36).slice(2, 8)}`;

describe('StoreClusters against the local control plane', () => {
  const admin = testKubeConfig();
  const { core } = kubeClients(admin);
  const dir = mkdtempSync(join(tmpdir(), 'store-clusters-token-'));

  afterAll(async () => {
    await core
      .deleteNamespacedServiceAccount({ namespace: 'default', name: ACCOUNT })
      .catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a rotated token again after the API server refuses the old one (401)', async () => {
    const server = admin.getCurrentCluster()!;
    const caData =
      server.caData ?? readFileSync(server.caFile!).toString('base64');
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, 'not-a-token-this-server-issued');
    const ops = new StoreClusters(
      new StoreClusterRegistry(
        [
          {
            name: 'rotating',
            access: {
              kind: 'url',
              url: server.server,
              caData,
              token: { file: tokenFile },
            },
            labels: {},
          },
        ],
        () => {
          throw new Error('no legacy cluster here');
        },
      ),
      DEFAULT_PROVISIONING_CONFIG,
      async () => 'rotating',
      mockServices.logger.mock(),
    ).routed();

    await expect(ops.listBackups('shop-one')).rejects.toThrow(/\(HTTP 401/);
    // A real token of an account without permissions: authenticated, then forbidden.
    await core.createNamespacedServiceAccount({
      namespace: 'default',
      body: { metadata: { name: ACCOUNT } },
    });
    const request = await core.createNamespacedServiceAccountToken({
      namespace: 'default',
      name: ACCOUNT,
      body: { spec: { audiences: [], expirationSeconds: 600 } },
    });
    writeFileSync(tokenFile, request.status!.token);
    await expect(ops.listBackups('shop-one')).rejects.toThrow(/\(HTTP 403/);
  });
});
