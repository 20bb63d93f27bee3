import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withAtrium } from '../harness.mjs';

const atrium = withAtrium();

const PASSWORD = 'Demo-password-2026!';

async function signIn(page, email, password) {
  await page.getByLabel('Work email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('a granted user signs in, reads a restricted article, and signs out', async () => {
  const page = await atrium.browser.newPage();
  await page.goto(`${atrium.server.base}/en/compensation`);
  assert.equal(await page.getByText('Export to payroll').count(), 0, 'hidden before sign-in');
  await page.getByRole('link', { name: 'Sign in' }).click();
  await signIn(page, 'ada@acme.example', PASSWORD);
  // Back where the reader was, now with the restricted articles.
  await page.waitForURL(`${atrium.server.base}/en/compensation`);
  assert.match(await page.locator('.account-name').innerText(), /Ada Lovelace/);
  await page.getByRole('link', { name: 'Export to payroll' }).click();
  assert.equal(await page.locator('article h1').innerText(), 'Export to payroll');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(`${atrium.server.base}/en`);
  const gone = await page.goto(`${atrium.server.base}/en/compensation/payroll-export`);
  assert.equal(gone.status(), 404);
  await page.close();
});

test('another user of the same company does not see restricted articles', async () => {
  const context = await atrium.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${atrium.server.base}/en/sign-in`);
  await signIn(page, 'bob@acme.example', PASSWORD);
  await page.waitForURL(`${atrium.server.base}/en`);
  await page.goto(`${atrium.server.base}/en/search?q=payroll`);
  assert.equal(await page.getByText('Export to payroll').count(), 0);
  await context.close();
});

test('wrong passwords lock the sign-in, with the reason shown', async () => {
  const context = await atrium.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${atrium.server.base}/en/sign-in`);
  for (let i = 0; i < 4; i++) {
    await signIn(page, 'admin@acme.example', 'not-the-password');
    assert.equal(await page.getByRole('alert').innerText(), 'The email or password is incorrect.');
  }
  await signIn(page, 'admin@acme.example', 'not-the-password');
  assert.match(await page.getByRole('alert').innerText(), /blocked for 15 minutes/);
  await signIn(page, 'admin@acme.example', PASSWORD);
  assert.match(await page.getByRole('alert').innerText(), /blocked for 15 minutes/);
  await context.close();
});

test('a session from one tenant does not sign in on the other tenant\'s host', async () => {
  const context = await atrium.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${atrium.server.base}/en/sign-in`);
  await signIn(page, 'ada@acme.example', PASSWORD);
  await page.waitForURL(`${atrium.server.base}/en`);
  // Copy Acme's cookie onto Globex's host (localhost): it must count for nothing there.
  const [cookie] = await context.cookies(atrium.server.base);
  await context.addCookies([{ ...cookie, domain: 'localhost' }]);
  const globex = `http://localhost:${atrium.server.port}`;
  await page.goto(`${globex}/en`);
  assert.match(await page.locator('.brand-name').innerText(), /Globex Retail/);
  assert.equal(await page.locator('.account-name').count(), 0);
  const r = await page.goto(`${globex}/en/compensation/payroll-export`);
  assert.equal(r.status(), 404);
  await context.close();
});
