// accounts.test.mjs - a clerk's account journey in a real browser with JavaScript disabled:
// a wrong password shows a clear message beside the form, sign in, see my account, change the
// password, sign out, sign in again with the new password.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { journey } from '../lib/browser.mjs';

const j = journey({ dossiers: 20, seed: 13 });

// Fill the sign-in form on the current page and send it.
async function signIn(username, password) {
  await j.page.getByLabel('Tên đăng nhập').fill(username);
  await j.page.getByLabel('Mật khẩu', { exact: true }).fill(password);
  await j.page.getByRole('button', { name: 'Đăng nhập' }).click();
}

test('a wrong password shows a clear message beside the form', async () => {
  await j.page.goto(j.srv.base + '/');
  await j.page.getByRole('link', { name: 'Đăng nhập' }).click();
  await j.page.waitForURL(/\/dang-nhap/);
  await signIn('motcua.binhchanh', 'khong-phai-mat-khau');
  const alert = j.page.getByRole('alert');
  assert.match(await alert.textContent(), /Tên đăng nhập hoặc mật khẩu không đúng/);
  assert.equal(await j.page.getByLabel('Tên đăng nhập').inputValue(), 'motcua.binhchanh');
  assert.equal(await j.page.getByLabel('Mật khẩu', { exact: true }).inputValue(), '');
  assert.equal(await j.page.getByLabel('Tên đăng nhập').getAttribute('aria-describedby'), 'signin-error');
});

test('sign in, see my account, change the password, sign out, sign in again', async () => {
  await signIn('motcua.binhchanh', 'motcua-demo-2026');
  await j.page.waitForURL(/\/tai-khoan$/);
  assert.match(await j.page.locator('h1').textContent(), /Tài khoản của tôi/);
  const main = await j.page.locator('main').textContent();
  assert.match(main, /Lê Thị Hoa/);
  assert.match(main, /Cán bộ một cửa/);
  assert.match(main, /H29\.23/);
  assert.match(main, /thiết bị này/);
  assert.ok(await j.page.locator('header').getByText('Lê Thị Hoa').isVisible());

  await j.page.getByLabel('Mật khẩu hiện tại').fill('motcua-demo-2026');
  await j.page.getByLabel('Mật khẩu mới', { exact: true }).fill('hoa-doi-mat-khau-2026');
  await j.page.getByLabel('Nhập lại mật khẩu mới').fill('hoa-doi-mat-khau-2026');
  await j.page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
  await j.page.waitForURL(/\/tai-khoan\?changed=1/);
  assert.match(await j.page.getByRole('status').textContent(), /Đã đổi mật khẩu/);

  await j.page.getByRole('button', { name: 'Đăng xuất' }).click();
  await j.page.waitForURL(j.srv.base + '/');
  assert.ok(await j.page.getByRole('link', { name: 'Đăng nhập' }).isVisible());

  await j.page.goto(j.srv.base + '/tai-khoan');
  await signIn('motcua.binhchanh', 'motcua-demo-2026');
  assert.match(await j.page.getByRole('alert').textContent(), /không đúng/);
  await signIn('motcua.binhchanh', 'hoa-doi-mat-khau-2026');
  await j.page.waitForURL(/\/tai-khoan$/);
  assert.match(await j.page.locator('main').textContent(), /Lê Thị Hoa/);
});
