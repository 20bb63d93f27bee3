import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withAtrium, freePort } from '../harness.mjs';
import { startOidcProvider } from '../idp/oidc.mjs';

const atrium = withAtrium();
let idp;

/// Started once, at the first test (after the harness has started Atrium, whose port the
/// provider's registered redirect URI needs).
async function provider() {
  if (idp) return idp;
  idp = await startOidcProvider({ port: await freePort(), redirectUri: `${atrium.server.base}/auth/oidc/callback` });
  const settings = {
    kind: 'oidc',
    issuer: idp.issuer,
    client_id: idp.clientId,
    client_secret: idp.clientSecret,
    scopes: ['openid', 'email', 'profile', 'groups'],
    mapping: { group_access: [['hr-payroll', 'payroll-admins']], auto_provision: true },
  };
  const file = join(mkdtempSync(join(tmpdir(), 'atrium-oidc-')), 'acme-oidc.json');
  writeFileSync(file, JSON.stringify(settings));
  atrium.server.cli(['set-sso', '--tenant', 'acme', '--name', 'Acme Identity', '--file', file]);
  return idp;
}

after(async () => {
  await idp?.stop();
});

async function signInAtProvider(page, login) {
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('anything');
  await page.locator('button[type="submit"]').click();
}

test('a new employee signs in through the company provider and reads what their group may read', async () => {
  await provider();
  const context = await atrium.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${atrium.server.base}/en/sign-in?return_to=%2Fen%2Fcompensation`);
  await page.getByRole('link', { name: 'Sign in with Acme Identity' }).click();
  await page.waitForURL(new RegExp(`^${idp.issuer}/`));
  await signInAtProvider(page, 'erin');
  await page.waitForURL(`${atrium.server.base}/en/compensation`);
  assert.match(await page.locator('.account-name').innerText(), /Erin/);
  // The provider's group hr-payroll maps to the access group payroll-admins.
  await page.getByRole('link', { name: 'Export to payroll' }).click();
  assert.equal(await page.locator('article h1').innerText(), 'Export to payroll');
  // The session is Acme's only.
  const r = await page.goto(`http://localhost:${atrium.server.port}/en/compensation/payroll-export`);
  assert.equal(r.status(), 404);
  await context.close();
});

test('an address the provider has not verified does not take over an existing account', async () => {
  await provider();
  const context = await atrium.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${atrium.server.base}/en/sign-in`);
  await page.getByRole('link', { name: 'Sign in with Acme Identity' }).click();
  // Claims ada@acme.example, not verified by the provider.
  await signInAtProvider(page, 'unverified-ada');
  await page.waitForURL(/\/en\/sign-in\?error=sso-email-unverified/);
  assert.match(await page.getByRole('alert').innerText(), /has not verified your email address/);
  assert.equal(await page.locator('.account-name').count(), 0);
  await context.close();
});

test('a callback replayed from the browser history signs nobody in', async () => {
  await provider();
  const context = await atrium.browser.newContext();
  const page = await context.newPage();
  let callback;
  page.on('request', (req) => {
    if (req.url().includes('/auth/oidc/callback')) callback = req.url();
  });
  await page.goto(`${atrium.server.base}/en/sign-in`);
  await page.getByRole('link', { name: 'Sign in with Acme Identity' }).click();
  await signInAtProvider(page, 'bob');
  await page.waitForURL(`${atrium.server.base}/en`);
  assert.ok(callback, 'the callback was seen');
  const other = await atrium.browser.newContext();
  const replay = await other.newPage();
  await replay.goto(callback);
  await replay.waitForURL(/error=sso-state/);
  assert.equal(await replay.locator('.account-name').count(), 0);
  await other.close();
  await context.close();
});
