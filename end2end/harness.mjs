// Starts a real Atrium server (seeded demo tenants, SQLite in a throwaway folder) on a free
// loopback port, and Debian's headless Chromium through playwright-core.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';

const root = resolve(import.meta.dirname, '..');
const bin = process.env.ATRIUM_BIN ?? join(root, 'target/debug/atrium');

function freePort() {
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

export async function startServer() {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'atrium-e2e-'));
  const env = {
    ...process.env,
    ATRIUM_ADDR: `127.0.0.1:${port}`,
    ATRIUM_DATA_DIR: dataDir,
    ATRIUM_CONTENT_DIR: join(root, 'content'),
    ATRIUM_SITE_DIR: join(root, 'target/site'),
    ATRIUM_LOG: 'warn',
  };
  execFileSync(bin, ['seed-demo'], { env, stdio: 'ignore' });
  const child = spawn(bin, ['serve'], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  // Bounded wait for the server to answer: 30 s at most.
  for (let i = 0; i < 150; i++) {
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) break;
    } catch {}
    if (child.exitCode !== null) throw new Error(`atrium exited with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 200));
    if (i === 149) throw new Error('atrium did not start within 30 s');
  }
  return {
    base,
    port,
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
export function withAtrium() {
  const atrium = {};
  before(async () => {
    atrium.server = await startServer();
    atrium.browser = await startBrowser();
  });
  after(async () => {
    await atrium.browser?.close();
    await atrium.server?.stop();
  });
  return atrium;
}
