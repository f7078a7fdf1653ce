import { OAuth2 } from '@backstage/core-app-api';
import {
  ApiRef,
  BackstageIdentityApi,
  configApiRef,
  createApiFactory,
  createApiRef,
  discoveryApiRef,
  oauthRequestApiRef,
  OpenIdConnectApi,
  ProfileInfoApi,
  SessionApi,
} from '@backstage/core-plugin-api';

/**
 * The generic OpenID Connect provider of the auth backend
 * (`@backstage/plugin-auth-backend-module-oidc-provider`, provider id `oidc`).
 */
export const oidcAuthApiRef: ApiRef<
  OpenIdConnectApi & ProfileInfoApi & BackstageIdentityApi & SessionApi
> = createApiRef({ id: 'auth.oidc' });

export const oidcAuthApiFactory = createApiFactory({
  api: oidcAuthApiRef,
  deps: {
    discoveryApi: discoveryApiRef,
    oauthRequestApi: oauthRequestApiRef,
    configApi: configApiRef,
  },
  factory: ({ discoveryApi, oauthRequestApi, configApi }) =>
    OAuth2.create({
      configApi,
      discoveryApi,
      oauthRequestApi,
      provider: { id: 'oidc', title: 'OpenID Connect', icon: () => null },
      // The backend picks its provider config by this environment (auth.providers.oidc.<env>).
      environment: configApi.getOptionalString('auth.environment'),
      defaultScopes: ['openid', 'profile', 'email'],
    }),
});
