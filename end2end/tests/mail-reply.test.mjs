// Answering a ticket by mail, end to end: the customer files in Chromium, the agent answers on the
// page, the customer's mail program answers the mail (delivered into a real Dovecot over LMTP, as
// a mail server would), Atrium reads the support mailbox over IMAP, and the answer is on the
// ticket without the quoted mail, with its log file, and the agent is told.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withAtrium, signedIn as signedInOn } from '../harness.mjs';

const atrium = withAtrium({ mail: true, mailbox: true });
const signedIn = async (email) => (await signedInOn(atrium, email)).page;

test('a customer answers a ticket from their mail program, and the answer lands on the ticket', async () => {
  const ada = await signedIn('ada@acme.example');
  await ada.goto(`${atrium.server.base}/en/core-hr`);
  await ada.locator('.article-list a').first().click();
  await ada.getByText('Still need help? Contact support').click();
  await ada.getByLabel('Type of request *').selectOption('question');
  await ada.getByLabel(/Minor/).check();
  await ada.getByLabel('Subject *').fill('Bonus column missing in the export');
  await ada.getByLabel('Description *').fill('The bonus column is empty since Monday.');
  await ada.getByRole('button', { name: 'Send to support' }).click();
  await ada.waitForURL(/\/en\/tickets\/\d+\?filed=1/);
  const number = Number(ada.url().match(/tickets\/(\d+)/)[1]);

  // Sam answers on the page; Ada's copy can be answered (Reply-To names the ticket, signed).
  const sam = await signedIn('agent@acme.example');
  await sam.goto(`${atrium.server.base}/en/tickets/${number}`);
  await sam.getByLabel('Your message').fill('Which export template do you use?');
  await sam.getByRole('button', { name: 'Send', exact: true }).click();
  await sam.waitForURL(/done=comment/);
  const question = await atrium.mail.waitFor('ada@acme.example', new RegExp(`New reply on ticket #${number}`));
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
  assert.doesNotMatch(history, /Which export template do you use\?[\s\S]*Which export template/, 'the quoted mail is not repeated');
  assert.doesNotMatch(history, /Reply above this line/);
  assert.equal(await ada.locator('.history a[download="export.log"]').count(), 1, 'the log file came with it');
  // The assignee-less ticket's answer reaches the desk, as an answer on the page would.
  await atrium.mail.waitFor('agent@acme.example', new RegExp(`#${number}\\] Customer reply`));
});
