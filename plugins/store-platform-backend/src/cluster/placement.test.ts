import { StoreClusterDefinition } from '@store-platform/plugin-store-platform-node';
import { placementRule } from './placement';

const cluster = (
  name: string,
  more: Partial<StoreClusterDefinition> = {},
): StoreClusterDefinition => ({
  name,
  access: { kind: 'kubeconfig' },
  labels: {},
  ...more,
});

const clusters = [
  cluster('a', { labels: { region: 'eu' }, capacity: 2 }),
  cluster('b', { labels: { region: 'us' }, capacity: 3 }),
  cluster('c', { labels: { region: 'eu', tier: 'gold' } }),
];
const counts = (entries: Record<string, number>) =>
  new Map(Object.entries(entries));

describe('placementRule', () => {
  it('takes the named cluster when it is configured, matches and has room', () => {
    expect(placementRule(clusters, { cluster: 'b' })(counts({ b: 2 }))).toBe(
      'b',
    );
  });

  it.each([
    [
      { cluster: 'z' },
      {},
      /cluster: "z" is not a configured cluster; choose one of a, b, c/,
    ],
    [
      { cluster: 'a' },
      { a: 2 },
      /cluster: a is full \(capacity 2 stores, 2 placed\)/,
    ],
    [
      { cluster: 'b', clusterSelector: { region: 'eu' } },
      {},
      /cluster: b does not carry the labels of clusterSelector \(region=eu\)/,
    ],
    [
      { clusterSelector: { region: 'mars' } },
      {},
      /clusterSelector: no configured cluster carries region=mars/,
    ],
  ])('refuses %j with %j, naming the field', (request, placed, message) => {
    expect(() => placementRule(clusters, request)(counts(placed))).toThrow(
      message,
    );
  });

  it('places automatically on the matching cluster with the most free capacity', () => {
    const two = [clusters[0], clusters[1]];
    expect(placementRule(two, {})(counts({}))).toBe('b'); // 3 free beats 2
    expect(placementRule(two, {})(counts({ b: 2 }))).toBe('a'); // 2 beats 1
    expect(placementRule(clusters, {})(counts({ c: 100 }))).toBe('c'); // unlimited
    expect(
      placementRule(clusters, { clusterSelector: { region: 'eu' } })(
        counts({ c: 5 }),
      ),
    ).toBe('c');
  });

  it('spreads over unlimited clusters by fewest stores, then listed order', () => {
    const open = [cluster('x'), cluster('y')];
    expect(placementRule(open, {})(counts({}))).toBe('x');
    expect(placementRule(open, {})(counts({ x: 1 }))).toBe('y');
  });

  it('prefers a cluster that answers over one seen unreachable', () => {
    expect(placementRule(clusters, {}, n => n === 'c')(counts({}))).toBe('b');
  });

  it('says when every matching cluster is full', () => {
    expect(() => placementRule([clusters[0]], {})(counts({ a: 2 }))).toThrow(
      /every cluster that may take it is full \(a 2\/2\)/,
    );
  });
});
