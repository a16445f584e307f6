// register.test.mjs - a citizen registers in a real browser with JavaScript disabled: one
// invalid field gets its message beside it with the other values kept, fixing it lands on my
// account (email not yet confirmed), sign out, sign in again with the ID number.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeDatabase, startServer, removeDir, assertCleanExit } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';

let data;
let srv;
let browser;
let page;

before(async () => {
  data = makeDatabase({ dossiers: 5, seed: 17 });
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

const PW = 'hoa-sen-no-giua-dong-2026';

test('register with one invalid field, fix it, land on my account, sign out, sign in again', async () => {
  await page.goto(srv.base + '/dang-nhap');
  await page.getByRole('link', { name: 'Đăng ký' }).click();
  await page.waitForURL(/\/dang-ky$/);
  await page.getByLabel('Cá nhân (công dân)').check();
  await page.getByLabel('Họ và tên (hoặc tên tổ chức)').fill('Phạm Văn Đức');
  await page.getByLabel('Số định danh cá nhân (CCCD)').fill('001099012399');
  await page.getByLabel('Số điện thoại di động').fill('0987654321');
  await page.getByLabel('Địa chỉ email').fill('duc.pham@example');
  await page.getByLabel('Mật khẩu', { exact: true }).fill(PW);
  await page.getByLabel('Nhập lại mật khẩu').fill(PW);
  await page.getByRole('button', { name: 'Đăng ký' }).click();

  const summary = page.locator('.error-summary');
  assert.match(await summary.textContent(), /Địa chỉ email không hợp lệ/);
  assert.match(await page.locator('#email-error').textContent(), /Địa chỉ email không hợp lệ/);
  assert.equal(await page.getByLabel('Địa chỉ email').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByLabel('Họ và tên (hoặc tên tổ chức)').inputValue(), 'Phạm Văn Đức');
  assert.equal(await page.getByLabel('Số định danh cá nhân (CCCD)').inputValue(), '001099012399');
  assert.equal(await page.getByLabel('Số điện thoại di động').inputValue(), '0987654321');
  assert.equal(await page.getByLabel('Mật khẩu', { exact: true }).inputValue(), '');
  assert.ok(await page.getByLabel('Cá nhân (công dân)').isChecked());

  await page.getByLabel('Địa chỉ email').fill('duc.pham@example.vn');
  await page.getByLabel('Mật khẩu', { exact: true }).fill(PW);
  await page.getByLabel('Nhập lại mật khẩu').fill(PW);
  await page.getByRole('button', { name: 'Đăng ký' }).click();
  await page.waitForURL(/\/tai-khoan\?registered=1$/);
  assert.match(await page.getByRole('status').textContent(), /Đăng ký thành công/);
  const main = await page.locator('main').textContent();
  assert.match(main, /Phạm Văn Đức/);
  assert.match(main, /001099012399/);
  assert.match(main, /duc\.pham@example\.vn — chưa xác nhận/);

  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.waitForURL(srv.base + '/');
  await page.getByRole('link', { name: 'Đăng nhập' }).click();
  await page.getByLabel('Tên đăng nhập').fill('001099012399');
  await page.getByLabel('Mật khẩu', { exact: true }).fill(PW);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(/\/tai-khoan$/);
  assert.match(await page.locator('main').textContent(), /Phạm Văn Đức/);
});
