// A real OpenID provider (oidc-provider) for the single sign-on tests, run as a child process: both
// oidc-provider and jose are ESM-only, which jest's module loader cannot run. The test drives it over IPC:
//   { op: 'client', clientId, clientSecret, redirectUri }   register Portico's client
//   { op: 'account', id, claims }                           who can log in, with which claims
//   { op: 'tamper', changes, foreignKey }                   re-sign the next ID token with changed claims
//                                                           (foreignKey: with a key the JWKS does not hold)
//   { op: 'rekey' }                                         new signing key; the old one is withdrawn
// The interaction (login + consent) is finished by GET /interaction/:uid?account=<id>, no browser needed.
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import Provider from 'oidc-provider';
import { SignJWT, exportJWK, generateKeyPair, decodeJwt } from 'jose';

const accounts = new Map();
const clients = [];
let tamper = null;
let signingKey;
let provider;

async function newKey() {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { jwk: { ...jwk, kid: randomUUID(), alg: 'RS256', use: 'sig' }, privateKey };
}

const server = createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) return interaction(req, res);
  return provider.callback()(req, res);
});

async function interaction(req, res) {
  try {
    const account = new URL(req.url, 'http://idp').searchParams.get('account');
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: account } },
        { mergeWithLastSubmission: false },
      );
    } else {
      const grant = new provider.Grant({
        accountId: details.session.accountId,
        clientId: details.params.client_id,
      });
      grant.addOIDCScope(details.params.scope);
      await provider.interactionFinished(
        req,
        res,
        { consent: { grantId: await grant.save() } },
        { mergeWithLastSubmission: true },
      );
    }
  } catch (error) {
    res.statusCode = 500;
    res.end(String(error));
  }
}

function build(issuer) {
  const p = new Provider(issuer, {
    clients,
    jwks: { keys: [signingKey.jwk] },
    findAccount: (ctx, id) =>
      accounts.has(id) ? { accountId: id, claims: () => ({ sub: id, ...accounts.get(id) }) } : undefined,
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // The email claims go into the ID token itself, as most enterprise IdPs do.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (ctx, i) => `/interaction/${i.uid}` },
    pkce: { required: () => true },
    ttl: {
      Grant: 3600,
      Session: 3600,
      Interaction: 600,
      AuthorizationCode: 60,
      AccessToken: 600,
      IdToken: 600,
    },
    cookies: { keys: ['portico-test-idp-cookie-key'] },
    // Consent is given once by the interaction above; the grant is then reused.
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  // Tampering happens on the way out of the token endpoint and is signed with the real key.
  p.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/token' && tamper && ctx.body && ctx.body.id_token) {
      const { changes, foreignKey } = tamper;
      tamper = null;
      const key = foreignKey ? (await newKey()).privateKey : signingKey.privateKey;
      const now = Math.floor(Date.now() / 1000);
      const claims = { ...decodeJwt(ctx.body.id_token) };
      for (const [name, value] of Object.entries(changes))
        claims[name] =
          typeof value === 'object' && value && 'relative' in value ? now + value.relative : value;
      ctx.body = {
        ...ctx.body,
        id_token: await new SignJWT(claims)
          .setProtectedHeader({ alg: 'RS256', kid: signingKey.jwk.kid })
          .sign(key),
      };
    }
  });
  return p;
}

signingKey = await newKey();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  provider = build(issuer);
  process.on('message', async (message) => {
    try {
      switch (message.op) {
        case 'client':
          clients.length = 0;
          clients.push({
            client_id: message.clientId,
            client_secret: message.clientSecret,
            redirect_uris: [message.redirectUri],
            grant_types: ['authorization_code'],
            response_types: ['code'],
            token_endpoint_auth_method: 'client_secret_basic',
          });
          provider = build(issuer);
          break;
        case 'account':
          accounts.set(message.id, message.claims);
          break;
        case 'tamper':
          tamper = { changes: message.changes, foreignKey: Boolean(message.foreignKey) };
          break;
        case 'rekey':
          signingKey = await newKey();
          provider = build(issuer);
          break;
      }
      process.send({ reply: message.seq, kid: signingKey.jwk.kid });
    } catch (error) {
      process.send({ reply: message.seq, error: String(error) });
    }
  });
  process.send({ ready: issuer });
});
