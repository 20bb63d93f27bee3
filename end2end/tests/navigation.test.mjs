import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withAtrium } from '../harness.mjs';

const atrium = withAtrium();

test('a reader goes from the home page to a module and an article', async () => {
  const page = await atrium.browser.newPage();
  await page.goto(`${atrium.server.base}/en`);
  assert.equal(await page.locator('h1').innerText(), 'How can we help?');
  await page.getByRole('link', { name: /Core HR/ }).click();
  await page.waitForURL(`${atrium.server.base}/en/core-hr`);
  assert.equal(await page.locator('h1').innerText(), 'Core HR');
  // Support phases of the module's versions are shown.
  assert.match(await page.locator('.versions').innerText(), /2026\.2\s+2026-09-15\s+Standard/);
  await page.getByRole('link', { name: 'Import employees from a spreadsheet' }).click();
  await page.waitForURL(`${atrium.server.base}/en/core-hr/import-employees`);
  assert.equal(await page.locator('article h1').innerText(), 'Import employees from a spreadsheet');
  // Breadcrumbs lead back, the table of contents links to headings.
  assert.deepEqual(await page.locator('.breadcrumbs li').allInnerTexts(), ['Home', 'Core HR', 'Import employees from a spreadsheet']);
  await page.locator('.toc a', { hasText: 'Run a dry run first' }).click();
  assert.match(page.url(), /#run-a-dry-run-first$/);
  await page.close();
});

test('the language switch keeps the reader on the same article', async () => {
  const page = await atrium.browser.newPage();
  await page.goto(`${atrium.server.base}/en/core-hr/import-employees`);
  await page.locator('.language-menu summary').click();
  await page.getByRole('link', { name: 'Français' }).click();
  // The French article has its own slug.
  await page.waitForURL(`${atrium.server.base}/fr/core-hr/importer-des-salaries`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
  assert.match(await page.locator('article h1').innerText(), /Importer des salariés/);
  await page.locator('.language-menu summary').click();
  await page.getByRole('link', { name: 'Deutsch' }).click();
  await page.waitForURL(/\/de\/core-hr\//);
  assert.match(await page.locator('article h1').innerText(), /importieren/i);
  await page.close();
});

test('an article not yet translated is shown in English with a notice', async () => {
  const page = await atrium.browser.newPage();
  await page.goto(`${atrium.server.base}/nl/compensation/pay-grades`);
  assert.equal(await page.locator('article h1').innerText(), 'Pay grades');
  assert.match(await page.locator('.notice').innerText(), /Nederlands/);
  await page.close();
});

test('an unknown page gets the friendly 404 in the reader\'s language', async () => {
  const page = await atrium.browser.newPage();
  const response = await page.goto(`${atrium.server.base}/fr/core-hr/does-not-exist`);
  assert.equal(response.status(), 404);
  assert.equal(await page.locator('h1').innerText(), 'Page introuvable');
  await page.getByRole('link', { name: 'Retour au centre d’aide' }).click();
  await page.waitForURL(`${atrium.server.base}/fr`);
  await page.close();
});

test('pages fit a 360 px wide phone screen', async () => {
  const page = await atrium.browser.newPage({ viewport: { width: 360, height: 740 } });
  for (const path of ['/en', '/en/core-hr', '/en/administration/user-roles']) {
    await page.goto(atrium.server.base + path);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `${path} is ${width}px wide`);
  }
  await page.close();
});

test('stylesheet and bundle are sent compressed ahead of time, and cached for a year', async () => {
  const html = await (await fetch(`${atrium.server.base}/en/core-hr/import-employees`)).text();
  const css = html.match(/href="(\/pkg\/atrium-[0-9a-f]+\.css)"/)?.[1];
  assert.ok(css, 'the page links its hashed stylesheet');
  for (const path of [css, css.replace(/\.css$/, '_bg.wasm')]) {
    const gz = await fetch(`${atrium.server.base}${path}`, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gz.status, 200, path);
    assert.equal(gz.headers.get('content-encoding'), 'gzip', `${path} is the precompressed file`);
    assert.match(gz.headers.get('cache-control'), /immutable/);
    const plain = await fetch(`${atrium.server.base}${path}`, { headers: { 'accept-encoding': 'identity' } });
    assert.equal(plain.headers.get('content-encoding'), null, 'a client without gzip gets the file as it is');
    // fetch undoes the gzip: both carry the same bytes.
    assert.deepEqual(Buffer.from(await gz.arrayBuffer()), Buffer.from(await plain.arrayBuffer()));
  }
});
