// index.test.mjs - the leader's indexes in Chromium with JavaScript off (issue 9 §3, §5, §6;
// issue 10 §6; docs/index766.md, docs/par.md): a leader enters a Decision 766 indicator and
// sees the total change; the administrator loads the PAR sample criteria; the leader enters a
// criterion for a commune with an evidence link and sees the commune's place in the ranking
// change, written as users write it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { journey } from '../lib/browser.mjs';
import { sql } from '../lib/trials.mjs';

const j = journey({ dossiers: 40, seed: 13 });
const PW = 'motcua-demo-2026';
const num = (s) => Number(s.trim().replace(/\./g, '').replace(',', '.'));

async function signIn(page, username) {
  await page.goto(j.srv.base + '/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(PW);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForLoadState();
}

async function signOut(page) {
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.waitForURL(j.srv.base + '/');
}

test('a leader enters a 766 indicator and sees the total change', async () => {
  const { page } = j;
  await signIn(page, 'lanhdao.binhchanh');
  await page.goto(j.srv.base + '/bao-cao/766');
  assert.match(await page.locator('h1').textContent(), /Quyết định 766/);
  const before = num(await page.locator('#ix-total-points').textContent());
  await page.getByLabel('Tỷ lệ đạt được (%)').first().fill('75');
  await page.locator('#i1-1-n').fill('https://example.vn/bien-ban-cong-khai');
  await page.getByRole('button', { name: 'Lưu chỉ số 1.1' }).click();
  await page.waitForURL(/da_luu=1/);
  assert.match(await page.getByRole('status').textContent(), /Đã lưu/);
  const after = num(await page.locator('#ix-total-points').textContent());
  assert.equal(Math.round((after - before) * 100) / 100, 4.5, '6 points x 75 %');
  const row = page.locator('#row-1\\.1');
  assert.match(await row.textContent(), /Nhập tay: [^,]+, \d\d:\d\d \d\d\/\d\d\/\d{4}/);
  assert.equal(await row.getByRole('link', { name: 'Tài liệu kiểm chứng' }).getAttribute('href'),
    'https://example.vn/bien-ban-cong-khai');
  // a value out of range is answered beside the field and nothing changes
  await page.locator('#i1-2-v').fill('150');
  await page.getByRole('button', { name: 'Lưu chỉ số 1.2' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('#i1-2-ve').textContent(), /từ 0 đến 100/);
  assert.equal(num(await page.locator('#ix-total-points').textContent()), after);
  await signOut(page);
});

test('the administrator loads the PAR sample; a leader enters a criterion and sees the ranking', async () => {
  const { page } = j;
  await signIn(page, 'admin');
  await page.goto(j.srv.base + '/quan-tri/cai-dat/par');
  await page.getByRole('button', { name: /Nạp bộ tiêu chí mẫu/ }).click();
  await page.waitForURL(/da_luu=1/);
  assert.equal(Number(sql(j.data.db, 'SELECT count(*) FROM par_criteria')[0][0]), 25);
  await signOut(page);

  await signIn(page, 'lanhdao.binhchanh');
  const year = new Date(Date.now() + 7 * 3600e3).getUTCFullYear();
  await page.goto(`${j.srv.base}/bao-cao/xep-hang?theo=par&nam=${year}`);
  const commune = page.getByRole('row').filter({ hasText: 'UBND xã Vĩnh Lộc A' });
  const valueBefore = num(await commune.locator('td').nth(1).textContent());

  await page.goto(j.srv.base + '/bao-cao/par');
  await page.locator('#par-unit').selectOption('H29.23.01');
  await page.getByRole('button', { name: 'Xem' }).click();
  await page.waitForLoadState();
  await page.locator('details:has(#c1-1-p) summary').click();
  await page.locator('#c1-1-p').fill('2,5');
  await page.locator('#c1-1-e').fill('https://example.vn/ke-hoach-cchc');
  await page.locator('#c1-1-n').fill('Kế hoạch CCHC năm');
  await page.getByRole('button', { name: 'Lưu chỉ số 1.1' }).click();
  await page.waitForURL(/da_luu=1/);
  const crit = page.locator('#crit-c1-1');
  assert.match(await crit.textContent(), /Nhập tay/);
  assert.equal(await crit.getByRole('link').getAttribute('href'), 'https://example.vn/ke-hoach-cchc');

  await page.getByRole('link', { name: 'Xem xếp hạng các đơn vị' }).click();
  await page.waitForLoadState();
  // the ranking of the district's communes (the link keeps the commune: go up to the district)
  await page.goto(`${j.srv.base}/bao-cao/xep-hang?theo=par&nam=${year}&don_vi=H29.23`);
  const row = page.getByRole('row').filter({ hasText: 'UBND xã Vĩnh Lộc A' });
  const valueAfter = num(await row.locator('td').nth(1).textContent());
  assert.equal(Math.round((valueAfter - valueBefore) * 100) / 100, 2.5);
  assert.match(await row.textContent(), /thứ \d\/4, \d+,\d\d điểm/);
  await signOut(page);
});
