// A real OpenID Connect provider for the tests: npm `oidc-provider` (v9) on a free loopback port,
// with one client registered for Atrium, its development login form (any login and password),
// and consent granted automatically. The login decides the claims: `<name>` gets the address
// `<name>@acme.example` (verified), the group `hr-payroll` when the name starts with "erin", and
// an unverified address when it starts with "unverified-".
import Provider from 'oidc-provider';
import { generateKeyPairSync } from 'node:crypto';

export async function startOidcProvider({ port, redirectUri, clientId = 'atrium', clientSecret = 'atrium-test-secret' }) {
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' };
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri], response_types: ['code'], grant_types: ['authorization_code'] }],
    jwks: { keys: [jwk] },
    scopes: ['openid', 'email', 'profile', 'groups'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    features: { devInteractions: { enabled: true } },
    ttl: { Interaction: 600, Grant: 600, Session: 600, AccessToken: 600, IdToken: 600 },
    async findAccount(ctx, id) {
      const name = id.replace(/@.*/, '');
      return {
        accountId: id,
        async claims() {
          return {
            sub: id,
            email: `${name.replace(/^unverified-/, '')}@acme.example`,
            email_verified: !name.startsWith('unverified-'),
            name: name.charAt(0).toUpperCase() + name.slice(1),
            groups: name.startsWith('erin') ? ['hr-payroll'] : [],
          };
        },
      };
    },
    // Consent is granted at once: the test is about Atrium, not about the provider's screens.
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid email profile groups');
      await grant.save();
      return grant;
    },
  });
  const server = provider.listen(port, '127.0.0.1');
  await new Promise((ok) => server.once('listening', ok));
  return {
    issuer,
    clientId,
    clientSecret,
    async stop() {
      await new Promise((ok) => server.close(ok));
    },
  };
}
