import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withAtrium } from '../harness.mjs';

const atrium = withAtrium({ mail: true });

const PASSWORD = 'Demo-password-2026!';

async function signIn(page, email, password) {
  await page.getByLabel('Work email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/// The account link in a mail caught by MailDev.
function linkIn(mail) {
  const m = mail.text.match(/https?:\/\/\S+\/account\/link\?token=[0-9a-f]{64}/);
  assert.ok(m, `no account link in: ${mail.text}`);
  return m[0];
}

test('a forgotten password is reset with the link mailed to the reader, once', async () => {
  const context = await atrium.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${atrium.server.base}/en/sign-in`);
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.getByLabel('Work email').fill('bob@acme.example');
  await page.getByRole('button', { name: 'Send me a link' }).click();
  assert.match(await page.getByRole('status').innerText(), /If an account uses this address, a link is on its way/);

  const mail = await atrium.mail.waitFor('bob@acme.example', /Reset your password/);
  const link = linkIn(mail);
  await page.goto(link);
  assert.equal(await page.locator('h1').innerText(), 'Choose a new password');
  // A weak password is explained, and the link still works afterwards.
  await page.getByLabel('New password', { exact: true }).fill('bobbobbobbob');
  await page.getByLabel('New password again').fill('bobbobbobbob');
  await page.getByRole('button', { name: 'Save my password' }).click();
  assert.match(await page.getByRole('alert').innerText(), /Add an upper-case letter/);
  await page.getByLabel('New password', { exact: true }).fill('Lantern-Orchard-Velvet-58');
  await page.getByLabel('New password again').fill('Lantern-Orchard-Velvet-58');
  await page.getByRole('button', { name: 'Save my password' }).click();
  await page.waitForURL(/\/en\/sign-in\?notice=password-set/);
  await signIn(page, 'bob@acme.example', 'Lantern-Orchard-Velvet-58');
  await page.waitForURL(`${atrium.server.base}/en`);
  assert.match(await page.locator('.account-name').innerText(), /Bob Martin/);

  // The same link a second time: refused in plain words.
  await page.goto(link);
  assert.match(await page.getByRole('alert').innerText(), /already been used/);
  await context.close();
});

test('an administrator invites a colleague, who confirms the address and chooses a password', async () => {
  const admin = await atrium.browser.newContext();
  const page = await admin.newPage();
  await page.goto(`${atrium.server.base}/en/sign-in`);
  await signIn(page, 'admin@acme.example', PASSWORD);
  await page.waitForURL(`${atrium.server.base}/en`);
  await page.getByRole('link', { name: 'Accounts' }).click();
  await page.getByLabel('Work email').fill('dora@acme.example');
  await page.getByLabel('Name', { exact: true }).fill('Dora Explorer');
  await page.locator('#invite-groups').fill('payroll-admins');
  await page.getByRole('button', { name: 'Send the invitation' }).click();
  assert.match(await page.getByRole('status').innerText(), /Invitation sent/);
  assert.match(await page.locator('tr[data-email="dora@acme.example"]').innerText(), /Invited, not confirmed/);

  const colleague = await atrium.browser.newContext();
  const dora = await colleague.newPage();
  const mail = await atrium.mail.waitFor('dora@acme.example', /Your account on Acme Logistics/);
  await dora.goto(linkIn(mail));
  assert.equal(await dora.locator('h1').innerText(), 'Welcome: choose your password');
  await dora.getByLabel('New password', { exact: true }).fill('Harbour-Quartz-Tulip-31');
  await dora.getByLabel('New password again').fill('Harbour-Quartz-Tulip-31');
  await dora.getByRole('button', { name: 'Save my password' }).click();
  await dora.waitForURL(/notice=password-set/);
  await signIn(dora, 'dora@acme.example', 'Harbour-Quartz-Tulip-31');
  await dora.waitForURL(`${atrium.server.base}/en`);
  // The granted group opens the restricted article.
  const r = await dora.goto(`${atrium.server.base}/en/compensation/payroll-export`);
  assert.equal(r.status(), 200);

  await page.reload();
  assert.match(await page.locator('tr[data-email="dora@acme.example"]').innerText(), /Active/);
  await admin.close();
  await colleague.close();
});
