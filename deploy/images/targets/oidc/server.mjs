// The test identity provider: oidc-provider with the clients and people a suite passes in OIDC_TEST_CONFIG:
// { "clients": [{ "client_id", "client_secret", "redirect_uris": [...], "tamper": false }],
//   "accounts": [{ "sub", "username", "password", "claims": { "preferred_username", "groups", ... } }] }
// People sign in on its own login page (username and password checked); consent is implied. A client with
// "tamper": true gets ID tokens whose claims were changed after signing, as an attacker on the way would.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import Provider from 'oidc-provider';

const ISSUER = process.env.OIDC_ISSUER ?? 'https://oidc.test';
const settings = JSON.parse(process.env.OIDC_TEST_CONFIG ?? '{"clients":[],"accounts":[]}');
const tampered = new Set(settings.clients.filter((client) => client.tamper).map((client) => client.client_id));

const signingKey = { ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: 'test-1', alg: 'RS256', use: 'sig' };

const provider = new Provider(ISSUER, {
  clients: settings.clients.map(({ tamper: _tamper, ...client }) => ({
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    post_logout_redirect_uris: client.redirect_uris.map((uri) => new URL(uri).origin + '/sign-in'),
    ...client,
  })),
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  claims: {
    openid: ['sub'],
    profile: ['preferred_username', 'given_name', 'family_name', 'phone_number'],
    email: ['email'],
    groups: ['groups'],
  },
  scopes: ['openid', 'profile', 'email', 'groups'],
  // Every claim the granted scopes name goes into the ID token, which is all Atrium reads.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(_ctx, sub) {
    const account = settings.accounts.find((candidate) => candidate.sub === sub);
    return account && { accountId: sub, claims: async () => ({ sub, ...account.claims }) };
  },
});

// The tampering: the payload is changed (more groups, another name) and the original signature kept.
provider.use(async (ctx, next) => {
  await next();
  if (ctx.oidc?.route !== 'token' || !tampered.has(ctx.oidc.client?.clientId) || typeof ctx.body?.id_token !== 'string') return;
  const [header, payload, signature] = ctx.body.id_token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  const changed = { ...claims, groups: [...(claims.groups ?? []), 'atrium-admins'], preferred_username: `${claims.preferred_username ?? 'x'}-tampered` };
  ctx.body = { ...ctx.body, id_token: [header, Buffer.from(JSON.stringify(changed)).toString('base64url'), signature].join('.') };
});

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const loginPage = (uid, error) => `<!doctype html><html><head><title>Test identity provider</title></head><body>
<h1>Test identity provider</h1>${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<label>Username <input name="username" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Sign in at the provider</button></form></body></html>`;

async function formOf(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 8192) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

async function interaction(req, res, submitted) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === 'login') {
    if (!submitted) return void res.writeHead(200, { 'content-type': 'text/html' }).end(loginPage(details.uid));
    const form = await formOf(req);
    const account = settings.accounts.find((candidate) => candidate.username === form.get('username') && candidate.password === form.get('password'));
    if (!account) return void res.writeHead(200, { 'content-type': 'text/html' }).end(loginPage(details.uid, 'Wrong username or password.'));
    return provider.interactionFinished(req, res, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
  }
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
  const missing = details.prompt.details;
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  const grantId = await grant.save();
  return provider.interactionFinished(req, res, { consent: details.grantId ? {} : { grantId } }, { mergeWithLastSubmission: true });
}

const callback = provider.callback();
createServer({ key: readFileSync('/certs/server.key'), cert: readFileSync('/certs/server.crt') }, (req, res) => {
  const match = /^\/interaction\/([A-Za-z0-9_-]+)(\/login)?$/.exec(new URL(req.url, ISSUER).pathname);
  if (!match) return callback(req, res);
  interaction(req, res, match[2] === '/login' && req.method === 'POST').catch((error) => {
    res.writeHead(400, { 'content-type': 'text/plain' }).end(`interaction failed: ${error.message}`);
  });
}).listen(443, () => console.log(`test identity provider at ${ISSUER}`));
