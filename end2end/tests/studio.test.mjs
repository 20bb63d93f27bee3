import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32, deflateSync } from 'node:zlib';
import { startServer, withAtrium } from '../harness.mjs';

// Mail, and the scheduled jobs every second: reviews are mailed, approved articles published on time.
const atrium = withAtrium({ mail: true });

// On PostgreSQL a second node shares the first one's database, as several nodes do in production:
// what is published through node A must be served and found on node B too. SQLite is one node's.
let second = null;
async function startSecondNode() {
  if (!atrium.server.databaseUrl) {
    console.log('studio: one node only (SQLite); the two-node checks run under scripts/with-postgres.sh');
    return;
  }
  second = await startServer({ ATRIUM_DATABASE_URL: atrium.server.databaseUrl, ATRIUM_SMTP_URL: atrium.mail.smtpUrl, ATRIUM_JOBS_INTERVAL_SECS: '1' });
}
after(async () => {
  await second?.stop();
});

async function signIn(context, email) {
  const page = await context.newPage();
  await page.goto(`${atrium.server.base}/fr/sign-in`);
  await page.getByLabel('E-mail professionnel').fill(email);
  await page.getByLabel('Mot de passe').fill('Demo-password-2026!');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(`${atrium.server.base}/fr`);
  return page;
}

/// Polls for at most `limit` ms (10 s unless told): a publication reaches the pages within a second.
async function eventually(what, check, limit = 10_000) {
  for (let waited = 0; waited < limit; waited += 200) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(`not seen within ${limit} ms: ${what}`);
}

/// A real 16×8 PNG image: signature, header, pixels and end, each chunk with its CRC.
function png() {
  const chunk = (type, data) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'ascii');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'ascii'), data])) >>> 0, 0);
    return Buffer.concat([head, data, crc]);
  };
  const [width, height] = [16, 8];
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = [];
  for (let y = 0; y < height; y++) rows.push(Buffer.from([0, ...Array.from({ length: width }, (_, x) => [x * 16, y * 32, 160]).flat()]));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/// `YYYY-MM-DDTHH:MM` in Paris at the start of the next minute, for a datetime-local field.
function nextParisMinute() {
  const t = new Date(Math.ceil((Date.now() + 1000) / 60_000) * 60_000);
  return t.toLocaleString('sv-SE', { timeZone: 'Europe/Paris' }).replace(' ', 'T').slice(0, 16);
}

