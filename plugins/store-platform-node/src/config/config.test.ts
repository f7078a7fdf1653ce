import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubeConfigFromConfig } from './kubeConfigFromConfig';
import {
  DEFAULT_PROVISIONING_CONFIG,
  readProvisioningConfig,
} from './provisioningConfig';

const provisioning = (p: object) =>
  new ConfigReader({ storePlatform: { provisioning: p } });

describe('readProvisioningConfig', () => {
  it('defaults everything', () => {
    expect(readProvisioningConfig(new ConfigReader({}))).toEqual(
      DEFAULT_PROVISIONING_CONFIG,
    );
    expect(DEFAULT_PROVISIONING_CONFIG).toMatchObject({
      domain: 'localhost',
      podSecurity: 'restricted',
      egress: {
        restrict: false,
        clusterCidrs: expect.arrayContaining(['10.0.0.0/8', 'fc00::/7']),
        deniedCidrs: ['169.254.0.0/16', 'fe80::/10'],
        allowedCidrs: [],
      },
      images: {
        mariadb: 'mariadb:10.11',
        busybox: 'busybox:1.36',
        wpCli: 'wordpress:cli',
        wordpress: 'store-platform-wordpress-woocommerce:latest',
      },
    });
  });

  it('reads every key, merging partial maps with the defaults', () => {
    const c = readProvisioningConfig(
      provisioning({
        domain: 'shops.example.com',
        scheme: 'https',
        ingressClassName: 'nginx',
        ingressControllerNamespace: 'traefik',
        storageClassName: 'fast',
        wordpressPort: 8081,
        podSecurity: 'baseline',
        images: { mariadb: 'mirror/mariadb:10.11' },
        egress: {
          restrict: true,
          clusterCidrs: ['10.244.0.0/16', '10.96.0.0/16'],
          deniedCidrs: ['169.254.169.254/32'],
          allowedCidrs: ['203.0.113.0/24', '2001:db8::/32'],
        },
        timeouts: { bootstrapMs: 1000 },
        backups: { retention: 2 },
      }),
    );
    expect(c.backups).toEqual({ retention: 2 });
    expect(c).toMatchObject({
      domain: 'shops.example.com',
      scheme: 'https',
      ingressClassName: 'nginx',
      ingressControllerNamespace: 'traefik',
      storageClassName: 'fast',
      wordpressPort: 8081,
      podSecurity: 'baseline',
      egress: {
        restrict: true,
        clusterCidrs: ['10.244.0.0/16', '10.96.0.0/16'],
        deniedCidrs: ['169.254.169.254/32'],
        allowedCidrs: ['203.0.113.0/24', '2001:db8::/32'],
      },
    });
    expect(c.images).toEqual({
      ...DEFAULT_PROVISIONING_CONFIG.images,
      mariadb: 'mirror/mariadb:10.11',
    });
    expect(c.timeouts).toEqual({
      ...DEFAULT_PROVISIONING_CONFIG.timeouts,
      bootstrapMs: 1000,
    });
  });

  it.each([
    [{ domain: 'Not A Domain' }, 'storePlatform.provisioning.domain'],
    [{ podSecurity: 'privileged' }, 'storePlatform.provisioning.podSecurity'],
    [{ wordpressPort: 80 }, 'storePlatform.provisioning.wordpressPort'],
    [
      { egress: { allowedCidrs: ['everywhere'] } },
      'storePlatform.provisioning.egress.allowedCidrs',
    ],
    [
      { egress: { clusterCidrs: ['10.0.0.0/33'] } },
      'storePlatform.provisioning.egress.clusterCidrs',
    ],
    [
      { egress: { deniedCidrs: ['169.254.0.0'] } },
      'storePlatform.provisioning.egress.deniedCidrs',
    ],
    [
      { egress: { deniedCidrs: ['::/0'] } },
      'storePlatform.provisioning.egress.deniedCidrs',
    ],
    [
      { timeouts: { deleteMs: -1 } },
      'storePlatform.provisioning.timeouts.deleteMs',
    ],
    [
      { backups: { retention: 0 } },
      'storePlatform.provisioning.backups.retention',
    ],
    [
      { backups: { retention: 2.5 } },
      'storePlatform.provisioning.backups.retention',
    ],
  ])('refuses %j, naming the key', (value, key) => {
    expect(() => readProvisioningConfig(provisioning(value))).toThrow(
      InputError,
    );
    expect(() => readProvisioningConfig(provisioning(value))).toThrow(key);
  });
});

describe('kubeConfigFromConfig', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'kc-')), 'config');
  writeFileSync(
    file,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        { name: 'a', cluster: { server: 'https://a.example:6443' } },
        { name: 'b', cluster: { server: 'https://b.example:6443' } },
      ],
      users: [{ name: 'u', user: { token: 't' } }],
      contexts: [
        { name: 'ctx-a', context: { cluster: 'a', user: 'u' } },
        { name: 'ctx-b', context: { cluster: 'b', user: 'u' } },
      ],
      'current-context': 'ctx-a',
    }),
  );
  const kube = (k: object) =>
    new ConfigReader({ storePlatform: { kubernetes: k } });

  it('uses the kubeconfig file and its current context by default', () => {
    const kc = kubeConfigFromConfig(kube({ kubeconfigPath: file }));
    expect(kc.getCurrentCluster()?.server).toBe('https://a.example:6443');
  });

  it('switches to the configured context, and names a missing one', () => {
    expect(
      kubeConfigFromConfig(
        kube({ kubeconfigPath: file, context: 'ctx-b' }),
      ).getCurrentCluster()?.server,
    ).toBe('https://b.example:6443');
    expect(() =>
      kubeConfigFromConfig(kube({ kubeconfigPath: file, context: 'nope' })),
    ).toThrow('storePlatform.kubernetes.context: no context named "nope"');
  });

  it('refuses an unknown mode', () => {
    expect(() => kubeConfigFromConfig(kube({ mode: 'magic' }))).toThrow(
      'storePlatform.kubernetes.mode',
    );
  });
});
