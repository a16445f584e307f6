// citizen_public.test.mjs - a citizen's first journey in a real browser: find a procedure
// without typing diacritics, read it, look up a dossier, switch to English. No JavaScript is
// needed by the pages; the browser runs with JavaScript disabled to prove it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeDatabase, startServer, removeDir, assertCleanExit } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';

let data;
let srv;
let browser;
let page;

before(async () => {
  data = makeDatabase({ dossiers: 200, seed: 11 });
  srv = await startServer(data.db);
  browser = await launch();
  const ctx = await browser.newContext({ javaScriptEnabled: false, locale: 'vi-VN' });
  page = await ctx.newPage();
});
after(async () => {
  await browser?.close();
  const r = await srv?.stop();
  if (data) removeDir(data.dir);
  if (r) assertCleanExit(r);
});

test('search the catalogue without diacritics and open the procedure', async () => {
  await page.goto(srv.base + '/');
  await page.getByLabel('Tìm thủ tục (có thể gõ không dấu)').first().fill('dang ky khai sinh');
  await page.getByRole('button', { name: 'Tìm kiếm' }).first().click();
  await page.waitForURL(/\/thu-tuc\?q=/);
  const link = page.getByRole('link', { name: /Đăng ký khai sinh/ }).first();
  assert.ok(await link.isVisible());
  await link.click();
  await page.waitForURL(/\/thu-tuc\/[0-9.]+/);
  assert.match(await page.locator('h1').textContent(), /Đăng ký khai sinh/);
  assert.ok(await page.getByRole('heading', { name: 'Thành phần hồ sơ' }).isVisible());
  assert.ok(await page.getByText(/Mức độ [34] — /).first().isVisible());
});

test('look up a seeded dossier by code and secret', async () => {
  const { code, secret } = data.lookups[0];
  await page.goto(srv.base + '/tra-cuu');
  await page.getByLabel('Mã hồ sơ').fill(code);
  await page.getByLabel('Mã tra cứu').fill(secret);
  await page.getByRole('button', { name: 'Tra cứu' }).click();
  assert.match(await page.locator('h1').textContent(), new RegExp(code.replace(/\./g, '\\.')));
  assert.ok(await page.getByRole('heading', { name: 'Quá trình xử lý' }).isVisible());
  assert.ok((await page.locator('ol.timeline li').count()) >= 1);
});

test('a wrong secret keeps what was typed and explains', async () => {
  const { code } = data.lookups[0];
  await page.goto(srv.base + '/tra-cuu');
  await page.getByLabel('Mã hồ sơ').fill(code);
  await page.getByLabel('Mã tra cứu').fill('ZZZZZZZZ');
  await page.getByRole('button', { name: 'Tra cứu' }).click();
  assert.ok(await page.getByRole('alert').isVisible());
  assert.equal(await page.getByLabel('Mã hồ sơ').inputValue(), code);
});

test('switch the language to English and back', async () => {
  await page.goto(srv.base + '/thu-tuc');
  await page.getByRole('link', { name: 'English' }).click();
  await page.waitForURL(/\/thu-tuc$/);
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.match(await page.locator('h1').textContent(), /Catalogue of administrative procedures/);
  await page.getByRole('link', { name: 'Tiếng Việt' }).click();
  assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
});

test('keyboard users can skip to the content', async () => {
  await page.goto(srv.base + '/');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement?.textContent);
  assert.match(focused || '', /Chuyển đến nội dung chính/);
});
