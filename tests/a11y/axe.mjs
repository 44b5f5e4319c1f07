// Run axe-core on one local HTML file in Debian's headless Chromium; print the violations.
// Usage: node tests/a11y/axe.mjs REPORT.html  -> JSON array of violations on stdout.
// Exit code 0 whatever axe finds (the Python test judges); 2 when the page cannot be checked.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const page_path = process.argv[2];
if (!page_path) {
  console.error('usage: node axe.mjs REPORT.html');
  process.exit(2);
}
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let browser;
try {
  browser = await chromium.launch({ executablePath, args: ARGS, headless: true });
  // The report forbids scripts in its Content-Security-Policy; only axe's own may run.
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  // The report must be self-contained: any request off the local file is refused.
  await page.route((url) => url.protocol !== 'file:', (route) => route.abort());
  await page.goto(pathToFileURL(page_path).href, { waitUntil: 'load' });
  await page.addScriptTag({ content: axeSource });
  const results = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), TAGS);
  const violations = results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, summary: n.failureSummary })),
  }));
  process.stdout.write(JSON.stringify({ passes: results.passes.length, violations }, null, 2));
} catch (error) {
  console.error(`axe.mjs: ${error.message}`);
  process.exitCode = 2;
} finally {
  if (browser) await browser.close();
}
