// api_tokens.test.mjs - the administrator's API token page in Chromium with JavaScript off
// (issue 10 §6; docs/api.md): issue a token (shown once), read a report with it, revoke it
// after the confirmation page, then the API answers 401; a wrong name is told beside the
// field and nothing is saved; the public transparency page lists the units.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { journey } from '../lib/browser.mjs';
import { sql } from '../lib/trials.mjs';

const j = journey({ dossiers: 60, seed: 5 });
const PW = 'motcua-demo-2026';

async function signIn(page, username) {
  await page.goto(j.srv.base + '/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(PW);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForLoadState();
}

const api = (token) => fetch(`${j.srv.base}/api/v1/reports/ontime?from=2026-01-01&to=2026-12-31`,
  { headers: { Authorization: `Bearer ${token}` } });

test('an administrator issues a token, it reads the API, is revoked, then gets 401', async () => {
  const { page } = j;
  await signIn(page, 'admin');
  await page.goto(j.srv.base + '/quan-tri/cai-dat/token');
  assert.equal(await page.locator('h1').textContent(), 'Mã truy cập API');
  assert.match(await page.locator('main').textContent(), /Chưa có mã nào/);

  // An empty name: the message beside the field, nothing saved.
  await page.getByRole('button', { name: 'Cấp mã' }).click();
  await page.waitForLoadState();
  const err = page.locator('#name-error');
  assert.match(await err.textContent(), /từ 1 đến 80 ký tự/);
  assert.equal(await page.getByLabel('Tên gợi nhớ').getAttribute('aria-invalid'), 'true');
  assert.equal(sql(j.data.db, 'SELECT count(*) FROM api_tokens')[0][0], '0');

  await page.getByLabel('Tên gợi nhớ').fill('Cổng dữ liệu Bình Chánh');
  await page.getByLabel('Đơn vị được xem báo cáo').selectOption('H29.23');
  await page.getByRole('button', { name: 'Cấp mã' }).click();
  await page.waitForLoadState();
  const token = await page.getByLabel('Mã truy cập').inputValue();
  assert.match(token, /^mct_[0-9a-f]{64}$/);
  assert.ok(!page.url().includes(token), 'never in the URL');
  const row = page.getByRole('row').filter({ hasText: 'Cổng dữ liệu Bình Chánh' });
  assert.match(await row.textContent(), /Đang hiệu lực/);

  const ok = await api(token);
  assert.equal(ok.status, 200);
  const report = await ok.json();
  assert.ok(report.rows.every((r) => r.key.startsWith('H29.23')));

  // The list never shows the value again.
  await page.goto(j.srv.base + '/quan-tri/cai-dat/token');
  assert.ok(!(await page.content()).includes(token.slice(4)), 'shown once');
  await row.getByRole('link', { name: /Thu hồi/ }).click();
  await page.waitForLoadState();
  assert.equal(await page.locator('h1').textContent(), 'Thu hồi mã truy cập API');
  await page.getByRole('button', { name: 'Xác nhận thu hồi' }).click();
  await page.waitForLoadState();
  assert.match(await page.getByRole('status').first().textContent(), /Đã thu hồi/);
  assert.match(await page.getByRole('row').filter({ hasText: 'Cổng dữ liệu Bình Chánh' }).textContent(), /Đã thu hồi lúc/);

  const refused = await api(token);
  assert.equal(refused.status, 401);
  assert.equal((await refused.json()).error.code, 'revoked_token');
  const audit = sql(j.data.db, "SELECT action FROM admin_audit WHERE target LIKE 'token:%' ORDER BY id").map((r) => r[0]);
  assert.deepEqual(audit, ['token.issue', 'token.revoke']);
});

test('a leader may not open the token page; the transparency page lists the units', async () => {
  const { page } = j;
  await page.context().clearCookies();
  await signIn(page, 'lanhdao.binhchanh');
  const r = await page.goto(j.srv.base + '/quan-tri/cai-dat/token');
  assert.equal(r.status(), 403);
  await page.goto(j.srv.base + '/');
  await page.getByRole('link', { name: 'Công khai kết quả giải quyết hồ sơ' }).click();
  await page.waitForURL(/\/minh-bach$/);
  assert.equal(await page.locator('h1').textContent(), 'Công khai kết quả giải quyết hồ sơ');
  const table = page.getByRole('table');
  assert.match(await table.locator('caption').textContent(), /theo đơn vị/);
  assert.match(await table.locator('tfoot').textContent(), /Tổng cộng/);
});
