// browser.mjs - headless Debian chromium driven by playwright-core (no browser download).
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { makeDatabase, startServer, removeDir, assertCleanExit } from './server.mjs';

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

// Register the before/after hooks of a browser journey: a database seeded with `dossiers`
// dossiers, a real server on it, and one page of a Chromium context with JavaScript off in
// Vietnamese. Returns a holder whose data, srv, browser and page are set once before() ran;
// after() closes the browser, stops the server (asserting a clean exit) and removes the data.
export function journey({ dossiers = 20, seed = 1, locale = 'vi-VN' } = {}) {
  const j = {};
  before(async () => {
    j.data = makeDatabase({ dossiers, seed });
    j.srv = await startServer(j.data.db);
    j.browser = await launch();
    const ctx = await j.browser.newContext({ javaScriptEnabled: false, locale });
    j.page = await ctx.newPage();
  });
  after(async () => {
    await j.browser?.close();
    const r = await j.srv?.stop();
    if (j.data) removeDir(j.data.dir);
    if (r) assertCleanExit(r);
  });
  return j;
}
