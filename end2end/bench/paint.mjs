// First contentful paint and time to hydrated for one page, in Debian's headless Chromium over
// loopback: each URL given is loaded ROUNDS times (alternating between URLs, a fresh browser
// context each time so nothing is cached) and the medians are printed as JSON.
// Usage: node bench/paint.mjs <label>=<url> [<label>=<url> …]
import { startBrowser } from '../harness.mjs';

const rounds = Number(process.env.ROUNDS ?? 15);
const targets = process.argv.slice(2).map((arg) => {
  const at = arg.indexOf('=');
  return { label: arg.slice(0, at), url: arg.slice(at + 1), response: [], fcp: [], hydrated: [] };
});
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : null;
};

const browser = await startBrowser();
try {
  for (let round = 0; round < rounds; round++) {
    for (const t of targets) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(t.url, { waitUntil: 'load' });
      // The vote island marks itself once the WASM bundle has hydrated it.
      await page.locator('.helpful[data-hydrated="true"]').waitFor({ timeout: 20000 });
      const [response, fcp, hydrated] = await page.evaluate(() => [
        performance.getEntriesByType('navigation')[0]?.responseEnd ?? null,
        performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
        performance.now(),
      ]);
      // The first round warms Chromium itself; it is not counted.
      if (round > 0) {
        t.response.push(response);
        t.fcp.push(fcp);
        t.hydrated.push(hydrated);
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(Object.fromEntries(targets.map((t) => [t.label, { html_received_ms: median(t.response), fcp_ms: median(t.fcp), hydrated_ms: median(t.hydrated), rounds: t.fcp.length }]))));
