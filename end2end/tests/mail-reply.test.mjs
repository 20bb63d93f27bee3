// A day at the support desk, end to end in Chromium and real mail: the customer files with a PDF
// and a CSV, the agent on duty is mailed, answers with a canned reply, the customer's mail program
// answers the mail (delivered into a real Dovecot over LMTP, as a mail server would) with a log
// file, Atrium reads it over IMAP and puts it on the ticket without the quoted mail, a colleague
// put in copy gets the next mail, Level 1 hands over to Level 2 with a note, the solution is
// accepted and the ticket closed, and the customer reopens it within the window.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withAtrium, signedIn as signedInOn } from '../harness.mjs';

const atrium = withAtrium({ mail: true, mailbox: true });
const signedIn = async (email) => (await signedInOn(atrium, email)).page;

test('a ticket goes through the desk by page and by mail, from filing to reopening', async () => {
  const ada = await signedIn('ada@acme.example');
  await ada.goto(`${atrium.server.base}/en/core-hr`);
  await ada.locator('.article-list a').first().click();
  await ada.getByText('Still need help? Contact support').click();
  await ada.getByLabel('Type of request *').selectOption('question');
  await ada.getByLabel(/Minor/).check();
  await ada.getByLabel('Subject *').fill('Bonus column missing in the export');
  await ada.getByLabel('Description *').fill('The bonus column is empty since Monday.');
  await ada.getByLabel(/^Attachments/).setInputFiles([
    { name: 'payslips-november.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n') },
    { name: 'bonus-import.csv', mimeType: 'text/csv', buffer: Buffer.from('employee;bonus\nAda;1200\n') },
  ]);
  await ada.getByRole('button', { name: 'Send to support' }).click();
  await ada.waitForURL(/\/en\/tickets\/\d+\?filed=1/);
  const number = Number(ada.url().match(/tickets\/(\d+)/)[1]);
  assert.equal(await ada.locator('.history a[download="payslips-november.pdf"]').count(), 1);
  assert.equal(await ada.locator('.history a[download="bonus-import.csv"]').count(), 1);
  // A question is promised its turnaround, on the SLA's clock.
  assert.match(await ada.locator('.ticket-facts').innerText(), /Turnaround/);

  // The agent on duty is told, and answers with the desk's canned reply, filled in for Ada.
  await atrium.mail.waitFor('agent@acme.example', new RegExp(`#${number}\\] New ticket: Bonus column missing`));
  const sam = await signedIn('agent@acme.example');
  await sam.goto(`${atrium.server.base}/en/agent/replies`);
  await sam.getByLabel('Title').fill('Which template');
  await sam.getByLabel('Text').fill('Hello {{customer}}, about ticket {{number}}: which export template do you use?');
  await sam.getByRole('button', { name: 'Save the canned reply' }).click();
  await sam.waitForURL(/saved=1/);
  await sam.goto(`${atrium.server.base}/en/tickets/${number}`);
  await sam.getByLabel('Canned reply').selectOption({ label: 'Which template' });
  await sam.getByRole('button', { name: 'Insert' }).click();
  await sam.waitForURL(/reply=/);
  assert.equal(await sam.getByLabel('Your message').inputValue(), `Hello Ada Lovelace, about ticket ${number}: which export template do you use?`);
  await sam.getByRole('button', { name: 'Send', exact: true }).click();
  await sam.waitForURL(/done=comment/);
  const question = await atrium.mail.waitFor('ada@acme.example', new RegExp(`New reply on ticket #${number}`));
  assert.match(question.text, /Hello Ada Lovelace, about ticket \d+: which export template do you use\?/);
  const replyTo = question.replyTo?.[0]?.address ?? question.headers['reply-to'];
  assert.match(replyTo, /^help\+[0-9a-f]{48}@atrium\.example$/);
  assert.match(question.text, /##- Reply above this line/);

  // Ada's mail program: her words above, the quoted mail below, a log file attached.
  await atrium.mailbox.deliver({
    from: 'Ada Lovelace <ada@acme.example>',
    to: replyTo,
    subject: `Re: ${question.subject}`,
    inReplyTo: question.messageId,
    references: [question.messageId],
    text: `The 2026 template, exported at 9:00.\n\nOn Mon, 7 Dec 2026, Atrium Help Centre <${replyTo}> wrote:\n> ${question.text.split('\n').join('\n> ')}`,
    attachments: [{ filename: 'export.log', content: '2026-12-07 09:00:02 ERROR bonus column not mapped\n' }],
  });

  // The jobs read the mailbox every second: the answer appears on the ticket, without the quote.
  let history = '';
  for (let i = 0; i < 50 && !history.includes('The 2026 template'); i++) {
    await new Promise((r) => setTimeout(r, 300));
    await ada.goto(`${atrium.server.base}/en/tickets/${number}`);
    history = await ada.locator('.history').innerText();
  }
  assert.match(history, /The 2026 template, exported at 9:00\./);
  assert.doesNotMatch(history, /which export template do you use\?[\s\S]*which export template/, 'the quoted mail is not repeated');
  assert.doesNotMatch(history, /Reply above this line/);
  assert.equal(await ada.locator('.history a[download="export.log"]').count(), 1, 'the log file came with it');
  await atrium.mail.waitFor('agent@acme.example', new RegExp(`#${number}\\] Customer reply`));

  // Ada puts Bob in copy; another company's address is refused.
  await ada.getByLabel('A colleague’s email address').fill('grace@globex.example');
  await ada.getByRole('button', { name: 'Put in copy' }).click();
  await ada.waitForURL(/error=not-colleague/);
  await ada.getByLabel('A colleague’s email address').fill('bob@acme.example');
  await ada.getByRole('button', { name: 'Put in copy' }).click();
  await ada.waitForURL(/done=copy-add/);
  assert.match(await ada.locator('.in-copy').innerText(), /Bob Martin/);

  // Level 1 hands over to Level 2 with a note; the ticket is On Hold meanwhile.
  await sam.goto(`${atrium.server.base}/en/tickets/${number}`);
  await sam.getByText('Hand over to another level').click();
  await sam.getByLabel('Hand over to').selectOption({ label: 'Level 2 – Technical Support' });
  await sam.getByLabel('Note for the next level (agents only)').fill('Reproduced with the 2026 template; mapping table?');
  await sam.getByRole('button', { name: 'Hand over', exact: true }).click();
  await sam.waitForURL(/done=hand-over/);
  assert.match(await sam.locator('.raci').innerText(), /Responsible\s+Level 2 – Technical Support/);
  assert.equal(await sam.locator('.ticket-facts .status').innerText(), 'On hold');
  await sam.goto(`${atrium.server.base}/en/agent?level=2`);
  assert.match(await sam.locator('table.queue').innerText(), /Bonus column missing/);

  // Level 2 proposes the solution: Ada and Bob, in copy, both get the mail.
  await sam.goto(`${atrium.server.base}/en/tickets/${number}`);
  await sam.getByLabel('New status').selectOption({ label: 'Awaiting approval' });
  await sam.getByLabel('Message to the customer (optional)').fill('The bonus column is mapped again in 2026.4.');
  await sam.getByRole('button', { name: 'Change status' }).click();
  await sam.waitForURL(/done=status/);
  const proposed = new RegExp(`A solution is proposed for ticket #${number}`);
  await atrium.mail.waitFor('ada@acme.example', proposed);
  const toBob = await atrium.mail.waitFor('bob@acme.example', proposed);
  assert.match(toBob.text, /mapped again in 2026\.4/);

  // Ada accepts: the ticket is closed; then the export fails again, and she reopens it.
  await ada.goto(`${atrium.server.base}/en/tickets/${number}`);
  await ada.getByRole('button', { name: 'Accept the solution' }).click();
  await ada.waitForURL(/done=accept/);
  assert.equal(await ada.locator('.ticket-facts .status').innerText(), 'Closed');
  assert.match(await ada.locator('.reopen').innerText(), /You can reopen this ticket until/);
  await ada.getByLabel('What still does not work?').fill('The bonus column is empty again this morning.');
  await ada.getByRole('button', { name: 'Reopen the ticket' }).click();
  await ada.waitForURL(/done=reopen/);
  assert.equal(await ada.locator('.ticket-facts .status').innerText(), 'Open');
  assert.match(await ada.locator('.history').innerText(), /The bonus column is empty again this morning\./);
});
