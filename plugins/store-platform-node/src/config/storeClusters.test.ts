import { ConfigReader } from '@backstage/config';
import { readStoreClusters } from './storeClusters';

const read = (clusters: any) =>
  readStoreClusters(new ConfigReader({ storePlatform: { clusters } }));

describe('readStoreClusters', () => {
  it('is one default cluster from storePlatform.kubernetes without the key', () => {
    expect(readStoreClusters(new ConfigReader({}))).toEqual([
      { name: 'default', access: { kind: 'legacy' }, labels: {} },
    ]);
  });

  it('reads kubeconfig and url clusters with labels and capacity', () => {
    expect(
      read([
        {
          name: 'a',
          kubeconfig: { path: '/k', context: 'c' },
          labels: { region: 'eu' },
          capacity: 3,
        },
        {
          name: 'b',
          url: 'https://b.example:6443',
          caData: 'Q0E=',
          serviceAccountToken: { secretNamespace: 'ns', secretName: 's' },
        },
      ]),
    ).toEqual([
      {
        name: 'a',
        access: { kind: 'kubeconfig', path: '/k', context: 'c' },
        labels: { region: 'eu' },
        capacity: 3,
      },
      {
        name: 'b',
        access: {
          kind: 'url',
          url: 'https://b.example:6443',
          caData: 'Q0E=',
          token: {
            secret: { namespace: 'ns', name: 's', key: 'token' },
          },
        },
        labels: {},
      },
    ]);
  });

  it('reads who may use a cluster, as the policy compares refs', () => {
    expect(
      read([{ name: 'a', users: ['group:EU-team', 'user:default/bo'] }])[0],
    ).toMatchObject({ users: ['group:default/eu-team', 'user:default/bo'] });
    expect(() => read([{ name: 'a', users: ['eu-team'] }])).toThrow(
      /storePlatform\.clusters\[0\]\.users: must be a list of user or group entity refs/,
    );
  });

  it.each([
    [
      [{ name: 'a' }, { name: 'b', capacity: 0 }],
      /storePlatform\.clusters\[1\]\.capacity: must be a positive integer/,
    ],
    [[{ name: 'a' }, { name: 'b', capacity: 1.5 }], /clusters\[1\]\.capacity/],
    [
      [{ name: 'A_b' }],
      /storePlatform\.clusters\[0\]\.name: must be a DNS-1123 label/,
    ],
    [
      [{ name: 'a' }, { name: 'a' }],
      /clusters\[1\]\.name: "a" is listed twice/,
    ],
    [
      [{ name: 'a', url: 'https://x' }],
      /clusters\[0\]\.serviceAccountToken: a cluster given by url needs a token/,
    ],
    [
      [{ name: 'a', url: 'http://x', tokenFile: '/t' }],
      /clusters\[0\]\.url: must be an https URL/,
    ],
    [
      [{ name: 'a', url: 'https://x', kubeconfig: {}, tokenFile: '/t' }],
      /clusters\[0\]: set either url or kubeconfig/,
    ],
    [
      [
        {
          name: 'a',
          url: 'https://x',
          serviceAccountToken: { secretNamespace: 'n', secretName: 's' },
        },
      ],
      /clusters\[0\]\.serviceAccountToken\.cluster: must name a cluster listed before this one/,
    ],
    [
      [
        {
          name: 'a',
          url: 'https://x',
          serviceAccountToken: { secretName: 's' },
        },
      ],
      /clusters\[0\]\.serviceAccountToken\.secretNamespace: is required/,
    ],
    [[], /storePlatform\.clusters: must list at least one cluster/],
  ])('refuses %j naming the field', (clusters, message) => {
    expect(() => read(clusters)).toThrow(message);
  });
});
