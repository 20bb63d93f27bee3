// Starts a real Atrium server (seeded demo tenants, SQLite in a throwaway folder, or a fresh
// PostgreSQL database when ATRIUM_TEST_POSTGRES is set) on a free
// loopback port, and Debian's headless Chromium through playwright-core.
import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';

const root = resolve(import.meta.dirname, '..');
const bin = process.env.ATRIUM_BIN ?? join(root, 'target/debug/atrium');

export function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.unref();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

/// A real MailDev (npm `maildev`) on free loopback ports; `messages()` reads what it caught.
export async function startMailDev() {
  const [smtp, web] = [await freePort(), await freePort()];
  const child = spawn(
    process.execPath,
    [join(import.meta.dirname, 'node_modules/maildev/bin/maildev'), '--smtp', smtp, '--web', web, '--ip', '127.0.0.1', '--web-ip', '127.0.0.1', '--silent'],
    { stdio: 'ignore' },
  );
  const api = `http://127.0.0.1:${web}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${api}/email`)).ok) break;
    } catch {}
    if (child.exitCode !== null) throw new Error(`maildev exited with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 200));
    if (i === 99) throw new Error('maildev did not start within 20 s');
  }
  return {
    smtpUrl: `smtp://127.0.0.1:${smtp}`,
    async messages() {
      return (await fetch(`${api}/email`)).json();
    },
    /// Waits (10 s at most) for a mail to `to` whose subject matches `subject`.
    async waitFor(to, subject) {
      for (let i = 0; i < 50; i++) {
        const found = (await this.messages()).find((m) => m.to.some((t) => t.address === to) && subject.test(m.subject));
        if (found) return found;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`no mail to ${to} matching ${subject}`);
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
    },
  };
}

