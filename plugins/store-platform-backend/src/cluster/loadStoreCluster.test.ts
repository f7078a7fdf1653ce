import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadStoreClusters } from './loadStoreCluster';

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
  - name: test
    cluster: { server: 'https://127.0.0.1:1' }
users:
  - name: test
    user: { token: not-a-secret }
contexts:
  - name: test
    context: { cluster: test, user: test }
current-context: test
`;

describe('loadStoreClusters', () => {
  // Made while the tests are defined: the table below needs the path.
  const dir = mkdtempSync(join(tmpdir(), 'store-cluster-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  writeFileSync(kubeconfigPath, KUBECONFIG);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const load = (storePlatform: object) => {
    const logger = mockServices.logger.mock();
    const cluster = loadStoreClusters(
      new ConfigReader({ storePlatform }),
      logger,
      async () => 'default',
    )?.routed();
    return { cluster, logger };
  };

  it('builds the node library cluster from the configured kubeconfig', () => {
    const { cluster, logger } = load({
      kubernetes: { mode: 'kubeconfig', kubeconfigPath, context: 'test' },
      provisioning: { timeouts: { deleteMs: 1000 } },
    });
    expect(cluster).toEqual({
      deleteStore: expect.any(Function),
      inspectStore: expect.any(Function),
      readAdminCredentials: expect.any(Function),
      resetAdminPassword: expect.any(Function),
      listWarningEvents: expect.any(Function),
      listBackups: expect.any(Function),
      listRegisteredNamespaces: expect.any(Function),
      deleteLeftoverNamespace: expect.any(Function),
    });
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it.each([
    [
      'an unknown context',
      { kubernetes: { kubeconfigPath, context: 'nope' } },
      /storePlatform\.kubernetes\.context/,
    ],
    [
      'an unknown mode',
      { kubernetes: { mode: 'magic' } },
      /storePlatform\.kubernetes\.mode/,
    ],
    [
      'a bad deletion timeout',
      {
        kubernetes: { kubeconfigPath },
        provisioning: { timeouts: { deleteMs: -1 } },
      },
      /storePlatform\.provisioning\.timeouts\.deleteMs/,
    ],
  ])('runs without a cluster, saying why, for %s', (_, config, why) => {
    const { cluster, logger } = load(config);
    expect(cluster).toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(expect.stringMatching(why));
  });

  it('stops the start-up on a wrong storePlatform.clusters, naming the field', () => {
    expect(() => load({ clusters: [{ name: 'a', capacity: -1 }] })).toThrow(
      /storePlatform\.clusters\[0\]\.capacity: must be a positive integer/,
    );
  });
});
