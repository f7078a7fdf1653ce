import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
} from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  isClusterOpenTo,
  isStoreOwner,
} from '@store-platform/plugin-store-platform-backend';
import {
  Store,
  storeClusterUsePermission,
  storeCreatePermission,
  storeCredentialsReadPermission,
  storeDeletePermission,
  storeUpdatePermission,
  storeReadPermission,
} from '@store-platform/plugin-store-platform-common';
import { StorePlatformPermissionPolicy } from './StorePlatformPermissionPolicy';

function policyFor(ownershipEntityRefs: string[], admins?: string[]) {
  const config = mockServices.rootConfig({
    data: admins ? { storePlatform: { permissions: { admins } } } : {},
  });
  const userInfo = mockServices.userInfo({ ownershipEntityRefs });
  return StorePlatformPermissionPolicy.fromConfig(config, userInfo);
}

const user = {
  credentials: mockCredentials.user('user:default/alice'),
  info: { userEntityRef: 'user:default/alice', ownershipEntityRefs: [] },
};

describe('StorePlatformPermissionPolicy', () => {
  it('lets a non-admin place stores only on clusters open to them or to one of their groups', async () => {
    const policy = policyFor(['user:default/alice', 'group:default/eu-team']);
    const decision = await policy.handle(
      { permission: storeClusterUsePermission },
      user,
    );
    expect(decision).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'store-platform',
      resourceType: 'store-cluster',
      conditions: {
        rule: 'IS_CLUSTER_OPEN_TO',
        params: { claims: ['user:default/alice', 'group:default/eu-team'] },
      },
    });
    const claims = (decision as any).conditions.params;
    const cluster = (users?: string[]) => ({
      name: 'c',
      access: { kind: 'legacy' as const },
      labels: {},
      ...(users ? { users } : {}),
    });
    expect(isClusterOpenTo.apply(cluster(), claims)).toBe(true);
    expect(
      isClusterOpenTo.apply(cluster(['group:default/eu-team']), claims),
    ).toBe(true);
    expect(
      isClusterOpenTo.apply(cluster(['group:default/us-team']), claims),
    ).toBe(false);
  });

  it('lets admins place stores on any cluster', async () => {
    const policy = policyFor([
      'user:default/alice',
      'group:default/platform-admins',
    ]);
    expect(
      await policy.handle({ permission: storeClusterUsePermission }, user),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('allows reading to everyone', async () => {
    const policy = policyFor(['user:default/alice']);
    const decision = await policy.handle(
      { permission: catalogEntityReadPermission },
      user,
    );
    expect(decision).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('lets a non-admin delete only entities they own', async () => {
    const policy = policyFor(['user:default/alice', 'group:default/shop']);
    const decision = await policy.handle(
      { permission: catalogEntityDeletePermission },
      user,
    );
    expect(decision).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        params: { claims: ['user:default/alice', 'group:default/shop'] },
      },
    });
  });

  it('lets members of the default admin group delete anything', async () => {
    const policy = policyFor([
      'user:default/alice',
      'group:default/platform-admins',
    ]);
    const decision = await policy.handle(
      { permission: catalogEntityDeletePermission },
      user,
    );
    expect(decision).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('takes the admin groups from configuration', async () => {
    const configured = policyFor(['group:default/sre'], ['group:default/sre']);
    expect(
      await configured.handle(
        { permission: catalogEntityDeletePermission },
        user,
      ),
    ).toEqual({ result: AuthorizeResult.ALLOW });

    const notAdminAnymore = policyFor(
      ['group:default/platform-admins'],
      ['group:default/sre'],
    );
    expect(
      await notAdminAnymore.handle(
        { permission: catalogEntityDeletePermission },
        user,
      ),
    ).toMatchObject({ result: AuthorizeResult.CONDITIONAL });
  });

  it('allows reading stores to everyone', async () => {
    const policy = policyFor(['user:default/alice']);
    expect(
      await policy.handle({ permission: storeReadPermission }, user),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it.each([
    storeCreatePermission,
    storeUpdatePermission,
    storeCredentialsReadPermission,
    storeDeletePermission,
  ])('gives $name only to the owners of the store', async permission => {
    const policy = policyFor(['user:default/alice', 'group:default/shop']);
    const decision = await policy.handle({ permission }, user);
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'store-platform',
      resourceType: 'store',
      conditions: {
        rule: 'IS_STORE_OWNER',
        resourceType: 'store',
        params: { claims: ['user:default/alice', 'group:default/shop'] },
      },
    });

    // The condition, evaluated by the store-platform plugin's rule:
    const params = { claims: ['user:default/alice', 'group:default/shop'] };
    const store = (owner: string) => ({ owner } as Store);
    expect(isStoreOwner.apply(store('group:default/shop'), params)).toBe(true);
    expect(isStoreOwner.apply(store('group:default/other'), params)).toBe(
      false,
    );
  });

  it.each([
    storeCreatePermission,
    storeUpdatePermission,
    storeCredentialsReadPermission,
    storeDeletePermission,
  ])('gives $name on any store to admins', async permission => {
    const policy = policyFor(['group:default/platform-admins']);
    expect(await policy.handle({ permission }, user)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('gives a service acting on its own no store ownership', async () => {
    const policy = policyFor([]);
    expect(
      await policy.handle({ permission: storeCreatePermission }, undefined),
    ).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: { params: { claims: [] } },
    });
  });
});