/// A real Dovecot (Debian's dovecot-imapd and dovecot-lmtpd) on free loopback ports with a
/// throwaway configuration: the support mailbox `help@atrium.example` (password `secret`), into
/// which `deliver()` hands mail over LMTP as a mail server would, and Atrium reads it over IMAP.
export async function startDovecot() {
  const binary = ['/usr/sbin/dovecot', '/usr/bin/dovecot'].find((p) => existsSync(p));
  if (!binary) throw new Error('Dovecot is missing: run `make setup` (dovecot-imapd, dovecot-lmtpd)');
  const [imap, lmtp] = [await freePort(), await freePort()];
  const dir = mkdtempSync(join(tmpdir(), 'atrium-dovecot-'));
  const me = execFileSync('id', ['-un'], { encoding: 'utf8' }).trim();
  // As root, mail is stored as Dovecot's own unprivileged user; otherwise as whoever runs the tests.
  const owner = me === 'root' ? 'dovecot' : me;
  for (const sub of ['mail', 'home']) {
    mkdirSync(join(dir, sub));
    if (me === 'root') execFileSync('chown', [`${owner}:${owner}`, join(dir, sub)]);
  }
  chmodSync(dir, 0o755);
  const id = (flag) => execFileSync('id', [flag, owner], { encoding: 'utf8' }).trim();
  const users = me === 'root' ? '' : `default_internal_user = ${me}\ndefault_login_user = ${me}\n`;
  writeFileSync(
    join(dir, 'dovecot.conf'),
    `base_dir = ${dir}/run\nstate_dir = ${dir}/state\nlog_path = ${dir}/dovecot.log\n${users}` +
      `protocols = imap lmtp\nlisten = 127.0.0.1\nssl = no\ndisable_plaintext_auth = no\nauth_mechanisms = plain login\n` +
      `mail_location = maildir:${dir}/mail/%n\nfirst_valid_uid = 1\nrecipient_delimiter = +\nlmtp_save_to_detail_mailbox = no\n` +
      `passdb {\n  driver = static\n  args = password=secret\n}\n` +
      `userdb {\n  driver = static\n  args = uid=${id('-u')} gid=${id('-g')} home=${dir}/home/%n\n}\n` +
      `service imap-login {\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${imap}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}\n` +
      `service lmtp {\n  inet_listener lmtp {\n    address = 127.0.0.1\n    port = ${lmtp}\n  }\n}\n`,
  );
  const child = spawn(binary, ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: 'ignore' });
  const answers = (port) =>
    new Promise((ok) => {
      const s = createConnection({ host: '127.0.0.1', port }, () => (s.end(), ok(true)));
      s.on('error', () => ok(false));
    });
  // Bounded wait for both listeners: 20 s at most.
  for (let i = 0; ; i++) {
    if ((await answers(imap)) && (await answers(lmtp))) break;
    if (i === 99) throw new Error('Dovecot did not start within 20 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  const { default: nodemailer } = await import('nodemailer');
  return {
    imapUrl: `imap://help%40atrium.example:secret@127.0.0.1:${imap}/INBOX`,
    /// Delivers a message (nodemailer's fields) into the mailbox over LMTP.
    async deliver(message) {
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: lmtp, lmtp: true, ignoreTLS: true });
      await transport.sendMail(message);
      transport.close();
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function startServer(extraEnv = {}) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'atrium-e2e-'));
  const env = {
    ...process.env,
    ATRIUM_ADDR: `127.0.0.1:${port}`,
    ATRIUM_DATA_DIR: dataDir,
    ATRIUM_CONTENT_DIR: join(root, 'content'),
    ATRIUM_SITE_DIR: join(root, 'target/site'),
    ATRIUM_LOG: 'warn',
    // The test identity providers run on 127.0.0.1.
    ATRIUM_ALLOW_PRIVATE_PROVIDERS: 'true',
    // Every test signs in from 127.0.0.1 within seconds: the limits stay on, at a height that a
    // whole test file from one address stays under (the Rust tests try the limits themselves).
    ATRIUM_RATE_LIMITS: 'sign-in=200/60,reset=50/600,ticket=200/600,survey=200/600,vote=200/60,search=2000/60',
    ...extraEnv,
  };
  // Under scripts/with-postgres.sh every server gets its own database on the throwaway cluster.
  const postgres = process.env.ATRIUM_TEST_POSTGRES;
  if (postgres && !env.ATRIUM_DATABASE_URL) {
    const name = `atrium_e2e_${process.pid}_${port}`;
    execFileSync('psql', [`${postgres.replace(/\/$/, '')}/postgres`, '-qc', `CREATE DATABASE ${name}`], { stdio: 'ignore' });
    env.ATRIUM_DATABASE_URL = `${postgres.replace(/\/$/, '')}/${name}`;
  }
  execFileSync(bin, ['seed-demo'], { env, stdio: 'ignore' });
  const child = spawn(bin, ['serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  // The server's log is shown as before and kept, so tests can check why something was refused.
  let log = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk) => {
      process.stderr.write(chunk);
      log = (log + chunk.toString()).slice(-200_000);
    });
  }
  const base = `http://127.0.0.1:${port}`;
  // Bounded wait for the server to answer: 30 s at most.
  for (let i = 0; i < 150; i++) {
    try {
      const r = await fetch(`${base}/readyz`);
      if (r.ok) break;
    } catch {}
    if (child.exitCode !== null) throw new Error(`atrium exited with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 200));
    if (i === 149) throw new Error('atrium did not start within 30 s');
  }
  return {
    base,
    port,
    /// The database it runs on (unset: its own SQLite file), for a second node to share.
    databaseUrl: env.ATRIUM_DATABASE_URL,
    /// What the server has logged so far (the last 200 kB).
    log() {
      return log.replace(/\x1b\[[0-9;]*m/g, '');
    },
    /// Runs an `atrium` command (such as `set-sso`) against this server's database.
    cli(args) {
      return execFileSync(bin, args, { env, encoding: 'utf8' });
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function startBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/// Registers a server and a browser for the calling test file, started before its first test
/// and stopped after its last. Returns an object whose `server` and `browser` are set by then.
/// With `{ mail: true }`, a MailDev is started too and the server sends its mail there; with
/// `{ mailbox: true }`, a Dovecot too, whose support mailbox the server reads answers from.
export function withAtrium({ mail = false, mailbox = false } = {}) {
  const atrium = {};
  before(async () => {
    const env = {};
    if (mail) {
      atrium.mail = await startMailDev();
      Object.assign(env, { ATRIUM_SMTP_URL: atrium.mail.smtpUrl, ATRIUM_JOBS_INTERVAL_SECS: '1' });
    }
    if (mailbox) {
      atrium.mailbox = await startDovecot();
      Object.assign(env, { ATRIUM_IMAP_URL: atrium.mailbox.imapUrl, ATRIUM_MAIL_FROM: 'Atrium Help Centre <help@atrium.example>' });
    }
    atrium.server = await startServer(env);
    atrium.browser = await startBrowser();
  });
  after(async () => {
    await atrium.browser?.close();
    await atrium.server?.stop();
    await atrium.mail?.stop();
    await atrium.mailbox?.stop();
  });
  return atrium;
}

/// The demo accounts' password (seed-demo).
export const DEMO_PASSWORD = 'Demo-password-2026!';

/// A new browser context signed in as `email` on the demo tenant, with JavaScript on or off.
export async function signedIn(atrium, email, { javaScript = true } = {}) {
  const context = await atrium.browser.newContext({ javaScriptEnabled: javaScript });
  const page = await context.newPage();
  await page.goto(`${atrium.server.base}/en/sign-in`);
  await page.getByLabel('Work email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${atrium.server.base}/en`);
  return { context, page };
}
