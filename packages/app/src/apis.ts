import {
  ScmIntegrationsApi,
  scmIntegrationsApiRef,
  ScmAuth,
} from '@backstage/integration-react';
import {
  AnyApiFactory,
  configApiRef,
  createApiFactory,
} from '@backstage/core-plugin-api';
import { oidcAuthApiFactory } from './signIn';

/**
 * APIs the app provides beyond app-defaults: SCM integrations (the scaffolder needs them)
 * and the generic OIDC sign-in, which app-defaults does not have.
 */
export const apis: AnyApiFactory[] = [
  createApiFactory({
    api: scmIntegrationsApiRef,
    deps: { configApi: configApiRef },
    factory: ({ configApi }) => ScmIntegrationsApi.fromConfig(configApi),
  }),
  ScmAuth.createDefaultApiFactory(),
  oidcAuthApiFactory,
];
