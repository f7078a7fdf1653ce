export { startBackendWithOidc, productionOidcConfig } from './backend';
export type { OidcBackend } from './backend';
export { TEST_TEAMS, writeTestOrganisation } from './catalog';
export { startOidcIdp, testIdpUsers } from './idp';
export type { IdpUser, RunningIdp } from './idp';
export { oidcSignIn } from './signIn';
export type { SignedIn } from './signIn';
