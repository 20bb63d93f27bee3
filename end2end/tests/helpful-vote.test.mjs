import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withAtrium } from '../harness.mjs';

const atrium = withAtrium();

const article = '/en/training/enrol-employees';

test('the helpful vote works with JavaScript disabled (the form posts)', async () => {
  const context = await atrium.browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(atrium.server.base + article);
  assert.match(await page.locator('.helpful-tally').innerText(), /^0 found this helpful, 0 did not/);
  await page.getByRole('button', { name: 'Yes' }).click();
  await page.waitForURL(/\?voted=yes#feedback$/);
  assert.equal(await page.locator('.helpful-thanks').innerText(), 'Thank you for your feedback!');
  // Stored: the tally counts it.
  assert.match(await page.locator('.helpful-tally').innerText(), /^1 found this helpful, 0 did not/);
  await context.close();
});

test('after hydration the vote is sent without leaving the page', async () => {
  const page = await atrium.browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(atrium.server.base + article);
  // The island marks itself once its WASM has hydrated it.
  await page.locator('.helpful[data-hydrated="true"]').waitFor({ timeout: 20000 });
  await page.getByRole('button', { name: 'No' }).click();
  await page.locator('.helpful-thanks').waitFor();
  // After a "no", what was missing, sent in the background too.
  await page.getByLabel('What was missing?').fill('How to enrol a whole team at once');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByText('Thank you: the content team reads every answer.').waitFor();
  assert.equal(page.url(), atrium.server.base + article, 'no navigation happened');
  assert.deepEqual(errors, []);
  await page.reload();
  assert.match(await page.locator('.helpful-tally').innerText(), /0 found this helpful, 1 did not|1 found this helpful, 1 did not/);
  await page.close();
});

test('without JavaScript a reader who found an article not helpful says what was missing', async () => {
  const context = await atrium.browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(atrium.server.base + '/en/core-hr/org-chart');
  await page.getByRole('button', { name: 'No' }).click();
  await page.waitForURL(/\?voted=no#feedback$/);
  await page.getByLabel('What was missing?').fill('How to export the chart to Visio');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.waitForURL(/\?voted=no&missing=sent#feedback$/);
  await page.getByText('Thank you: the content team reads every answer.').waitFor();
  assert.equal(await page.getByLabel('What was missing?').count(), 0, 'asked once');
  await context.close();
});
