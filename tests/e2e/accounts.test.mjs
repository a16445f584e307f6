// accounts.test.mjs - a clerk's account journey in a real browser with JavaScript disabled:
// a wrong password shows a clear message beside the form, sign in, see my account, change the
// password, sign out, sign in again with the new password.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeDatabase, startServer, removeDir, assertCleanExit } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';

let data;
let srv;
let browser;
let page;

before(async () => {
  data = makeDatabase({ dossiers: 20, seed: 13 });
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

// Fill the sign-in form on the current page and send it.
async function signIn(username, password) {
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

test('a wrong password shows a clear message beside the form', async () => {
  await page.goto(srv.base + '/');
  await page.getByRole('link', { name: 'Đăng nhập' }).click();
  await page.waitForURL(/\/dang-nhap/);
  await signIn('motcua.binhchanh', 'khong-phai-mat-khau');
  const alert = page.getByRole('alert');
  assert.match(await alert.textContent(), /Tên đăng nhập hoặc mật khẩu không đúng/);
  assert.equal(await page.getByLabel('Tên đăng nhập').inputValue(), 'motcua.binhchanh');
  assert.equal(await page.getByLabel('Mật khẩu', { exact: true }).inputValue(), '');
  assert.equal(await page.getByLabel('Tên đăng nhập').getAttribute('aria-describedby'), 'signin-error');
});

test('sign in, see my account, change the password, sign out, sign in again', async () => {
  await signIn('motcua.binhchanh', 'motcua-demo-2026');
  await page.waitForURL(/\/tai-khoan$/);
  assert.match(await page.locator('h1').textContent(), /Tài khoản của tôi/);
  const main = await page.locator('main').textContent();
  assert.match(main, /Lê Thị Hoa/);
  assert.match(main, /Cán bộ một cửa/);
  assert.match(main, /H29\.23/);
  assert.match(main, /thiết bị này/);
  assert.ok(await page.locator('header').getByText('Lê Thị Hoa').isVisible());

  await page.getByLabel('Mật khẩu hiện tại').fill('motcua-demo-2026');
  await page.getByLabel('Mật khẩu mới', { exact: true }).fill('hoa-doi-mat-khau-2026');
  await page.getByLabel('Nhập lại mật khẩu mới').fill('hoa-doi-mat-khau-2026');
  await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
  await page.waitForURL(/\/tai-khoan\?changed=1/);
  assert.match(await page.getByRole('status').textContent(), /Đã đổi mật khẩu/);

  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.waitForURL(srv.base + '/');
  assert.ok(await page.getByRole('link', { name: 'Đăng nhập' }).isVisible());

  await page.goto(srv.base + '/tai-khoan');
  await signIn('motcua.binhchanh', 'motcua-demo-2026');
  assert.match(await page.getByRole('alert').textContent(), /không đúng/);
  await signIn('motcua.binhchanh', 'hoa-doi-mat-khau-2026');
  await page.waitForURL(/\/tai-khoan$/);
  assert.match(await page.locator('main').textContent(), /Lê Thị Hoa/);
});
