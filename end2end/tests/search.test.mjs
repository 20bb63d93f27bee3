import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withAtrium } from '../harness.mjs';

const atrium = withAtrium();

async function hydrated(page) {
  // The vote island marks hydration; the search box is hydrated by the same bundle.
  await page.locator('[data-hydrated="true"]').first().waitFor({ timeout: 20000 });
}

test('a misspelled search suggests while typing, then lists highlighted results to filter and open', async () => {
  const page = await atrium.browser.newPage();
  await page.goto(`${atrium.server.base}/en/core-hr/org-chart`);
  await hydrated(page);
  const box = page.getByRole('combobox', { name: 'Search the documentation' });
  await box.pressSequentially('pasword polcy', { delay: 30 });
  const list = page.getByRole('listbox', { name: 'Suggested articles' });
  await list.getByRole('option', { name: /Password policy/ }).waitFor();
  await box.press('Enter');
  await page.waitForURL(/\/en\/search\?q=pasword\+polcy/);
  const first = page.locator('.search-results li').first();
  assert.equal(await first.locator('.result-title').innerText(), 'Password policy');
  assert.ok((await first.locator('mark').count()) > 0, 'matched words are highlighted');
  await page.getByRole('navigation', { name: 'Filter by module' }).getByRole('link', { name: /Administration & SSO/ }).click();
  await page.waitForURL(/module=administration/);
  const modules = await page.locator('.search-results li .muted').allInnerTexts();
  assert.ok(modules.every((m) => m.includes('Administration & SSO')), modules.join(','));
  await page.locator('.search-results .result-title').first().click();
  await page.waitForURL(`${atrium.server.base}/en/administration/password-policy`);
  assert.equal(await page.locator('article h1').innerText(), 'Password policy');
  await page.close();
});

test('the keyboard drives the suggestions, and / focuses the search box', async () => {
  const page = await atrium.browser.newPage();
  await page.goto(`${atrium.server.base}/fr/core-hr/org-chart`);
  await hydrated(page);
  await page.locator('body').press('/');
  const box = page.getByRole('combobox');
  assert.ok(await box.evaluate((el) => el === document.activeElement), '/ focuses the box');
  await page.keyboard.type('organigrame', { delay: 30 });
  await page.getByRole('option', { name: /Organigramme/ }).waitFor();
  await box.press('ArrowDown');
  assert.equal(await page.getByRole('option').first().getAttribute('aria-selected'), 'true');
  await box.press('Enter');
  await page.waitForURL(`${atrium.server.base}/fr/core-hr/org-chart`);
  await page.close();
});

test('without JavaScript the header search is a plain form', async () => {
  const context = await atrium.browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${atrium.server.base}/de`);
  await page.locator('#header-q').fill('Mitarbeiter importieren');
  await page.locator('#header-q').press('Enter');
  await page.waitForURL(/\/de\/search\?q=Mitarbeiter\+importieren/);
  assert.equal(await page.locator('.search-results .result-title').first().innerText(), 'Mitarbeiter aus einer Tabelle importieren');
  await context.close();
});

test('documentation in a language the interface lacks is read and searched under its own tag', async () => {
  const page = await atrium.browser.newPage();
  await page.goto(`${atrium.server.base}/en/core-hr/import-employees`);
  await page.locator('.language-menu summary').click();
  await page.getByRole('link', { name: '日本語' }).click();
  await page.waitForURL(`${atrium.server.base}/ja/core-hr/import-employees`);
  assert.equal(await page.locator('article h1').innerText(), 'スプレッドシートから従業員をインポートする');
  // The English interface around Japanese text, each marked with its language.
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.equal(await page.locator('article').getAttribute('lang'), 'ja');
  await hydrated(page);
  const box = page.getByRole('combobox', { name: 'Search the documentation' });
  await box.pressSequentially('ドライラン', { delay: 30 });
  await page.getByRole('listbox', { name: 'Suggested articles' }).getByRole('option', { name: /従業員をインポート/ }).waitFor();
  await box.press('Enter');
  await page.waitForURL(/\/ja\/search\?q=/);
  const first = page.locator('.search-results li').first();
  assert.equal(await first.locator('.result-title').innerText(), 'スプレッドシートから従業員をインポートする');
  assert.ok((await first.locator('mark').count()) > 0, 'matched words are highlighted');
  await page.close();
});
