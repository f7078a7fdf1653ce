import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_EGRESS,
  readProvisioningConfig,
} from '@store-platform/plugin-store-platform-node';
import { parse as parseYaml } from 'yaml';
import {
  findManifest,
  Manifest,
  ofKind,
  renderChart,
  renderChartError,
} from './__testUtils__/helm';

// The chart's NetworkPolicies as objects; who may reach whom is proven in storeIsolation.test.ts.

const LOCAL = ['values-local.yaml'];
const policyNames = (manifests: Manifest[]) =>
  ofKind(manifests, 'NetworkPolicy').map(p => p.metadata.name);
const appConfig = (manifests: Manifest[]) =>
  parseYaml(
    findManifest(manifests, 'ConfigMap', 'store-platform-api').data[
      'app-config.chart.yaml'
    ],
  );

describe('the chart NetworkPolicies', () => {
  it('cover the API, the dashboard and the in-chart PostgreSQL, when it is deployed', () => {
    expect(policyNames(renderChart({ valuesFiles: LOCAL }))).toEqual([
      'store-platform-api',
      'store-platform-dashboard',
      'store-platform-postgresql',
    ]);
    expect(policyNames(renderChart())).toEqual([
      'store-platform-api',
      'store-platform-dashboard',
    ]);
  });

  it('select exactly the pods of their workload, on a port those pods name', () => {
    const manifests = renderChart({ valuesFiles: LOCAL });
    for (const [policy, kind] of [
      ['store-platform-api', 'Deployment'],
      ['store-platform-dashboard', 'Deployment'],
      ['store-platform-postgresql', 'StatefulSet'],
    ]) {
      const p = findManifest(manifests, 'NetworkPolicy', policy);
      const workload = findManifest(manifests, kind, policy);
      expect(p.spec.podSelector.matchLabels).toEqual(
        workload.spec.selector.matchLabels,
      );
      const named = workload.spec.template.spec.containers.flatMap((c: any) =>
        c.ports.map((port: any) => port.name),
      );
      for (const rule of p.spec.ingress)
        for (const port of rule.ports) expect(named).toContain(port.port);
    }
  });

  it('take the ingress controller namespace from networkPolicy, else from provisioning', () => {
    const sources = (set: Record<string, string>) =>
      findManifest(renderChart({ set }), 'NetworkPolicy', 'store-platform-api')
        .spec.ingress[0].from[0];
    expect(sources({})).toEqual({
      namespaceSelector: {
        matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' },
      },
    });
    expect(
      sources({ 'provisioning.ingressControllerNamespace': 'traefik' }),
    ).toEqual({
      namespaceSelector: {
        matchLabels: { 'kubernetes.io/metadata.name': 'traefik' },
      },
    });
    expect(
      sources({
        'provisioning.ingressControllerNamespace': 'traefik',
        'networkPolicy.ingressControllerNamespace': 'kube-system',
      }),
    ).toEqual({
      namespaceSelector: {
        matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' },
      },
    });
  });

  it('add networkPolicy.apiExtraFrom to the API sources', () => {
    const api = findManifest(
      renderChart({
        set: {
          'networkPolicy.apiExtraFrom[0].namespaceSelector.matchLabels.team':
            'monitoring',
        },
      }),
      'NetworkPolicy',
      'store-platform-api',
    );
    expect(api.spec.ingress[0].from).toHaveLength(4);
    expect(api.spec.ingress[0].from[3]).toEqual({
      namespaceSelector: { matchLabels: { team: 'monitoring' } },
    });
  });

  it('are left out with networkPolicy.enabled false', () => {
    expect(
      policyNames(
        renderChart({
          valuesFiles: LOCAL,
          set: { 'networkPolicy.enabled': 'false' },
        }),
      ),
    ).toEqual([]);
  });
});

describe('provisioning.egress', () => {
  it('is left to the node library defaults when empty', () => {
    const config = appConfig(renderChart());
    expect(config.storePlatform.provisioning.egress).toBeUndefined();
    expect(readProvisioningConfig(new ConfigReader(config)).egress).toEqual(
      DEFAULT_EGRESS,
    );
  });

  it('reaches the API config as given, and the node library reads it', () => {
    const config = appConfig(
      renderChart({
        set: {
          'provisioning.egress.clusterCidrs': '{10.42.0.0/16,10.43.0.0/16}',
          'provisioning.egress.allowedCidrs': '{203.0.113.0/24}',
        },
      }),
    );
    expect(readProvisioningConfig(new ConfigReader(config)).egress).toEqual({
      ...DEFAULT_EGRESS,
      clusterCidrs: ['10.42.0.0/16', '10.43.0.0/16'],
      allowedCidrs: ['203.0.113.0/24'],
    });
  });

  it.each([
    [
      { 'provisioning.egress.clusterCidrs': '{everywhere}' },
      '/provisioning/egress/clusterCidrs/0',
    ],
    [
      { 'provisioning.egress.restrict': 'maybe' },
      '/provisioning/egress/restrict',
    ],
    [{ 'provisioning.egress.openAll': 'true' }, "'openAll' not allowed"],
    [{ 'networkPolicy.enabled': 'yes' }, '/networkPolicy/enabled'],
    [
      { 'networkPolicy.ingressControllerNamespace': 'Not_A_Namespace' },
      '/networkPolicy/ingressControllerNamespace',
    ],
    [
      { 'networkPolicy.apiExtraFrom[0].ipBlock.cidr': 'internet' },
      '/networkPolicy/apiExtraFrom/0/ipBlock/cidr',
    ],
    [{ 'networkPolicy.apiExtraFrom[0].from': 'x' }, "'from' not allowed"],
  ])('the schema rejects %j naming %s', (set, field) => {
    const error = renderChartError({ set });
    expect(error).toContain(
      "values don't meet the specifications of the schema",
    );
    expect(error).toContain(field);
  });
});
