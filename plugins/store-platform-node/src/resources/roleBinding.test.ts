import { provisioningConfigWith } from '../config/provisioningConfig';
import { StoreSpec } from '../spec/storeSpec';
import { buildPlatformRoleBinding, PLATFORM_ROLE_BINDING } from './roleBinding';

const spec: StoreSpec = {
  id: 'shop',
  title: 'Shop',
  engine: 'woocommerce',
  size: 'small',
  adminEmail: 'owner@example.com',
};

describe('buildPlatformRoleBinding', () => {
  it('binds the configured ClusterRole to the platform ServiceAccount in the store namespace', () => {
    const config = provisioningConfigWith({
      rbac: {
        clusterRoleName: 'store-platform-store-manager',
        serviceAccount: { name: 'store-platform', namespace: 'platform' },
      },
    });
    const binding = buildPlatformRoleBinding({ spec, config })!;
    expect(binding.metadata).toMatchObject({
      name: PLATFORM_ROLE_BINDING,
      namespace: 'store-shop',
      labels: expect.objectContaining({
        'app.kubernetes.io/managed-by': 'store-platform',
        'store-platform.io/installation': 'local',
        'store-platform.io/store-id': 'shop',
      }),
    });
    expect(binding.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'store-platform-store-manager',
    });
    expect(binding.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'store-platform', namespace: 'platform' },
    ]);
  });

  it('is not made without rbac config', () => {
    expect(
      buildPlatformRoleBinding({ spec, config: provisioningConfigWith() }),
    ).toBeUndefined();
  });
});
