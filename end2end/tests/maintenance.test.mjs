import { test } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import { withAtrium } from '../harness.mjs';

const atrium = withAtrium();

/// `YYYY-MM-DDTHH:MM` in Paris, `days` from now, for a datetime-local field.
function parisLocal(days) {
  const t = new Date(Date.now() + days * 86_400_000);
  return t.toLocaleString('sv-SE', { timeZone: 'Europe/Paris' }).replace(' ', 'T').slice(0, 16);
}

async function publish(page, { title, kind, starts, ends }) {
  await page.goto(`${atrium.server.base}/en/maintenance`);
  await page.getByText('Publish an announcement').first().click();
  // The publishing form only: each announcement has its own date form too.
  const form = page.locator('#publish');
  await form.getByLabel('Title').fill(title);
  await form.getByLabel('Kind').selectOption(kind);
  await form.locator('#affects-compensation').check();
  await form.getByLabel('Start', { exact: true }).fill(starts);
  await form.getByLabel('End', { exact: true }).fill(ends);
  await form.getByRole('button', { name: 'Publish an announcement' }).click();
}

test('planned maintenance needs a week of notice; an outage shows in the banner and the feeds', async () => {
  const context = await atrium.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${atrium.server.base}/en/sign-in`);
  await page.getByLabel('Work email').fill('agent@acme.example');
  await page.getByLabel('Password').fill('Demo-password-2026!');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${atrium.server.base}/en`);

  await publish(page, { title: 'Too soon upgrade', kind: 'planned', starts: parisLocal(2), ends: parisLocal(2.2) });
  await page.waitForURL(/maintenance\?draft=/);
  assert.match(await page.locator('#err-starts_at').innerText(), /at least 7 days ahead/);
  assert.equal(await page.getByLabel('Title').inputValue(), 'Too soon upgrade');

  const upgradeStarts = parisLocal(8);
  await publish(page, { title: 'Database upgrade', kind: 'planned', starts: upgradeStarts, ends: parisLocal(8.2) });
  await page.waitForURL(/maintenance\?published=1/);
  assert.match(await page.locator('.announcement').first().innerText(), /Database upgrade/);

  await publish(page, { title: 'Payroll export unavailable', kind: 'outage', starts: parisLocal(-0.01), ends: parisLocal(0.1) });
  await page.waitForURL(/maintenance\?published=1/);
  // Every page now carries the banner, for everyone.
  const visitor = await atrium.browser.newPage();
  await visitor.goto(`${atrium.server.base}/en/core-hr`);
  assert.match(await visitor.locator('.maintenance-banner').innerText(), /Maintenance in progress: Payroll export unavailable/);

  const atom = await (await visitor.request.get(`${atrium.server.base}/feeds/maintenance.atom?module=compensation`)).text();
  assert.match(atom, /<title>Database upgrade<\/title>/);
  assert.match(atom, /<title>Payroll export unavailable<\/title>/);
  assert.doesNotMatch(atom, /Too soon upgrade/);
  // A second XML parser (the browser's own) accepts the Atom feed.
  const atomErrors = await visitor.evaluate((xml) => {
    const doc = new DOMParser().parseFromString(xml, 'application/xml');
    return doc.querySelector('parsererror') ? 'parse error' : doc.documentElement.namespaceURI;
  }, atom);
  assert.equal(atomErrors, 'http://www.w3.org/2005/Atom');

  // A second iCalendar parser (ical.js, Mozilla's) reads the calendar back.
  const ics = await (await visitor.request.get(`${atrium.server.base}/feeds/maintenance.ics`)).text();
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  const upgrade = events.find((e) => e.summary === 'Database upgrade');
  assert.ok(upgrade, 'the maintenance is an event');
  const inParis = upgrade.startDate.toJSDate().toLocaleString('sv-SE', { timeZone: 'Europe/Paris' }).replace(' ', 'T').slice(0, 16);
  assert.equal(inParis, upgradeStarts, 'the event starts when the agent said, in Paris time');
  assert.ok(upgrade.endDate.compare(upgrade.startDate) > 0, 'ends after it starts');
  const weekly = events.find((e) => e.summary === 'Weekly release');
  assert.equal(weekly.component.getFirstPropertyValue('rrule').freq, 'WEEKLY');
  await visitor.close();
  await context.close();
});
