import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import {
  ClusterUnreachableError,
  DEFAULT_PROVISIONING_CONFIG,
  StoreClusterRegistry,
} from '@store-platform/plugin-store-platform-node';
import { StoreClusters } from './StoreClusters';

/** An API server that accepts connections and never says a word, as a hung one would. */
async function silentServer(): Promise<{ server: Server; port: number }> {
  const sockets: Socket[] = [];
  const server = createServer(socket => sockets.push(socket));
  server.on('close', () => sockets.forEach(s => s.destroy()));
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { server, port: address.port };
}

describe('StoreClusters', () => {
  let dir: string;
  let silent: { server: Server; port: number };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'store-clusters-'));
    writeFileSync(join(dir, 'token'), 'not-a-real-token');
    silent = await silentServer();
  });
  afterAll(async () => {
    silent.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives up on a cluster that accepts but never answers within the bounds, and says it is unreachable', async () => {
    const registry = new StoreClusterRegistry(
      [
        {
          name: 'hung',
          access: {
            kind: 'url',
            url: `https://127.0.0.1:${silent.port}`,
            token: { file: join(dir, 'token') },
          },
          labels: {},
        },
      ],
      () => {
        throw new Error('no legacy cluster here');
      },
    );
    const clusters = new StoreClusters(
      registry,
      DEFAULT_PROVISIONING_CONFIG,
      async () => 'hung',
      mockServices.logger.mock(),
      { probeMs: 300, readMs: 300 },
    );
    const ops = clusters.routed();
    const started = Date.now();
    await expect(ops.listWarningEvents('shop-one')).rejects.toBeInstanceOf(
      ClusterUnreachableError,
    );
    // One read bound and one probe bound, not the operating system's minutes.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(clusters.unreachable('hung')).toMatch(
      /^cluster unreachable: hung \(no answer within 0.3 s\)$/,
    );
    // Known unreachable now: the next call fails at once, without waiting.
    const again = Date.now();
    await expect(ops.listBackups('shop-one')).rejects.toThrow(
      /cluster unreachable: hung/,
    );
    expect(Date.now() - again).toBeLessThan(100);
  });
});
