import { ConfigReader } from '@backstage/core-app-api';
import { oidcAuthApiRef } from './oidcAuthApi';
import { signInProvidersFromConfig } from './signInProviders';

const providers = (signIn?: object) =>
  signInProvidersFromConfig(
    new ConfigReader(signIn ? { app: { signIn } } : {}),
  );

describe('signInProvidersFromConfig', () => {
  it('offers guest when app.signIn.providers is not set', () => {
    expect(providers()).toEqual(['guest']);
  });

  it('offers the OIDC provider, with its title from config', () => {
    expect(
      providers({ providers: ['oidc'], oidc: { title: 'Acme SSO' } }),
    ).toEqual([
      {
        id: 'oidc-auth-provider',
        title: 'Acme SSO',
        message: 'Sign in with your company account',
        apiRef: oidcAuthApiRef,
      },
    ]);
  });

  it('keeps the configured order', () => {
    const [first, second] = providers({ providers: ['oidc', 'guest'] });
    expect(first).toMatchObject({ id: 'oidc-auth-provider' });
    expect(second).toBe('guest');
  });

  it('refuses an unknown provider, naming the key', () => {
    expect(() => providers({ providers: ['github'] })).toThrow(
      "app.signIn.providers has unknown provider 'github'; known providers: guest, oidc",
    );
  });

  it('refuses an empty list', () => {
    expect(() => providers({ providers: [] })).toThrow(
      'app.signIn.providers must name at least one provider',
    );
  });
});
