import { IdentityProviders } from '@backstage/core-components';
import { ConfigApi } from '@backstage/core-plugin-api';
import { oidcAuthApiRef } from './oidcAuthApi';

const KEY = 'app.signIn.providers';
const KNOWN = ['guest', 'oidc'] as const;

/**
 * The sign-in page's providers, from `app.signIn.providers` (default: guest), so a
 * deployment chooses its sign-in through config instead of a rebuilt app.
 */
export function signInProvidersFromConfig(
  config: ConfigApi,
): IdentityProviders {
  const ids = config.getOptionalStringArray(KEY) ?? ['guest'];
  if (ids.length === 0) {
    throw new Error(`${KEY} must name at least one provider`);
  }
  return ids.map(id => {
    switch (id) {
      case 'guest':
        return 'guest';
      case 'oidc':
        return {
          id: 'oidc-auth-provider',
          title:
            config.getOptionalString('app.signIn.oidc.title') ??
            'Single sign-on',
          message:
            config.getOptionalString('app.signIn.oidc.message') ??
            'Sign in with your company account',
          apiRef: oidcAuthApiRef,
        };
      default:
        throw new Error(
          `${KEY} has unknown provider '${id}'; known providers: ${KNOWN.join(
            ', ',
          )}`,
        );
    }
  });
}
