// SAML 2.0 sign-in against a real SimpleSAMLphp (Debian's, served by `php -S`), SP- and
// IdP-initiated, and every response Atrium must refuse: another key, no signature, RSA-SHA1,
// expired, another audience, an attribute changed after signing, a replay, and an answer to a
// request Atrium never sent.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { withAtrium, freePort } from '../harness.mjs';
import { startSamlIdp } from '../idp/saml.mjs';

const atrium = withAtrium();
const ELSEWHERE = 'https://elsewhere.example/sp';
let idp;
let sp;

/// Started at the first test, once Atrium's address (which the IdP's SP entries name) is known.
async function provider() {
  if (idp) return idp;
  sp = { entityId: `${atrium.server.base}/auth/saml/metadata`, acs: `${atrium.server.base}/auth/saml/acs` };
  const ports = {};
  for (const v of ['genuine', 'other-key', 'unsigned', 'rsa-sha1', 'expired']) ports[v] = await freePort();
  // A second service provider whose responses are delivered to our ACS: right address, wrong audience.
  idp = await startSamlIdp({ sps: [sp, { entityId: ELSEWHERE, acs: sp.acs }], ports });
  const settings = {
    kind: 'saml',
    metadata_url: idp.metadataUrl,
    allow_idp_initiated: true,
    mapping: { email_claim: 'email', name_claim: 'displayName', groups_claim: 'groups', group_access: [['hr-payroll', 'payroll-admins']], auto_provision: true },
  };
  const file = join(mkdtempSync(join(tmpdir(), 'atrium-saml-')), 'acme-saml.json');
  writeFileSync(file, JSON.stringify(settings));
  atrium.server.cli(['set-sso', '--tenant', 'acme', '--name', 'Acme SAML', '--file', file]);
  return idp;
}

after(async () => {
  await idp?.stop();
});

async function signInAtIdp(page, username) {
  await page.locator('#username').fill(username);
  await page.locator('#password').fill('secret');
  await page.locator('#submit_button').click();
}

/// Signs in at the IdP with JavaScript off, so its page does not post the response on its own,
/// and returns the response it would have posted.
async function captureResponse(startUrl, username = 'frank') {
  const context = await atrium.browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(startUrl);
  await signInAtIdp(page, username);
  const field = page.locator('input[name="SAMLResponse"]');
  await field.waitFor({ state: 'attached' });
  const response = await field.getAttribute('value');
  const relay = page.locator('input[name="RelayState"]');
  const relayState = (await relay.count()) ? await relay.getAttribute('value') : '';
  const action = await page.locator('form').first().getAttribute('action');
  await context.close();
  return { response, relayState, action };
}

