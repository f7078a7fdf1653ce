import {
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';

/** Who may call the store API: people, and backend plugins or services. */
export type CallerCredentials = BackstageCredentials<
  BackstageUserPrincipal | BackstageServicePrincipal
>;

/**
 * A backend plugin's own call, or a user's request forwarded by one (the
 * scaffolder acting for the task's initiator); not a user's direct call.
 */
export function isActingForAPlugin(credentials: CallerCredentials): boolean {
  const { principal } = credentials;
  if ('userEntityRef' in principal) return principal.actor !== undefined;
  return 'subject' in principal;
}
