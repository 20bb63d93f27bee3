import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withAtrium, signedIn as signedInOn } from '../harness.mjs';

const atrium = withAtrium({ mail: true });
const signedIn = (email, options) => signedInOn(atrium, email, options);

/// A real PNG: a screenshot Chromium takes of the page.
async function screenshot(page) {
  return { name: 'export-error.png', mimeType: 'image/png', buffer: await page.screenshot() };
}

async function agentSetsStatus(agent, number, status, message) {
  await agent.goto(`${atrium.server.base}/en/tickets/${number}`);
  await agent.getByLabel('New status').selectOption({ label: status });
  await agent.getByLabel('Message to the customer (optional)').fill(message);
  await agent.getByRole('button', { name: 'Change status' }).click();
  await agent.waitForURL(/done=status/);
  assert.equal(await agent.locator('.ticket-facts .status').innerText(), status);
}

test('a ticket filed from an article goes through the whole workflow to closure', async () => {
  const { context, page } = await signedIn('ada@acme.example');
  await page.goto(`${atrium.server.base}/en/compensation/payroll-export`);
  await page.getByText('Still need help? Contact support').click();
  // Pre-filled from the article: module, article and the breadcrumb as action path.
  assert.equal(await page.locator('#ticket-module').inputValue(), 'compensation');
  assert.equal(await page.getByLabel('Action path').inputValue(), 'Compensation > Export to payroll');
  assert.match(await page.locator('.ticket-context').innerText(), /Export to payroll/);
  // The module's own request-form field is shown for it.
  assert.ok(await page.getByLabel('Pay period concerned *').isVisible());
  await page.getByLabel('Type of request *').selectOption('anomaly');
  await page.getByLabel(/Major/).check();
  await page.getByLabel('Impact (for an anomaly)').selectOption('degradation');
  await page.getByLabel('Subject *').pressSequentially('payroll export stops', { delay: 20 });
  // While typing, matching articles are suggested.
  const suggestion = page.locator('.ticket-suggestions a').first();
  await suggestion.waitFor({ state: 'visible', timeout: 10_000 });
  assert.ok((await page.locator('.ticket-suggestions a').count()) <= 3);
  await page.getByLabel('Description *').fill('The export stops at 50 % with no message.');
  await page.getByLabel('Pay period concerned *').fill('2026-11');
  // The screenshot, the PDF of the payslips and the CSV that failed to import.
  await page.getByLabel(/^Attachments/).setInputFiles([
    await screenshot(page),
    { name: 'payslips-november.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n') },
    { name: 'import-failed.csv', mimeType: 'text/csv', buffer: Buffer.from('employee;amount\nAda;1234,50\n') },
  ]);
  await page.getByRole('button', { name: 'Send to support' }).click();
  await page.waitForURL(/\/en\/tickets\/\d+\?filed=1/);
  const number = Number(page.url().match(/tickets\/(\d+)/)[1]);
  // The documents are offered as downloads beside the screenshot, and download as sent.
  const pdfLink = page.locator('.history a[download="payslips-november.pdf"]');
  assert.equal(await page.locator('.history a[download="import-failed.csv"]').count(), 1);
  const [download] = await Promise.all([page.waitForEvent('download'), pdfLink.click()]);
  assert.equal(download.suggestedFilename(), 'payslips-november.pdf');
  assert.match(await page.getByRole('status').innerText(), /Your ticket was sent/);
  assert.equal(await page.locator('.ticket-facts .status').innerText(), 'New');
  assert.match(await page.locator('.ticket-facts').innerText(), /Pay period concerned\s+2026-11/);
  const image = page.locator('.history img').first();
  assert.equal(await image.getAttribute('alt'), 'export-error.png');
  assert.ok(await image.evaluate((img) => img.complete && img.naturalWidth > 0), 'the screenshot is served back');
  await atrium.mail.waitFor('ada@acme.example', new RegExp(`Ticket #${number} received`));

  // The desk is told: Sam gets a mail in the ticket's thread whose link opens the ticket, and
  // his header counts what waits for him.
  const told = await atrium.mail.waitFor('agent@acme.example', new RegExp(`\\[Acme Logistics #${number}\\] New ticket: payroll export stops`));
  assert.match(told.text, /The export stops at 50 % with no message\./);
  assert.equal(told.headers['auto-submitted'], 'auto-generated');
  assert.match(told.headers['in-reply-to'], /^<ticket-/);
  const agentSession = await signedIn('agent@acme.example');
  const agent = agentSession.page;
  await agent.goto(told.text.match(/View the ticket: (\S+)/)[1]);
  assert.match(await agent.locator('h1').innerText(), /payroll export stops/);
  assert.ok(Number(await agent.locator('.account .waiting').innerText()) >= 1, 'the header counts the new ticket');
  await agent.goto(`${atrium.server.base}/en/agent`);
  await agent.getByRole('link', { name: 'payroll export stops' }).click();
  await agent.getByRole('button', { name: 'Assign to me' }).click();
  await agent.waitForURL(/done=assign-me/);
  assert.equal(await agent.locator('.ticket-facts .status').innerText(), 'Open');
  await agentSetsStatus(agent, number, 'Pending', 'Which employees are affected?');
  await atrium.mail.waitFor('ada@acme.example', new RegExp(`Ticket #${number} needs your answer`));

  // The customer answers from My Activities, where the ticket waiting on her comes first.
  await page.goto(`${atrium.server.base}/en/activities`);
  const first = page.locator('table.tickets tbody tr').first();
  assert.match(await first.innerText(), /payroll export stops/);
  assert.match(await first.innerText(), /Pending/);
  await first.getByRole('link', { name: 'Answer' }).click();
  await page.getByLabel('Your message').fill('All employees of the Lyon site.');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await page.waitForURL(/done=comment/);
  assert.equal(await page.locator('.ticket-facts .status').innerText(), 'Open');
  assert.match(await page.locator('.history').innerText(), /Which employees are affected\?[\s\S]*All employees of the Lyon site\./);
  // Sam has the ticket: the customer's answer is mailed to him.
  const answered = await atrium.mail.waitFor('agent@acme.example', new RegExp(`#${number}\\] Customer reply`));
  assert.match(answered.text, /All employees of the Lyon site\./);

  await agentSetsStatus(agent, number, 'Awaiting approval', 'Use the 2026 export template.');
  await atrium.mail.waitFor('ada@acme.example', new RegExp(`solution is proposed for ticket #${number}`));

  await page.goto(`${atrium.server.base}/en/activities`);
  await page.locator('table.tickets tbody tr').first().getByRole('button', { name: 'Accept the solution' }).click();
  await page.waitForURL(/activities\?done=accept/);
  await page.goto(`${atrium.server.base}/en/tickets/${number}`);
  assert.equal(await page.locator('.ticket-facts .status').innerText(), 'Closed');
  assert.match(await page.locator('.history').innerText(), /Awaiting approval → Validated[\s\S]*Validated → Closed/);
  assert.equal(await page.getByLabel('Your message').count(), 0, 'a closed ticket takes no more comments');
  await atrium.mail.waitFor('ada@acme.example', new RegExp(`Ticket #${number} is closed`));

  // The satisfaction survey arrives once the ticket is closed; one click rates it.
  const survey = await atrium.mail.waitFor('ada@acme.example', new RegExp(`How did we do on ticket #${number}`));
  const rateTwo = survey.text.match(/2 – Dissatisfied: (\S+)/)[1];
  await page.goto(rateTwo);
  assert.match(await page.getByRole('status').innerText(), /Your rating is saved/);
  assert.ok(await page.getByLabel('2 – Dissatisfied').isChecked());
  await page.getByLabel('If you are dissatisfied, what went wrong?').selectOption('too-slow');
  await page.getByLabel('Comment (optional)').fill('Two rounds of questions for a template.');
  await page.getByRole('button', { name: 'Send my answer' }).click();
  await page.waitForURL(/\/en\/survey\/thanks/);
  // The support manager's page shows it in its charts, drawn on the server.
  await agent.goto(`${atrium.server.base}/en/insights/support`);
  assert.equal(await agent.locator('#csat-overall').innerText(), '0 %');
  assert.match(await agent.locator('svg#by-agent').textContent(), /Sam Support.*0 % \(1 answers\)/);
  const comments = await agent.locator('#survey-comments').innerText();
  assert.match(comments, /Two rounds of questions for a template\./);
  assert.match(comments, /It took too long/);
  await agentSession.context.close();
  await context.close();
});

