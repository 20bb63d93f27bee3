// A real SAML 2.0 identity provider for the tests: Debian's SimpleSAMLphp served by `php -S`,
// configured in a throwaway directory (SIMPLESAMLPHP_CONFIG_DIR) with example users, our service
// provider's metadata and a key pair made with openssl.
//
// One "variant" is one php process with its own configuration, all under the same IdP entity id:
// the genuine IdP, and misbehaving ones (another key, no signature, RSA-SHA1, assertions already
// expired) whose responses Atrium must refuse.

import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const WWW = '/usr/share/simplesamlphp/www';
export const IDP_ENTITY_ID = 'https://idp.acme.example/saml';

/// People the IdP knows; every password is "secret". `groups` is multi-valued.
const USERS = {
  'frank:secret': { uid: ['frank'], email: ['frank@acme.example'], displayName: ['Frank Saml'], groups: ['hr-payroll'] },
  'ada:secret': { uid: ['ada-at-idp'], email: ['ada@acme.example'], displayName: ['Ada Lovelace'], groups: [] },
};

function php(value) {
  if (Array.isArray(value)) return `[${value.map(php).join(', ')}]`;
  if (value && typeof value === 'object') {
    return `[${Object.entries(value).map(([k, v]) => `${php(k)} => ${php(v)}`).join(', ')}]`;
  }
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  return `'${String(value).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function keyPair(dir, name) {
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${name}`,
    '-keyout', join(dir, `${name}.key`), '-out', join(dir, `${name}.crt`),
  ], { stdio: 'ignore' });
}

function configure(dir, { port, sps, idp }) {
  for (const d of ['metadata', 'cert', 'data', 'tmp', 'sessions', 'log']) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(join(dir, 'config.php'), `<?php
$config = ${php({
    baseurlpath: `http://127.0.0.1:${port}/`,
    certdir: join(dir, 'cert') + '/',
    loggingdir: join(dir, 'log') + '/',
    datadir: join(dir, 'data') + '/',
    tempdir: join(dir, 'tmp'),
    metadatadir: join(dir, 'metadata') + '/',
    secretsalt: 'atrium-test-salt-not-secret',
    'auth.adminpassword': 'not-used-in-tests',
    'admin.protectindexpage': false,
    'admin.protectmetadata': false,
    'admin.checkforupdates': false,
    'enable.saml20-idp': true,
    'module.enable': { exampleauth: true, core: true, saml: true },
    'logging.handler': 'file',
    'logging.logfile': 'simplesamlphp.log',
    'store.type': 'phpsession',
    'session.phpsession.savepath': join(dir, 'sessions'),
    'session.cookie.secure': false,
    'session.cookie.samesite': 'Lax',
    'session.cookie.name': `SimpleSAMLSessionID${port}`,
    'session.phpsession.cookiename': `SimpleSAML${port}`,
    'session.authtoken.cookiename': `SimpleSAMLAuthToken${port}`,
    'language.default': 'en',
    'timezone': 'UTC',
  })};
`);
  writeFileSync(join(dir, 'authsources.php'), `<?php
$config = ${php({ admin: ['core:AdminPassword'], 'example-userpass': { 0: 'exampleauth:UserPass', ...USERS } })};
`);
  writeFileSync(join(dir, 'metadata', 'saml20-idp-hosted.php'), `<?php
$metadata[${php(IDP_ENTITY_ID)}] = ${php({
    host: '__DEFAULT__',
    privatekey: idp.key,
    certificate: idp.cert,
    auth: 'example-userpass',
    'signature.algorithm': idp.algorithm,
    'saml20.sign.assertion': idp.signAssertion,
    'saml20.sign.response': idp.signResponse,
    'assertion.lifetime': idp.lifetime,
    'attributes.NameFormat': 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic',
  })};
`);
  let sp = '<?php\n';
  for (const { entityId, acs } of sps) {
    sp += `$metadata[${php(entityId)}] = ${php({
      AssertionConsumerService: [{ Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', Location: acs }],
      NameIDFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
      'simplesaml.nameidattribute': 'uid',
    })};\n`;
  }
  writeFileSync(join(dir, 'metadata', 'saml20-sp-remote.php'), sp);
}

const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const RSA_SHA1 = 'http://www.w3.org/2000/09/xmldsig#rsa-sha1';

/// Variants and how each differs from the genuine IdP.
const VARIANTS = {
  genuine: {},
  'other-key': { key: 'rogue' },
  unsigned: { signAssertion: false, signResponse: false },
  'rsa-sha1': { algorithm: RSA_SHA1 },
  expired: { lifetime: -600 },
};

async function waitFor(url, child) {
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {}
    if (child.exitCode !== null) throw new Error(`php exited with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within 10 s`);
}

/// Starts the IdP variants. `sps` lists the service providers it knows: `{ entityId, acs }`.
/// `ports` gives each variant's port. Returns each variant's base URL, the genuine IdP's metadata
/// URL and a `stop()`.
export async function startSamlIdp({ sps, ports, variants = Object.keys(VARIANTS) }) {
  const root = mkdtempSync(join(tmpdir(), 'atrium-saml-'));
  const keys = join(root, 'keys');
  mkdirSync(keys);
  keyPair(keys, 'idp');
  keyPair(keys, 'rogue');
  const children = [];
  const bases = {};
  for (const name of variants) {
    const v = VARIANTS[name];
    const port = ports[name];
    const dir = join(root, name);
    mkdirSync(dir);
    configure(dir, {
      port,
      sps,
      idp: {
        key: `${v.key ?? 'idp'}.key`,
        cert: `${v.key ?? 'idp'}.crt`,
        algorithm: v.algorithm ?? RSA_SHA256,
        signAssertion: v.signAssertion ?? true,
        signResponse: v.signResponse ?? true,
        lifetime: v.lifetime ?? 300,
      },
    });
    for (const k of ['idp', 'rogue']) {
      for (const ext of ['key', 'crt']) writeFileSync(join(dir, 'cert', `${k}.${ext}`), readFileSync(join(keys, `${k}.${ext}`)));
    }
    const child = spawn('php', ['-S', `127.0.0.1:${port}`, '-t', WWW], {
      env: { ...process.env, SIMPLESAMLPHP_CONFIG_DIR: dir },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    children.push(child);
    bases[name] = `http://127.0.0.1:${port}`;
    await waitFor(`${bases[name]}/saml2/idp/metadata.php`, child);
  }
  return {
    bases,
    metadataUrl: `${bases.genuine}/saml2/idp/metadata.php`,
    /// IdP-initiated sign-in at a variant for the service provider `spEntityId`.
    idpInitiatedUrl(variant, spEntityId, relayState) {
      const u = new URL(`${bases[variant]}/saml2/idp/SSOService.php`);
      u.searchParams.set('spentityid', spEntityId);
      if (relayState) u.searchParams.set('RelayState', relayState);
      return u.toString();
    },
    async stop() {
      for (const c of children) {
        c.kill('SIGTERM');
        await new Promise((r) => (c.exitCode !== null ? r() : c.once('exit', r)));
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}
