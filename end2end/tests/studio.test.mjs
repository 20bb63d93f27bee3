import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withAtrium } from '../harness.mjs';

const atrium = withAtrium();

async function signIn(context, email) {
  const page = await context.newPage();
  await page.goto(`${atrium.server.base}/fr/sign-in`);
  await page.getByLabel('E-mail professionnel').fill(email);
  await page.getByLabel('Mot de passe').fill('Demo-password-2026!');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(`${atrium.server.base}/fr`);
  return page;
}

/// Polls a reader's page for at most 10 s: a publication reaches the pages within a second.
async function eventually(what, check) {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`not seen within 10 s: ${what}`);
}

test('an editor writes a French article with a live preview, saves it, and publishes it for readers', async () => {
  const context = await atrium.browser.newContext();
  const page = await signIn(context, 'editor@acme.example');
  await page.getByRole('link', { name: 'Studio', exact: true }).click();
  await page.waitForURL(/\/fr\/studio$/);
  await page.getByLabel('Module').selectOption('core-hr');
  await page.getByRole('button', { name: 'Rédiger un nouvel article' }).click();
  await page.waitForURL(/\/fr\/studio\/edit\?/);
  await page.locator('.studio-body[data-hydrated="true"]').waitFor();

  await page.getByLabel('Adresse (lettres minuscules, chiffres et tirets)').fill('teletravail');
  await page.getByLabel('Titre').fill('Déclarer le télétravail');
  await page.getByLabel('Texte (Markdown)').fill('Déclarez vos jours dans **Absences**.\n\n<script>window.pwned = 1</script>');
  // The preview follows the typing, rendered and sanitised by the server.
  await page.locator('#preview strong', { hasText: 'Absences' }).waitFor();
  assert.equal(await page.locator('#preview script').count(), 0);

  await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
  await page.waitForURL(/saved=1/);
  assert.match(await page.locator('.notice').innerText(), /Révision 1 enregistrée/);
  const reader = await atrium.browser.newPage();
  const before = await reader.goto(`${atrium.server.base}/fr/core-hr/teletravail`);
  assert.equal(before.status(), 404, 'a draft is not served');

  await page.getByRole('button', { name: 'Publier' }).click();
  await page.waitForURL(/published=1/);
  await eventually('the published page', async () => (await reader.goto(`${atrium.server.base}/fr/core-hr/teletravail`)).status() === 200);
  assert.equal(await reader.locator('h1').innerText(), 'Déclarer le télétravail');
  assert.equal(await reader.evaluate(() => window.pwned), undefined, 'no script from the text runs');
  await reader.goto(`${atrium.server.base}/fr/core-hr`);
  assert.match(await reader.locator('main').innerText(), /Déclarer le télétravail/);
  await reader.goto(`${atrium.server.base}/fr/search?q=t%C3%A9l%C3%A9travail`);
  assert.match(await reader.locator('.search-results').innerText(), /Déclarer le télétravail/);
  await context.close();
});

test('without JavaScript an editor previews, publishes, and restores an old revision', async () => {
  const context = await atrium.browser.newContext({ javaScriptEnabled: false });
  const page = await signIn(context, 'editor@acme.example');
  await page.goto(`${atrium.server.base}/fr/studio/edit?path=en/core-hr/org-chart.md`);
  const original = await page.getByLabel('Titre').inputValue();
  assert.equal(original, 'Organisation chart');

  await page.getByLabel('Titre').fill('The organisation chart, revised');
  await page.getByLabel('Texte (Markdown)').fill('The chart now shows **every team**.');
  await page.getByRole('button', { name: 'Prévisualiser' }).click();
  await page.waitForURL(/draft=.*#preview/);
  assert.match(await page.locator('#preview').innerText(), /every team/);
  assert.equal(await page.locator('#preview strong').innerText(), 'every team');
  assert.equal(await page.getByLabel('Titre').inputValue(), 'The organisation chart, revised', 'the typed values come back');

  await page.getByRole('button', { name: 'Publier' }).click();
  await page.waitForURL(/published=1/);
  const reader = await atrium.browser.newPage();
  await eventually('the revised page', async () => {
    await reader.goto(`${atrium.server.base}/en/core-hr/org-chart`);
    return (await reader.locator('h1').innerText()) === 'The organisation chart, revised';
  });

  // The history compares the revision with the folder's file; the file's text comes back as a
  // new revision by editing from the history, and revision 1 is restored after a second save.
  await page.getByLabel('Titre').fill('The organisation chart, revised twice');
  await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
  await page.waitForURL(/saved=2/);
  await page.getByRole('link', { name: 'Historique' }).click();
  await page.waitForURL(/studio\/history/);
  assert.match(await page.locator('.diff').innerText(), /- title: The organisation chart, revised\s+\+ title: The organisation chart, revised twice/);
  await page.locator('tr', { hasText: /^1/ }).getByRole('button', { name: 'Restaurer cette révision' }).click();
  await page.waitForURL(/saved=3&restored=1/);
  assert.equal(await page.getByLabel('Titre').inputValue(), 'The organisation chart, revised');
  await context.close();
});
