import { SignInPage } from '@backstage/core-components';
import {
  configApiRef,
  SignInPageProps,
  useApi,
} from '@backstage/core-plugin-api';
import { signInProvidersFromConfig } from './signInProviders';

/** Backstage's sign-in page with the providers of `app.signIn.providers`. */
export function ConfiguredSignInPage(props: SignInPageProps) {
  const config = useApi(configApiRef);
  return (
    <SignInPage {...props} auto providers={signInProvidersFromConfig(config)} />
  );
}
