// register.test.mjs - a citizen registers in a real browser with JavaScript disabled: one
// invalid field gets its message beside it with the other values kept, fixing it lands on my
// account (email not yet confirmed), sign out, sign in again with the ID number.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { journey } from '../lib/browser.mjs';

const j = journey({ dossiers: 5, seed: 17 });

const PW = 'hoa-sen-no-giua-dong-2026';

test('register with one invalid field, fix it, land on my account, sign out, sign in again', async () => {
  await j.page.goto(j.srv.base + '/dang-nhap');
  await j.page.getByRole('link', { name: 'Đăng ký' }).click();
  await j.page.waitForURL(/\/dang-ky$/);
  await j.page.getByLabel('Cá nhân (công dân)').check();
  await j.page.getByLabel('Họ và tên (hoặc tên tổ chức)').fill('Phạm Văn Đức');
  await j.page.getByLabel('Số định danh cá nhân (CCCD)').fill('001099012399');
  await j.page.getByLabel('Số điện thoại di động').fill('0987654321');
  await j.page.getByLabel('Địa chỉ email').fill('duc.pham@example');
  await j.page.getByLabel('Mật khẩu', { exact: true }).fill(PW);
  await j.page.getByLabel('Nhập lại mật khẩu').fill(PW);
  await j.page.getByRole('button', { name: 'Đăng ký' }).click();

  const summary = j.page.locator('.error-summary');
  assert.match(await summary.textContent(), /Địa chỉ email không hợp lệ/);
  assert.match(await j.page.locator('#email-error').textContent(), /Địa chỉ email không hợp lệ/);
  assert.equal(await j.page.getByLabel('Địa chỉ email').getAttribute('aria-invalid'), 'true');
  assert.equal(await j.page.getByLabel('Họ và tên (hoặc tên tổ chức)').inputValue(), 'Phạm Văn Đức');
  assert.equal(await j.page.getByLabel('Số định danh cá nhân (CCCD)').inputValue(), '001099012399');
  assert.equal(await j.page.getByLabel('Số điện thoại di động').inputValue(), '0987654321');
  assert.equal(await j.page.getByLabel('Mật khẩu', { exact: true }).inputValue(), '');
  assert.ok(await j.page.getByLabel('Cá nhân (công dân)').isChecked());

  await j.page.getByLabel('Địa chỉ email').fill('duc.pham@example.vn');
  await j.page.getByLabel('Mật khẩu', { exact: true }).fill(PW);
  await j.page.getByLabel('Nhập lại mật khẩu').fill(PW);
  await j.page.getByRole('button', { name: 'Đăng ký' }).click();
  await j.page.waitForURL(/\/tai-khoan\?registered=1$/);
  assert.match(await j.page.getByRole('status').textContent(), /Đăng ký thành công/);
  const main = await j.page.locator('main').textContent();
  assert.match(main, /Phạm Văn Đức/);
  assert.match(main, /001099012399/);
  assert.match(main, /duc\.pham@example\.vn — chưa xác nhận/);

  await j.page.getByRole('button', { name: 'Đăng xuất' }).click();
  await j.page.waitForURL(j.srv.base + '/');
  await j.page.getByRole('link', { name: 'Đăng nhập' }).click();
  await j.page.getByLabel('Tên đăng nhập').fill('001099012399');
  await j.page.getByLabel('Mật khẩu', { exact: true }).fill(PW);
  await j.page.getByRole('button', { name: 'Đăng nhập' }).click();
  await j.page.waitForURL(/\/tai-khoan$/);
  assert.match(await j.page.locator('main').textContent(), /Phạm Văn Đức/);
});