test('without JavaScript a ticket is filed with a screenshot, and a refused form keeps what was typed', async () => {
  const { context, page } = await signedIn('bob@acme.example', { javaScript: false });
  await page.goto(`${atrium.server.base}/en/core-hr`);
  const article = page.locator('.article-list a').first();
  const title = await article.innerText();
  await article.click();
  await page.getByText('Still need help? Contact support').click();
  assert.equal(await page.locator('#ticket-module').inputValue(), 'core-hr');
  assert.match(await page.getByLabel('Action path').inputValue(), new RegExp(title));
  await page.getByLabel('Subject *').fill('Leave balance is wrong');
  await page.getByLabel('Description *').fill('Shows 12 days instead of 14.');
  await page.getByLabel('Type of request *').selectOption('question');
  await page.getByLabel(/Minor/).check();
  // An incident in the future passes the browser's checks but not the server's: the form comes
  // back with the problem next to the field and everything typed still there.
  await page.getByLabel('Date and time of the incident (Europe/Paris time)').fill('2031-01-15T10:30');
  await page.getByRole('button', { name: 'Send to support' }).click();
  await page.waitForURL(/tickets\/new\?draft=/);
  assert.match(await page.getByRole('alert').innerText(), /The ticket was not sent/);
  assert.equal(await page.getByLabel('Subject *').inputValue(), 'Leave balance is wrong');
  assert.equal(await page.getByLabel('Description *').inputValue(), 'Shows 12 days instead of 14.');
  assert.equal(await page.locator('#ticket-module').inputValue(), 'core-hr');
  assert.equal(await page.getByLabel('Type of request *').inputValue(), 'question');
  assert.ok(await page.getByLabel(/Minor/).isChecked());
  assert.equal(await page.locator('#err-incident_at').innerText(), 'The incident cannot be in the future.');
  await page.getByLabel('Date and time of the incident (Europe/Paris time)').fill('2026-01-15T10:30');
  await page.getByLabel(/^Attachments/).setInputFiles(await screenshot(page));
  await page.getByRole('button', { name: 'Send to support' }).click();
  await page.waitForURL(/\/en\/tickets\/\d+\?filed=1/);
  assert.match(await page.getByRole('status').innerText(), /Your ticket was sent/);
  assert.equal(await page.locator('.history img').count(), 1);
  await context.close();
});
