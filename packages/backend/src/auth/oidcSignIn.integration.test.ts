import {
  oidcSignIn,
  OidcBackend,
  startBackendWithOidc,
} from '../__testUtils__/oidc';

jest.setTimeout(180_000);

/**
 * Sign-in through a real OpenID Connect provider (oidc-provider on loopback), with the
 * production OIDC config of app-config.production.yaml: people resolve to catalog Users,
 * so their ownership refs come from the catalog.
 */
describe('sign-in through OIDC', () => {
  let oidc: OidcBackend;

  beforeAll(async () => {
    oidc = await startBackendWithOidc();
  });

  afterAll(async () => {
    await oidc?.stop();
  });

  it('signs bob in as user:default/bob, owning through team-b', async () => {
    const { token, identity } = await oidcSignIn(
      oidc.backend.baseUrl,
      oidc.idp,
      'bob',
    );
    expect(identity.userEntityRef).toBe('user:default/bob');
    expect(identity.ownershipEntityRefs).toEqual(
      expect.arrayContaining(['user:default/bob', 'group:default/team-b']),
    );
    expect(identity.ownershipEntityRefs).not.toContain('group:default/team-a');

    // A working Backstage token: the backend's own identity endpoint reads it back.
    const res = await fetch(`${oidc.backend.baseUrl}/api/auth/v1/userinfo`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      claims: { sub: 'user:default/bob' },
    });
  });

  it('signs alice in as herself, not as whoever signed in before', async () => {
    const { identity } = await oidcSignIn(
      oidc.backend.baseUrl,
      oidc.idp,
      'alice',
    );
    expect(identity.userEntityRef).toBe('user:default/alice');
    expect(identity.ownershipEntityRefs).toContain('group:default/team-a');
  });

  it('refuses a person the IdP knows but the catalog does not', async () => {
    await expect(
      oidcSignIn(oidc.backend.baseUrl, oidc.idp, 'carol'),
    ).rejects.toThrow(/sign-in refused: .*unable to resolve user identity/i);
  });

  it('never gets past the IdP with a wrong password', async () => {
    await expect(
      oidcSignIn(oidc.backend.baseUrl, oidc.idp, 'bob', {
        password: 'not-the-password',
      }),
    ).rejects.toThrow('the IdP refused bob: wrong username or password');
  });
});
