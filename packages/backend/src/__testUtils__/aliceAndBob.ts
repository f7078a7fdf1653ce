import { runTemplate, TaskRun, waitForEntity } from './scaffolder';
import { guestToken } from './startBackend';
import { storeApi, storeForm } from './storeApi';
import {
  startTwoTeamBackends,
  teamMember,
  TwoTeamBackends,
} from './twoTeamBackends';

/** The team that makes the journeys' stores (the reference catalog's). */
export const STORE_OWNERS = 'group:default/store-owners';
/** Bob's team; not in the reference catalog unless a test adds it. */
export const TEAM_B = 'group:default/team-b';

/** One person signed in on one replica. */
export interface Person {
  baseUrl: string;
  token: string;
  stores: ReturnType<typeof storeApi>;
  /** Runs template `name` (e.g. `store-backup`) through the scaffolder and waits for its end. */
  run(name: string, values: Record<string, unknown>): Promise<TaskRun>;
}

async function signIn(baseUrl: string, templates: string[]): Promise<Person> {
  const token = await guestToken(baseUrl);
  for (const name of templates) {
    await waitForEntity(baseUrl, token, { kind: 'template', name });
  }
  return {
    baseUrl,
    token,
    stores: storeApi(baseUrl, token),
    run: (name, values) =>
      runTemplate(baseUrl, token, `template:default/${name}`, values, 300_000),
  };
}

/**
 * Two replicas of one platform on the real permission backend (see
 * startTwoTeamBackends), one signed in as Alice of store-owners, the other
 * as Bob of team-b, each once `templates` are in the catalog.
 */
export async function startAliceAndBob(options: {
  templates: string[];
  /** Alice's teams beyond store-owners. */
  aliceAlsoIn?: string[];
  /** Further config for both (YAML, top level). */
  extraConfig?: string;
}): Promise<{ backends: TwoTeamBackends; alice: Person; bob: Person }> {
  const backends = await startTwoTeamBackends({
    teamA: teamMember('alice', STORE_OWNERS, ...(options.aliceAlsoIn ?? [])),
    teamB: teamMember('bob', TEAM_B),
    extraConfig: options.extraConfig,
  });
  try {
    return {
      backends,
      alice: await signIn(backends.a.baseUrl, options.templates),
      bob: await signIn(backends.b.baseUrl, options.templates),
    };
  } catch (error) {
    await backends.stop().catch(() => undefined);
    throw error;
  }
}

/**
 * Makes store `id` of store-owners with the store template, as `person`;
 * a store that does not become ready fails the suite with the task's log.
 */
export async function provisionStoreAs(
  person: Person,
  id: string,
): Promise<TaskRun> {
  const task = await person.run(
    'store',
    storeForm(id, { owner: STORE_OWNERS }),
  );
  if (task.status !== 'completed') {
    throw new Error(`store ${id} not provisioned:\n${task.log.join('\n')}`);
  }
  return task;
}
