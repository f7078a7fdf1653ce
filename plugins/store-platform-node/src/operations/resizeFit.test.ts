import { V1Pod } from '@kubernetes/client-node';
import { quotaFor, SIZE_PRESETS } from '../resources/sizes';
import { formatQuantity, quantityValue } from './quantity';
import { quotaOverruns } from './resizeFit';

const pod = (
  labels: Record<string, string>,
  cpu: string,
  memory: string,
  extra: Partial<V1Pod['spec']> = {},
  phase = 'Running',
): V1Pod => ({
  metadata: { name: `p-${Math.random()}`, labels },
  spec: {
    containers: [
      {
        name: 'c',
        resources: {
          requests: { cpu, memory },
          limits: { cpu, memory },
        },
      },
    ],
    ...extra,
  },
  status: { phase },
});

const store = (component: string) => ({
  'app.kubernetes.io/instance': 'shop',
  'app.kubernetes.io/component': component,
});

describe('quantityValue', () => {
  it.each([
    ['250m', 0.25],
    ['1', 1],
    ['1.5', 1.5],
    ['256Mi', 256 * 2 ** 20],
    ['1Gi', 2 ** 30],
    ['100M', 1e8],
    ['1e3', 1000],
  ])('%s is %d', (text, value) => expect(quantityValue(text)).toBe(value));

  it('refuses what is not a quantity', () => {
    expect(() => quantityValue('lots')).toThrow(
      'not a Kubernetes quantity: "lots"',
    );
  });

  it('formats cpu in millicores and memory in MiB', () => {
    expect(formatQuantity('requests.cpu', 0.85)).toBe('850m');
    expect(formatQuantity('limits.memory', 2 ** 30)).toBe('1024Mi');
  });
});

describe('quotaOverruns', () => {
  const small = SIZE_PRESETS.small;
  const quota = quotaFor(small);

  it("counts the store's own pods at the new size, whatever they run now", () => {
    const pods = [
      pod(store('storefront'), '2', '2Gi'),
      pod(store('database'), '2', '2Gi'),
    ];
    expect(quotaOverruns(pods, 'shop', small, quota)).toEqual([]);
  });

  it('counts other pods as they are and names every key they overrun', () => {
    const pods = [
      pod(store('storefront'), '2', '2Gi'),
      pod(store('database'), '2', '2Gi'),
      pod({ app: 'stray' }, '500m', '1Gi'),
    ];
    expect(quotaOverruns(pods, 'shop', small, quota)).toEqual([
      { resource: 'requests.cpu', needed: '1000m', allowed: '850m' },
      { resource: 'requests.memory', needed: '1536Mi', allowed: '896Mi' },
      { resource: 'limits.memory', needed: '2048Mi', allowed: '1792Mi' },
    ]);
  });

  it("does not count another store's pods as this store's", () => {
    const other = { ...store('storefront'), 'app.kubernetes.io/instance': 'x' };
    const pods = [pod(other, '2', '64Mi')];
    expect(quotaOverruns(pods, 'shop', small, quota)[0]).toMatchObject({
      resource: 'requests.cpu',
      needed: '2000m',
    });
  });

  it('ignores finished pods, and counts a pod by its largest init container when larger', () => {
    const pods = [
      pod({ app: 'done' }, '4', '4Gi', {}, 'Succeeded'),
      pod({ app: 'init' }, '10m', '16Mi', {
        initContainers: [
          {
            name: 'i',
            resources: { requests: { cpu: '900m', memory: '16Mi' } },
          },
        ],
      }),
    ];
    expect(quotaOverruns(pods, 'shop', small, quota)).toEqual([
      { resource: 'requests.cpu', needed: '900m', allowed: '850m' },
    ]);
  });

  it('counts pods against the pod count', () => {
    const pods = Array.from({ length: 7 }, () =>
      pod({ app: 'x' }, '1m', '1Mi'),
    );
    expect(quotaOverruns(pods, 'shop', small, quota)).toEqual([
      { resource: 'pods', needed: '7', allowed: '6' },
    ]);
  });
});
