// work.test.mjs - the staff workspace in Chromium with JavaScript off (issue 8; docs/worklists.md):
// a clerk signs in, sees the badges, opens the due-soon list, searches a name typed without
// diacritics, exports the results as CSV, answers a citizen's feedback; the citizen then sees
// the answer on the dossier page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { journey } from '../lib/browser.mjs';
import { sql } from '../lib/trials.mjs';

const j = journey({ dossiers: 20, seed: 11 });
const PW = 'motcua-demo-2026';
const CODE = 'H29.23-990101-0002';	// the fixture's received dossier (Lê Văn Tám)

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

test('a clerk works through the lists, search, CSV and feedback', async () => {
  const { page } = j;
  // The citizen's dossier and feedback waiting for the unit.
  sql(j.data.db, `UPDATE dossiers SET owner_id = (SELECT id FROM users WHERE username = 'congdan')
    WHERE code = '${CODE}'`);
  const now = Math.floor(Date.now() / 1000);
  sql(j.data.db, `INSERT INTO feedback (dossier_id, unit_id, owner_id, body, created_at, due_at)
    SELECT id, unit_id, owner_id, 'Xin cho biết khi nào có kết quả?', ${now}, ${now + 21 * 86400}
    FROM dossiers WHERE code = '${CODE}'`);

  await signIn(page, 'motcua.binhchanh');
  await page.goto(j.srv.base + '/can-bo');
  assert.equal(await page.locator('h1').textContent(), 'Bàn làm việc');
  const intake = page.getByRole('listitem').filter({ hasText: 'Hồ sơ chờ tiếp nhận' });
  assert.match(await intake.textContent(), /\d+ hồ sơ/, 'the intake badge');
  const feedback = page.getByRole('listitem').filter({ hasText: 'Phản ánh, kiến nghị' });
  assert.match(await feedback.textContent(), /1 hồ sơ/, 'one feedback waiting');

  await page.getByRole('link', { name: 'Đến hạn trong 3 ngày làm việc' }).click();
  await page.waitForURL(/list=days3/);
  assert.equal(await page.locator('h1').textContent(), 'Đến hạn trong 3 ngày làm việc');
  assert.match(await page.locator('main').textContent(), /Tính theo ngày làm việc/);

  await page.goto(j.srv.base + '/can-bo/tim-kiem');
  await page.getByLabel('Họ tên người nộp').fill('tran thi bich ngoc');
  await page.getByRole('button', { name: 'Tìm kiếm' }).click();
  await page.waitForURL(/ten=tran/);
  assert.match(await page.locator('table').textContent(), /Trần Thị Bích Ngọc/);
  const csvHref = await page.getByRole('link', { name: 'Tải kết quả (CSV)' }).getAttribute('href');
  const csv = await page.context().request.get(j.srv.base + csvHref);
  assert.equal(csv.status(), 200);
  const text = await csv.text();
  assert.match(text, /^\uFEFFMã hồ sơ,Người nộp,/);
  assert.match(text, /H29\.23-990101-0001,Trần Thị Bích Ngọc,/);

  await page.goto(j.srv.base + '/can-bo/phan-anh');
  assert.match(await page.locator('main').textContent(), /Xin cho biết khi nào có kết quả\?/);
  await page.getByLabel('Nội dung trả lời').fill('Hồ sơ đang được phòng Tư pháp thẩm định.');
  await page.getByRole('button', { name: 'Gửi trả lời' }).click();
  await page.waitForURL(/da_tra_loi=1/);
  assert.match(await page.getByRole('status').textContent(), /Đã gửi trả lời/);
  assert.match(await page.locator('main').textContent(), /Không có phản ánh nào chờ trả lời/);
  await signOut(page);

  await signIn(page, 'congdan');
  await page.goto(j.srv.base + `/ho-so/${CODE}`);
  assert.match(await page.locator('main').textContent(), /Hồ sơ đang được phòng Tư pháp thẩm định\./);
});

test('a clerk ticks search results and assigns them in one go (bulk assign)', async () => {
  const { page } = j;
  await page.context().clearCookies();
  await signIn(page, 'motcua.binhchanh');
  await page.goto(j.srv.base + '/can-bo/tim-kiem');
  await page.getByLabel('Trạng thái').selectOption('received');
  await page.getByRole('button', { name: 'Tìm kiếm' }).click();
  await page.waitForURL(/trang_thai=received/);
  await page.getByRole('checkbox', { name: new RegExp(CODE.replace(/\./g, '\\.')) }).check();
  await page.getByLabel('Phòng ban', { exact: true }).selectOption('H29.23.TP');
  await page.getByRole('button', { name: 'Phân công các hồ sơ đã chọn' }).click();
  await page.waitForURL(/\/can-bo\/tim-kiem\/phan-cong$/);
  assert.equal(await page.locator('h1').textContent(), 'Phân công hàng loạt');
  assert.match(await page.getByRole('status').textContent(), /1 hồ sơ đã phân công, 0 hồ sơ bị từ chối/);
  await page.getByRole('link', { name: CODE }).click();
  await page.waitForURL(new RegExp(`/can-bo/ho-so/${CODE.replace(/\./g, '\\.')}$`));
  assert.match(await page.locator('main').textContent(), /H29\.23\.TP/);
  assert.equal(sql(j.data.db, `SELECT status FROM dossiers WHERE code = '${CODE}'`)[0][0], 'processing');
});
