// citizen_public.test.mjs - a citizen's first journey in a real browser: find a procedure
// without typing diacritics, read it, look up a dossier, switch to English. No JavaScript is
// needed by the pages; the browser runs with JavaScript disabled to prove it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { journey } from '../lib/browser.mjs';

const j = journey({ dossiers: 200, seed: 11 });

test('search the catalogue without diacritics and open the procedure', async () => {
  await j.page.goto(j.srv.base + '/');
  await j.page.getByLabel('Tìm thủ tục (có thể gõ không dấu)').first().fill('dang ky khai sinh');
  await j.page.getByRole('button', { name: 'Tìm kiếm' }).first().click();
  await j.page.waitForURL(/\/thu-tuc\?q=/);
  const link = j.page.getByRole('link', { name: /Đăng ký khai sinh/ }).first();
  assert.ok(await link.isVisible());
  await link.click();
  await j.page.waitForURL(/\/thu-tuc\/[0-9.]+/);
  assert.match(await j.page.locator('h1').textContent(), /Đăng ký khai sinh/);
  assert.ok(await j.page.getByRole('heading', { name: 'Thành phần hồ sơ' }).isVisible());
  assert.ok(await j.page.getByText(/Mức độ [34] — /).first().isVisible());
});

test('look up a seeded dossier by code and secret', async () => {
  const { code, secret } = j.data.lookups[0];
  await j.page.goto(j.srv.base + '/tra-cuu');
  await j.page.getByLabel('Mã hồ sơ').fill(code);
  await j.page.getByLabel('Mã tra cứu').fill(secret);
  await j.page.getByRole('button', { name: 'Tra cứu' }).click();
  assert.match(await j.page.locator('h1').textContent(), new RegExp(code.replace(/\./g, '\\.')));
  assert.ok(await j.page.getByRole('heading', { name: 'Quá trình xử lý' }).isVisible());
  assert.ok((await j.page.locator('ol.timeline li').count()) >= 1);
});

test('a wrong secret keeps what was typed and explains', async () => {
  const { code } = j.data.lookups[0];
  await j.page.goto(j.srv.base + '/tra-cuu');
  await j.page.getByLabel('Mã hồ sơ').fill(code);
  await j.page.getByLabel('Mã tra cứu').fill('ZZZZZZZZ');
  await j.page.getByRole('button', { name: 'Tra cứu' }).click();
  assert.ok(await j.page.getByRole('alert').isVisible());
  assert.equal(await j.page.getByLabel('Mã hồ sơ').inputValue(), code);
});

test('switch the language to English and back', async () => {
  await j.page.goto(j.srv.base + '/thu-tuc');
  await j.page.getByRole('link', { name: 'English' }).click();
  await j.page.waitForURL(/\/thu-tuc$/);
  assert.equal(await j.page.locator('html').getAttribute('lang'), 'en');
  assert.match(await j.page.locator('h1').textContent(), /Catalogue of administrative procedures/);
  await j.page.getByRole('link', { name: 'Tiếng Việt' }).click();
  assert.equal(await j.page.locator('html').getAttribute('lang'), 'vi');
});

test('keyboard users can skip to the content', async () => {
  await j.page.goto(j.srv.base + '/');
  await j.page.keyboard.press('Tab');
  const focused = await j.page.evaluate(() => document.activeElement?.textContent);
  assert.match(focused || '', /Chuyển đến nội dung chính/);
});
