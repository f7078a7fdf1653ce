import { ConfigReader } from '@backstage/config';
import { readProvisioningConfig } from './provisioningConfig';

const withRbac = (rbac: Record<string, any>) =>
  readProvisioningConfig(
    new ConfigReader({ storePlatform: { provisioning: { rbac } } }),
  );

describe('storePlatform.provisioning.rbac', () => {
  it('is absent unless configured', () => {
    expect(readProvisioningConfig(new ConfigReader({})).rbac).toBeUndefined();
  });

  it('is read as the chart writes it', () => {
    expect(
      withRbac({
        clusterRoleName: 'store-platform-store-manager',
        serviceAccount: { name: 'store-platform', namespace: 'store-platform' },
      }).rbac,
    ).toEqual({
      clusterRoleName: 'store-platform-store-manager',
      serviceAccount: { name: 'store-platform', namespace: 'store-platform' },
    });
  });

  it.each([
    [
      { serviceAccount: { name: 'sa', namespace: 'ns' } },
      "Missing required config value at 'storePlatform.provisioning.rbac.clusterRoleName'",
    ],
    [
      {
        clusterRoleName: 'Admin!',
        serviceAccount: { name: 'sa', namespace: 'ns' },
      },
      'storePlatform.provisioning.rbac.clusterRoleName: "Admin!" is not a ClusterRole name',
    ],
    [
      {
        clusterRoleName: 'r',
        serviceAccount: { name: 'sa', namespace: 'a.b' },
      },
      'storePlatform.provisioning.rbac.serviceAccount.namespace: "a.b" is not a namespace name',
    ],
  ])('rejects %j naming the field', (rbac, message) => {
    expect(() => withRbac(rbac)).toThrow(message);
  });
});