async function postToAcs(response, relayState = '') {
  const mark = atrium.server.log().length;
  const r = await fetch(sp.acs, { method: 'POST', body: new URLSearchParams({ SAMLResponse: response, RelayState: relayState }), redirect: 'manual' });
  // What the server logged for this post only; a refusal's line may reach us just after the answer.
  for (let i = 0; i < 40 && /error=/.test(r.headers.get('location') ?? '') && !/SAML response refused/.test(atrium.server.log().slice(mark)); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const log = atrium.server.log().slice(mark);
  return { status: r.status, location: r.headers.get('location') ?? '', cookie: r.headers.get('set-cookie') ?? '', log };
}

function assertRefused(outcome, error, reason) {
  assert.equal(outcome.status, 303);
  assert.match(outcome.location, new RegExp(`/sign-in\\?error=${error}$`));
  assert.doesNotMatch(outcome.cookie, /atrium_session=[^;]/, 'no session starts');
  if (reason) assert.match(outcome.log, reason);
}

const decode = (b64) => Buffer.from(b64, 'base64').toString('utf8');
const encode = (xml) => Buffer.from(xml, 'utf8').toString('base64');

test('our service provider metadata names this tenant’s entity id and ACS', async () => {
  const r = await fetch(`${atrium.server.base}/auth/saml/metadata`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /samlmetadata\+xml/);
  const xml = await r.text();
  assert.match(xml, new RegExp(`entityID="${atrium.server.base}/auth/saml/metadata"`));
  assert.match(xml, new RegExp(`Location="${atrium.server.base}/auth/saml/acs"`));
});

test('an employee signs in from the help centre through the company IdP (SP-initiated)', async () => {
  await provider();
  const context = await atrium.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${atrium.server.base}/en/sign-in?return_to=%2Fen%2Fcompensation`);
  await page.getByRole('link', { name: 'Sign in with Acme SAML' }).click();
  await page.waitForURL(new RegExp(`^${idp.bases.genuine}/`));
  await signInAtIdp(page, 'frank');
  await page.waitForURL(`${atrium.server.base}/en/compensation`);
  assert.match(await page.locator('.account-name').innerText(), /Frank Saml/);
  // The IdP's group hr-payroll maps to the access group payroll-admins.
  await page.getByRole('link', { name: 'Export to payroll' }).click();
  assert.equal(await page.locator('article h1').innerText(), 'Export to payroll');
  await context.close();
});

test('an employee arrives from the company portal (IdP-initiated) on the page it names', async () => {
  await provider();
  const context = await atrium.browser.newContext();
  const page = await context.newPage();
  await page.goto(idp.idpInitiatedUrl('genuine', sp.entityId, '/en/compensation'));
  await signInAtIdp(page, 'frank');
  await page.waitForURL(`${atrium.server.base}/en/compensation`);
  assert.match(await page.locator('.account-name').innerText(), /Frank Saml/);
  await context.close();
});

test('responses from a misbehaving IdP are refused with the reason logged', async (t) => {
  await provider();
  const cases = [
    // [variant, expected error, logged reason, what the response itself shows]
    ['other-key', 'sso-refused', /SAML response refused.*no valid signature/, /<ds:SignatureValue>/],
    ['unsigned', 'sso-refused', /SAML response refused.*no valid signature/, /^(?![\s\S]*<ds:Signature)/],
    ['rsa-sha1', 'sso-refused', /SAML response refused.*no valid signature/, /xmldsig#rsa-sha1/],
    ['expired', 'sso-expired', /SAML response refused.*expired/, /NotOnOrAfter=/],
  ];
  for (const [variant, error, reason, shows] of cases) {
    await t.test(variant, async () => {
      const { response, action } = await captureResponse(idp.idpInitiatedUrl(variant, sp.entityId));
      assert.equal(action, sp.acs, 'the IdP posts to our ACS');
      assert.match(decode(response), shows);
      assertRefused(await postToAcs(response), error, reason);
    });
  }
  await t.test('another audience', async () => {
    const { response } = await captureResponse(idp.idpInitiatedUrl('genuine', ELSEWHERE));
    assert.match(decode(response), new RegExp(`<saml:Audience>${ELSEWHERE}</saml:Audience>`));
    assertRefused(await postToAcs(response), 'sso-refused', /SAML response refused.*(Audience|audience)/);
  });
});

test('an attribute changed after signing is refused, with a clear page', async () => {
  await provider();
  const { response } = await captureResponse(idp.idpInitiatedUrl('genuine', sp.entityId), 'ada');
  const xml = decode(response);
  assert.match(xml, /ada@acme\.example/);
  // Someone edits the address in the posted response to take over Frank's account.
  const tampered = encode(xml.replace('ada@acme.example', 'frank@acme.example'));
  const context = await atrium.browser.newContext();
  const page = await context.newPage();
  await page.setContent(
    `<form method="post" action="${sp.acs}"><input type="hidden" name="SAMLResponse" value="${tampered}"><button>Continue</button></form>`,
  );
  const mark = atrium.server.log().length;
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL(/\/en\/sign-in\?error=sso-refused/);
  assert.match(await page.getByRole('alert').innerText(), /could not be verified/);
  assert.equal(await page.locator('.account-name').count(), 0);
  assert.match(atrium.server.log().slice(mark), /SAML response refused.*no valid signature/);
  // The untouched response still works: the refusal was about the change.
  const ok = await postToAcs(response);
  assert.match(ok.cookie, /atrium_session=[^;]/);
  await context.close();
});

test('a forged assertion wrapped beside a signed one never signs in the person it names', async () => {
  await provider();
  const { response } = await captureResponse(idp.idpInitiatedUrl('genuine', sp.entityId), 'ada');
  const xml = decode(response);
  const genuine = xml.match(/<saml:Assertion[\s\S]*<\/saml:Assertion>/)[0];
  // An unsigned copy naming Frank, placed first, where a careless reader would take it.
  const forged = genuine
    .replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/, '')
    .replace(/ ID="[^"]*"/, ' ID="_forged"')
    .replaceAll('ada@acme.example', 'frank@acme.example')
    .replaceAll('ada-at-idp', 'frank')
    .replaceAll('Ada Lovelace', 'Frank Saml');
  const wrapped = encode(xml.replace(genuine, forged + genuine));
  const outcome = await postToAcs(wrapped);
  assert.equal(outcome.status, 303);
  if (/atrium_session=[^;]/.test(outcome.cookie)) {
    // Accepted: then only as the person the signature vouches for.
    const cookie = outcome.cookie.split(';')[0];
    const home = await (await fetch(`${atrium.server.base}/en`, { headers: { cookie } })).text();
    assert.match(home, /Ada Lovelace/);
    assert.doesNotMatch(home, /Frank Saml/);
  } else {
    assert.match(outcome.location, /\/sign-in\?error=sso-refused$/);
  }
});

test('a response is accepted once: replays are refused, SP- and IdP-initiated', async () => {
  await provider();
  const unsolicited = await captureResponse(idp.idpInitiatedUrl('genuine', sp.entityId));
  const first = await postToAcs(unsolicited.response);
  assert.equal(first.status, 303);
  assert.match(first.cookie, /atrium_session=[^;]/);
  assertRefused(await postToAcs(unsolicited.response), 'sso-state', /SAML response refused.*already used/);

  // SP-initiated: started from the sign-in link with JavaScript off, so the response can be kept.
  const solicited = await captureResponse(`${atrium.server.base}/auth/sso/start?provider=${await providerId()}&locale=en`);
  assert.match(decode(solicited.response), /InResponseTo="/);
  const once = await postToAcs(solicited.response, solicited.relayState);
  assert.equal(once.location, '/en');
  assert.match(once.cookie, /atrium_session=[^;]/);
  assertRefused(await postToAcs(solicited.response, solicited.relayState), 'sso-state');
});

test('an answer to a request Atrium never sent is refused, even with IdP-initiated sign-in on', async () => {
  await provider();
  const request = `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_forged_by_someone_else" Version="2.0" IssueInstant="${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}" Destination="${idp.bases.genuine}/saml2/idp/SSOService.php" AssertionConsumerServiceURL="${sp.acs}"><saml:Issuer>${sp.entityId}</saml:Issuer></samlp:AuthnRequest>`;
  const url = new URL(`${idp.bases.genuine}/saml2/idp/SSOService.php`);
  url.searchParams.set('SAMLRequest', deflateRawSync(Buffer.from(request)).toString('base64'));
  const { response } = await captureResponse(url.toString());
  assert.match(decode(response), /InResponseTo="_forged_by_someone_else"/);
  assertRefused(await postToAcs(response), 'sso-state', /SAML response refused.*did not send/);
  // The same with the Response's InResponseTo removed: the signed assertion still names the request.
  const stripped = encode(decode(response).replace(/(<samlp:Response[^>]*?) InResponseTo="[^"]*"/, '$1'));
  assertRefused(await postToAcs(stripped), /sso-(state|refused)/.source);
});

async function providerId() {
  const html = await (await fetch(`${atrium.server.base}/en/sign-in?password=1`)).text();
  const m = html.match(/\/auth\/sso\/start\?provider=([^&"]+)/);
  assert.ok(m, 'the sign-in page links to the provider');
  return m[1];
}
