export { ConfiguredSignInPage } from './ConfiguredSignInPage';
export { oidcAuthApiFactory, oidcAuthApiRef } from './oidcAuthApi';
export { signInProvidersFromConfig } from './signInProviders';
