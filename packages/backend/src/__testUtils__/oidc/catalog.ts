import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { IdpUser } from './idp';

/** Which team each catalog User of the test organisation belongs to. carol has none. */
export const TEST_TEAMS: Record<string, string> = {
  alice: 'team-a',
  bob: 'team-b',
};

/**
 * Writes the test organisation (Groups team-a and team-b, Users alice and bob with the
 * IdP's email addresses) as a catalog file in `dir`, and returns its path.
 */
export function writeTestOrganisation(
  dir: string,
  users: Record<string, IdpUser>,
): string {
  const groups = [...new Set(Object.values(TEST_TEAMS))].map(team => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: team },
    spec: { type: 'team', children: [] },
  }));
  const people = Object.entries(TEST_TEAMS).map(([username, team]) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: username },
    spec: {
      profile: {
        displayName: users[username].name,
        email: users[username].email,
      },
      memberOf: [`group:default/${team}`],
    },
  }));
  const file = join(dir, 'org.yaml');
  writeFileSync(
    file,
    [...groups, ...people].map(entity => stringify(entity)).join('---\n'),
  );
  return file;
}
