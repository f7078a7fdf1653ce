import { mockCredentials } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { catalogOwners } from './catalogOwners';

const entity = (kind: string, name: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec: {},
});

describe('catalogOwners', () => {
  const owners = catalogOwners(
    catalogServiceMock({
      entities: [
        entity('Group', 'team-b'),
        entity('User', 'carol'),
        entity('Component', 'team-c'),
      ],
    }),
  );
  const credentials = mockCredentials.user('user:default/alice');

  it.each([
    ['group:default/team-b', true],
    ['user:default/carol', true],
    ['group:default/nobody', false],
    // Only Users and Groups own stores, whatever else has the name.
    ['component:default/team-c', false],
  ])('%s exists as an owner: %s', async (ref, expected) => {
    await expect(owners.exists(ref, credentials)).resolves.toBe(expected);
  });
});
