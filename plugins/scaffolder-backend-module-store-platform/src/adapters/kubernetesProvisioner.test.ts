import { ConfigReader } from '@backstage/config';
import { actionContext } from '../__testUtils__/context';
import { FakeCatalog, FakeRegistry } from '../__testUtils__/fakes';
import { createProvisionStoreAction } from '../actions/provisionStore';
import { KubernetesStoreProvisioner } from './kubernetesProvisioner';

const badProvisioning = new ConfigReader({
  storePlatform: { provisioning: { domain: 'not a domain!' } },
});

const spec = {
  id: 'summer-sale',
  title: 'Summer Sale',
  engine: 'woocommerce',
  size: 'small',
  adminEmail: 'owner@example.com',
} as const;

describe('KubernetesStoreProvisioner', () => {
  it('is made from a bad storePlatform.provisioning value, and fails naming the key when used', () => {
    const provisioner = new KubernetesStoreProvisioner(badProvisioning);
    const valid = provisioner.validate(spec);

    expect(() => provisioner.urlFor(valid)).toThrow(
      'storePlatform.provisioning.domain: must be a DNS name',
    );
    expect(() => provisioner.render(valid)).toThrow(
      'storePlatform.provisioning.domain',
    );
  });

  it('fails store:provision with the config error, leaving the store failed with it', async () => {
    const registry = new FakeRegistry();
    await registry.register({
      id: 'summer-sale',
      engine: 'woocommerce',
      owner: 'group:default/shop-team',
      taskId: 'task-1',
    });
    const action = createProvisionStoreAction({
      registry,
      provisioner: new KubernetesStoreProvisioner(badProvisioning),
      catalog: new FakeCatalog(),
    });

    await expect(
      action.handler(
        actionContext({
          input: { name: 'summer-sale', adminEmail: 'owner@example.com' },
        }) as any,
      ),
    ).rejects.toThrow('storePlatform.provisioning.domain: must be a DNS name');
    expect(registry.stores.get('summer-sale')).toMatchObject({
      status: 'failed',
      statusMessage: expect.stringContaining(
        'storePlatform.provisioning.domain',
      ),
    });
  });
});
