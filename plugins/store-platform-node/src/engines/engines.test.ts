import { InputError } from '@backstage/errors';
import { KubeConfig } from '@kubernetes/client-node';
import { provisioningConfigWith } from '../config/provisioningConfig';
import { EngineNotAvailableError } from '../errors';
import { StoreSpec } from '../spec/storeSpec';
import { provisionStore } from '../provisionStore';
import { EngineRegistry, getEngine, defaultEngineRegistry } from './registry';

/** A KubeConfig whose every request fails loudly: planning must not touch the cluster. */
function unreachableCluster(): { kc: KubeConfig; requests: string[] } {
  const requests: string[] = [];
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      { name: 'c', server: 'https://127.0.0.1:1', skipTLSVerify: true },
    ],
    users: [{ name: 'u', token: 't' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  const original = kc.applySecurityAuthentication.bind(kc);
  kc.applySecurityAuthentication = async ctx => {
    requests.push(ctx.getUrl());
    return original(ctx);
  };
  const originalFetch = kc.applyToFetchOptions.bind(kc);
  kc.applyToFetchOptions = async opts => {
    requests.push('watch');
    return originalFetch(opts);
  };
  return { kc, requests };
}

const spec: StoreSpec = {
  id: 'shop',
  title: 'Shop',
  engine: 'woocommerce',
  size: 'small',
  adminEmail: 'a@example.com',
};
const config = provisioningConfigWith();

describe('engines', () => {
  it('are registered for every engine of the shared contract', () => {
    expect(defaultEngineRegistry.names().sort()).toEqual([
      'medusa',
      'woocommerce',
    ]);
    expect(() => getEngine('magento')).toThrow(InputError);
    expect(() => getEngine('magento')).toThrow(
      'engine: must be one of woocommerce, medusa',
    );
  });

  it('plan the WooCommerce store as the design says, without touching the cluster', () => {
    const { kc, requests } = unreachableCluster();
    const steps = getEngine('woocommerce').plan(spec, {
      kubeConfig: kc,
      config,
    });
    expect(steps.map(s => [s.id, s.dependsOn])).toEqual([
      ['namespace', []],
      ['database', ['namespace']],
      ['storefront', ['namespace']],
      ['ingress', ['namespace']],
      ['bootstrap', ['database', 'storefront']],
    ]);
    for (const s of steps) expect(s.title).toEqual(expect.any(String));
    expect(steps.find(s => s.id === 'bootstrap')!.title).toContain(
      'woocommerce-bootstrap-shop',
    );
    expect(requests).toEqual([]);
  });

  it('refuse medusa at once with a clear message, creating nothing', async () => {
    const { kc, requests } = unreachableCluster();
    expect(() =>
      getEngine('medusa').plan(
        { ...spec, engine: 'medusa' },
        { kubeConfig: kc, config },
      ),
    ).toThrow(
      new EngineNotAvailableError('the medusa engine is not available yet'),
    );
    await expect(
      provisionStore(kc, config, { ...spec, engine: 'medusa' }),
    ).rejects.toBeInstanceOf(EngineNotAvailableError);
    expect(requests).toEqual([]);
  });

  it('refuse bad input in provisionStore before any request, naming the field', async () => {
    const { kc, requests } = unreachableCluster();
    await expect(
      provisionStore(kc, config, { ...spec, id: 'Bad_Id' }),
    ).rejects.toThrow(/id: must be lowercase/);
    await expect(
      provisionStore(kc, config, { ...spec, adminEmail: 'nope' }),
    ).rejects.toThrow(/adminEmail:/);
    expect(requests).toEqual([]);
  });

  it('can be extended with another engine module', () => {
    const registry = new EngineRegistry().register({
      name: 'custom',
      plan: () => [],
    });
    expect(
      registry
        .get('custom')
        .plan(spec, { kubeConfig: new KubeConfig(), config }),
    ).toEqual([]);
  });
});
