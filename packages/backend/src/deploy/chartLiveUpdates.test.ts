import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import {
  findManifest,
  Manifest,
  ofKind,
  renderChart,
} from './__testUtils__/helm';
import { repoPath } from './__testUtils__/repoPaths';

// What live updates (Signals) need from the chart: the browser's websocket at
// /api/signals reaching an API pod with its path intact, and every API
// replica on one PostgreSQL, whose database-backed events bus carries a
// change from the replica that made it to the one holding the websocket.

const LOCAL = ['values-local.yaml'];

/** The Service an Ingress sends `path` to: the longest Prefix path that contains it. */
function serviceFor(ingress: Manifest, host: string, path: string) {
  const rule = ingress.spec.rules.find((r: any) => r.host === host);
  const matching = (rule?.http.paths ?? []).filter(
    (p: any) =>
      p.pathType === 'Prefix' &&
      (path === p.path ||
        path.startsWith(p.path.endsWith('/') ? p.path : `${p.path}/`)),
  );
  matching.sort((a: any, b: any) => b.path.length - a.path.length);
  return matching[0]?.backend.service.name;
}

const chartConfig = (manifests: Manifest[]) =>
  parseYaml(
    findManifest(manifests, 'ConfigMap', 'store-platform-api').data[
      'app-config.chart.yaml'
    ],
  );

describe('the chart, for live updates', () => {
  it('sends the Signals websocket to the API Service, path unchanged', () => {
    for (const values of [LOCAL, []]) {
      const manifests = renderChart({ valuesFiles: values });
      const [ingress] = ofKind(manifests, 'Ingress');
      expect(serviceFor(ingress, 'dashboard.localhost', '/api/signals')).toBe(
        'store-platform-api',
      );
      // Signals answers the upgrade only at its own path: a rewrite would drop it.
      const annotations = Object.keys(ingress.metadata.annotations ?? {});
      expect(annotations.filter(a => /rewrite|strip/i.test(a))).toEqual([]);
    }
  });

  it('runs several API replicas on the one PostgreSQL, so the events bus is the database-backed one', () => {
    const manifests = renderChart();
    const api = findManifest(manifests, 'Deployment', 'store-platform-api');
    expect(api.spec.replicas).toBeGreaterThan(1);
    // The events backend picks its PostgreSQL store by the database client.
    const production = parseYaml(
      readFileSync(repoPath('app-config.production.yaml'), 'utf8'),
    );
    expect(production.backend.database.client).toBe('pg');
    const config = chartConfig(manifests);
    expect(config.backend?.database?.client).toBeUndefined();
    // ...unless the bus were switched off.
    expect(config.events?.useEventBus ?? 'auto').not.toBe('never');
    expect(production.events?.useEventBus ?? 'auto').not.toBe('never');
  });

  it('lets the ingress controller reach the API pods on the port the Service sends the websocket to', () => {
    const manifests = renderChart({ valuesFiles: LOCAL });
    const policy = findManifest(
      manifests,
      'NetworkPolicy',
      'store-platform-api',
    );
    const service = findManifest(manifests, 'Service', 'store-platform-api');
    const target = service.spec.ports[0].targetPort;
    const fromController = policy.spec.ingress.filter((rule: any) =>
      (rule.from ?? []).some(
        (peer: any) =>
          peer.namespaceSelector?.matchLabels?.[
            'kubernetes.io/metadata.name'
          ] === 'ingress-nginx',
      ),
    );
    expect(
      fromController.flatMap((rule: any) => rule.ports.map((p: any) => p.port)),
    ).toContain(target);
  });
});
