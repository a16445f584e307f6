// admin_audit.test.mjs - the browser journeys of issue 10 §8 and §5 (JavaScript off): a clerk
// opens a dossier and the citizen's page lists that view (name, unit, dd/mm/yyyy hh:mm); an
// administrator imports a calendar file with one bad line, sees the line and field named and
// nothing imported, then a good file and its summary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { journey } from '../lib/browser.mjs';
import { sql } from '../lib/trials.mjs';

const j = journey({ dossiers: 20, seed: 19 });
const CODE = 'H29.23-990101-0002';

async function signIn(username) {
  await j.page.context().clearCookies();
  await j.page.goto(`${j.srv.base}/dang-nhap`);
  await j.page.fill('#username', username);
  await j.page.fill('#password', 'motcua-demo-2026');
  await Promise.all([j.page.waitForNavigation(), j.page.click('form.signin button[type=submit]')]);
}

test('a clerk opens a dossier; the citizen\'s page lists who at which unit viewed it', async () => {
  sql(j.data.db, `UPDATE dossiers SET owner_id = (SELECT id FROM users WHERE username = 'congdan') WHERE code = '${CODE}'`);
  const { page } = j;
  await signIn('congdan');
  await page.goto(`${j.srv.base}/ho-so/${CODE}`);
  assert.match(await page.locator('#views').textContent(), /Chưa có cán bộ nào xem hồ sơ của bạn/);
  await signIn('motcua.binhchanh');
  const r = await page.goto(`${j.srv.base}/can-bo/ho-so/${CODE}`);
  assert.equal(r.status(), 200);
  await signIn('congdan');
  await page.goto(`${j.srv.base}/ho-so/${CODE}`);
  const rows = page.locator('#views tbody tr');
  assert.equal(await rows.count(), 1);
  const cells = await rows.first().locator('td').allTextContents();
  const name = sql(j.data.db, "SELECT name FROM users WHERE username = 'motcua.binhchanh'")[0][0];
  assert.equal(cells[0], name);
  assert.equal(cells[1], 'UBND huyện Bình Chánh');
  assert.equal(cells[2], 'Trang hồ sơ');
  assert.match(cells[3], /^\d\d\/\d\d\/\d{4} \d\d:\d\d$/);
});

test('an administrator imports a calendar file with one bad line: line named, nothing imported', async () => {
  const { page } = j;
  await signIn('admin');
  const before = sql(j.data.db, 'SELECT count(*) FROM calendar')[0][0];
  const bad = join(j.data.dir, 'lich-2033.csv');
  writeFileSync(bad, 'date,working,name,source\n2033-01-01,0,Tết Dương lịch,BLLĐ 2019\n'
    + '2033-04-30,2,Giải phóng miền Nam,BLLĐ 2019\n2033-05-01,0,Quốc tế Lao động,BLLĐ 2019\n');
  await page.goto(`${j.srv.base}/quan-tri/nhap`);
  await page.selectOption('#imp-kind', 'calendar');
  await page.setInputFiles('#imp-file', bad);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/quan-tri/nhap"] button[type=submit]')]);
  const alert = await page.locator('[role=alert]').first().textContent();
  assert.match(alert, /lich-2033\.csv/);
  assert.match(alert, /Dòng 3/);
  assert.match(alert, /trường “working”/);
  assert.match(alert, /Không có dữ liệu nào được nhập/);
  assert.equal(sql(j.data.db, 'SELECT count(*) FROM calendar')[0][0], before);
  assert.equal(sql(j.data.db, "SELECT count(*) FROM calendar WHERE date LIKE '2033-%'")[0][0], '0');
  // the corrected file
  const good = join(j.data.dir, 'lich-2033-dung.csv');
  writeFileSync(good, 'date,working,name,source\n2033-01-01,0,Tết Dương lịch,BLLĐ 2019\n'
    + '2033-04-30,0,Giải phóng miền Nam,BLLĐ 2019\n2033-05-01,0,Quốc tế Lao động,BLLĐ 2019\n');
  await page.selectOption('#imp-kind', 'calendar');
  await page.setInputFiles('#imp-file', good);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/quan-tri/nhap"] button[type=submit]')]);
  assert.match(page.url(), /\/quan-tri\/nhap\/\d+$/);
  assert.match(await page.locator('main').textContent(), /Thêm mới: 3/);
  assert.equal(sql(j.data.db, "SELECT count(*) FROM calendar WHERE date LIKE '2033-%'")[0][0], '3');
  // and the administrative record shows it
  await page.goto(`${j.srv.base}/quan-tri/nhat-ky?hanh_dong=import.calendar`);
  assert.match(await page.locator('main').textContent(), /file:lich-2033-dung\.csv/);
});
