/**
 * A real OpenID Connect provider for tests: `oidc-provider` (an OpenID Certified
 * implementation) on a free loopback port, with a login page of its own.
 *
 * Run with plain node (oidc-provider is ESM-only). Reads its users and its one client
 * from the OIDC_IDP_CONFIG environment variable (JSON, see oidcIdp.ts), prints one JSON
 * line `{"issuer": "..."}` once it listens, and never prints a password or a secret.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const { client, users } = JSON.parse(process.env.OIDC_IDP_CONFIG ?? '{}');
const accounts = new Map(users.map(user => [user.username, user]));

const signingKey = {
  ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
    format: 'jwk',
  }),
  kid: 'test-signing-key',
  use: 'sig',
  alg: 'RS256',
};

function configuration() {
  return {
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: client.redirectUris,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username'],
    },
    features: { devInteractions: { enabled: false } },
    // As most company IdPs do for a confidential client: a refresh token without
    // asking for offline_access, so the app's session survives a reload.
    issueRefreshToken: async (_ctx, c) => c.grantTypeAllowed('refresh_token'),
    async findAccount(_ctx, sub) {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          email: account.email,
          email_verified: true,
          name: account.name,
          preferred_username: sub,
        }),
      };
    },
  };
}

const escapeHtml = text =>
  String(text).replace(
    /[&<>"']/g,
    c =>
      ({
        '&': '&amp;',
        '<': '&lt;',
        '>': '&gt;',
        '"': '&quot;',
        "'": '&#39;',
      }[c]),
  );

function loginPage(uid, clientId, error) {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Example IdP: sign in</title></head>
<body>
<main>
<h1>Example IdP</h1>
<p>Sign in to continue to ${escapeHtml(clientId)}.</p>
${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label for="username">Username</label>
<input id="username" name="username" autocomplete="username" required>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>
</main>
</body></html>`;
}

async function formBody(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

function sendHtml(res, status, html) {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(html);
}

/** The first-party client needs no consent screen: grant what it asked for. */
async function grantConsent(provider, details) {
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({
        accountId: details.session.accountId,
        clientId: details.params.client_id,
      });
  const missing = details.prompt.details;
  if (missing.missingOIDCScope)
    grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(
    missing.missingResourceScopes ?? {},
  ))
    grant.addResourceScope(indicator, scopes.join(' '));
  return grant.save();
}

/** The login and consent steps of oidc-provider's interactions (/interaction/<uid>). */
async function interaction(provider, req, res, login) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === 'consent') {
    const grantId = await grantConsent(provider, details);
    await provider.interactionFinished(
      req,
      res,
      { consent: { grantId } },
      { mergeWithLastSubmission: true },
    );
    return;
  }
  const clientId = details.params.client_id;
  if (req.method === 'GET' && !login) {
    sendHtml(res, 200, loginPage(details.uid, clientId));
    return;
  }
  if (req.method !== 'POST' || !login) {
    sendHtml(res, 405, 'Method not allowed');
    return;
  }
  const form = await formBody(req);
  const account = accounts.get(form.get('username') ?? '');
  if (!account || account.password !== form.get('password')) {
    sendHtml(
      res,
      401,
      loginPage(details.uid, clientId, 'Wrong username or password.'),
    );
    return;
  }
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: account.username } },
    { mergeWithLastSubmission: false },
  );
}

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, configuration());
  const handleOidc = provider.callback();
  server.on('request', (req, res) => {
    const match = /^\/interaction\/([^/?]+)(\/login)?(?:\?|$)/.exec(req.url);
    if (!match) {
      handleOidc(req, res);
      return;
    }
    interaction(provider, req, res, Boolean(match[2])).catch(error => {
      sendHtml(res, 500, escapeHtml(error.message));
    });
  });
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