test('an editor writes a French article, a publisher sends it back, then approves and schedules it', async () => {
  // Node B runs before anything is written: it must learn of the publication, not start with it.
  await startSecondNode();
  const context = await atrium.browser.newContext();
  const page = await signIn(context, 'editor@acme.example');
  await page.getByRole('link', { name: 'Studio', exact: true }).click();
  await page.waitForURL(/\/fr\/studio$/);
  await page.getByLabel('Module', { exact: true }).selectOption('core-hr');
  await page.getByRole('button', { name: 'Rédiger un nouvel article' }).click();
  await page.waitForURL(/\/fr\/studio\/edit\?/);
  await page.locator('.studio-body[data-hydrated="true"]').waitFor();

  await page.getByLabel('Adresse (lettres minuscules, chiffres et tirets)').fill('teletravail');
  await page.getByLabel('Titre').fill('Déclarer le télétravail');
  await page.getByLabel('Texte (Markdown)').fill('Déclarez vos jours dans **Absences**.\n\n<script>window.pwned = 1</script>');
  // The preview follows the typing, rendered and sanitised by the server.
  await page.locator('#preview strong', { hasText: 'Absences' }).waitFor();
  assert.equal(await page.locator('#preview script').count(), 0);

  // An image goes in from the form: checked on the server, added to the text, shown in the preview.
  await page.getByLabel('Fichier image').setInputFiles({ name: 'absences.png', mimeType: 'image/png', buffer: png() });
  await page.getByLabel('Description pour les lecteurs qui ne la voient pas').fill('L’écran des absences');
  await page.getByRole('button', { name: 'Ajouter l’image' }).click();
  await page.waitForURL(/draft=.*#body/);
  assert.match(await page.getByLabel('Texte (Markdown)').inputValue(), /Absences\*\*\.[\s\S]*!\[L’écran des absences\]\(\/media\/[\w-]+\.png\)\s*$/);
  await page.locator('#preview img[alt="L’écran des absences"]').waitFor();
  assert.equal(await page.getByLabel('Adresse (lettres minuscules, chiffres et tirets)').inputValue(), 'teletravail', 'what was typed is kept');
  await page.locator('.studio-body[data-hydrated="true"]').waitFor();

  await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
  await page.waitForURL(/saved=1/);
  assert.match(await page.locator('.notice').first().innerText(), /Révision 1 enregistrée/);
  assert.equal(await page.getByRole('button', { name: 'Publier', exact: true }).count(), 0, 'an editor without the right has no Publish button');
  const reader = await atrium.browser.newPage();
  const before = await reader.goto(`${atrium.server.base}/fr/core-hr/teletravail`);
  assert.equal(before.status(), 404, 'a draft is not served');

  // He asks Rita, who gets a mail, and finds it waiting for her in the studio.
  await page.getByLabel('Relecteur', { exact: true }).selectOption({ label: 'Rita Reviewer' });
  await page.getByLabel('Note pour le relecteur').fill('Peux-tu relire ?');
  await page.getByRole('button', { name: 'Enregistrer et demander une relecture' }).click();
  await page.waitForURL(/asked=1/);
  const asked = await atrium.mail.waitFor('rita@acme.example', /Relecture demandée : Déclarer le télétravail/);
  assert.match(asked.text, /Peux-tu relire \?/);
  const ritaContext = await atrium.browser.newContext();
  const rita = await signIn(ritaContext, 'rita@acme.example');
  await rita.goto(`${atrium.server.base}/fr/studio`);
  await rita.locator('.studio-reviews tr.yours').getByRole('link', { name: 'Déclarer le télétravail' }).click();
  await rita.getByLabel('Commentaires').fill('Ajoute un exemple, s’il te plaît.');
  await rita.getByRole('button', { name: 'Renvoyer avec des commentaires' }).click();
  await rita.waitForURL(/review=sent-back/);

  // He sees her comment, fixes the text and asks again; she approves it for the next minute.
  await atrium.mail.waitFor('editor@acme.example', /Modifications demandées : Déclarer le télétravail/);
  await page.reload();
  assert.match(await page.locator('#review').innerText(), /Ajoute un exemple, s’il te plaît\./);
  const text = await page.getByLabel('Texte (Markdown)').inputValue();
  await page.getByLabel('Texte (Markdown)').fill(text.replace('**Absences**.', '**Absences**, par exemple le lundi.'));
  await page.getByLabel('Relecteur', { exact: true }).selectOption({ label: 'Rita Reviewer' });
  await page.getByRole('button', { name: 'Enregistrer et demander une relecture' }).click();
  await page.waitForURL(/asked=2/);
  await rita.reload();
  await rita.getByLabel(/Publier le/).fill(nextParisMinute());
  await rita.getByRole('button', { name: 'Approuver' }).click();
  await rita.waitForURL(/review=scheduled/);
  assert.match(await rita.locator('#review').innerText(), /sera publiée le/);
  assert.equal((await reader.goto(`${atrium.server.base}/fr/core-hr/teletravail`)).status(), 404, 'not before its time');

  // At that minute the scheduled jobs publish it: the page, the module page, search and the feed have it.
  await eventually(
    'the scheduled page',
    async () => (await reader.goto(`${atrium.server.base}/fr/core-hr/teletravail`)).status() === 200,
    75_000,
  );
  assert.equal(await reader.locator('h1').innerText(), 'Déclarer le télétravail');
  assert.match(await reader.locator('article').innerText(), /par exemple le lundi/);
  assert.equal(await reader.evaluate(() => window.pwned), undefined, 'no script from the text runs');
  const image = reader.locator('article img[alt="L’écran des absences"]');
  assert.equal(await image.evaluate((img) => img.complete && img.naturalWidth), 16, 'the image is served and shown');
  await reader.goto(`${atrium.server.base}/fr/core-hr`);
  assert.match(await reader.locator('main').innerText(), /Déclarer le télétravail/);
  await reader.goto(`${atrium.server.base}/fr/search?q=t%C3%A9l%C3%A9travail`);
  assert.match(await reader.locator('.search-results').innerText(), /Déclarer le télétravail/);
  const feed = async (base) => (await fetch(`${base}/feeds/articles.atom?locale=fr`)).text();
  assert.match(await feed(atrium.server.base), /<title>Déclarer le télétravail<\/title>/);
  await atrium.mail.waitFor('editor@acme.example', /Approuvé : Déclarer le télétravail/);

  // Node B, which served none of this, has it too: the page with its image, the module page,
  // search and the feed.
  if (second) {
    await eventually('the page on node B', async () => (await reader.goto(`${second.base}/fr/core-hr/teletravail`)).status() === 200);
    assert.match(await reader.locator('article').innerText(), /par exemple le lundi/);
    assert.equal(await reader.locator('article img[alt="L’écran des absences"]').evaluate((img) => img.complete && img.naturalWidth), 16);
    await reader.goto(`${second.base}/fr/core-hr`);
    assert.match(await reader.locator('main').innerText(), /Déclarer le télétravail/);
    await reader.goto(`${second.base}/fr/search?q=t%C3%A9l%C3%A9travail`);
    assert.match(await reader.locator('.search-results').innerText(), /Déclarer le télétravail/);
    assert.match(await feed(second.base), /<title>Déclarer le télétravail<\/title>/);
  }
  await ritaContext.close();
  await context.close();
});

test('without JavaScript a publisher previews, publishes, and restores an old revision', async () => {
  const context = await atrium.browser.newContext({ javaScriptEnabled: false });
  const page = await signIn(context, 'rita@acme.example');
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

  // The French translation is now older than its English source: its readers are told, and the
  // content team's dashboard lists it as outdated.
  await reader.goto(`${atrium.server.base}/fr/core-hr/org-chart`);
  assert.match(await reader.locator('article .notice').first().innerText(), /La version anglaise de cet article a été mise à jour le/);
  await page.goto(`${atrium.server.base}/fr/studio/translations?language=fr`);
  assert.match(await page.locator('tr.translation-outdated').innerText(), /Organigramme\s+À mettre à jour/);
  await page.goto(`${atrium.server.base}/fr/studio/edit?path=en/core-hr/org-chart.md`);

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
