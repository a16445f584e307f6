// units.test.mjs - issue 10 §2 and §4 in Chromium with JavaScript off (helper "units"): the
// admin adds a day off, sees how many due dates it moves, saves, and finds the moved due date
// and the reschedule event on a dossier's page; then closes a commune and moves its open
// dossiers to another after a preview of their number.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { journey } from '../lib/browser.mjs';
import { bin } from '../lib/server.mjs';
import { sql } from '../lib/trials.mjs';

const root = resolve(new URL('../..', import.meta.url).pathname);
const j = journey({ dossiers: 20, seed: 12 });
const PW = 'motcua-demo-2026';
const count = (q) => Number(sql(j.data.db, q)[0][0]);

// Open dossiers received an hour ago: two of 1.012753 (20 working days) at H29.23 and two of
// 1.001193 at the commune H29.23.01.
function importOpen() {
  const at = new Date(Date.now() - 3600e3).toISOString().replace(/\.\d+Z$/, 'Z');
  const rows = [['H29.23', '1.012753'], ['H29.23', '1.012753'], ['H29.23.01', '1.001193'],
    ['H29.23.01', '1.001193']].map(([unit, procedure], i) => JSON.stringify({
    code: `${unit}-990103-${String(i + 1).padStart(4, '0')}`, procedure, unit, channel: 'counter',
    applicant: { name: `Người nộp ${i}` }, events: [{ at, kind: 'receive' }] }));
  const file = join(j.data.dir, 'open.jsonl');
  writeFileSync(file, rows.join('\n') + '\n');
  execFileSync(bin, ['import', 'dossiers', '--db', j.data.db, file], { env: { ...process.env, MOTCUA_SHARE: root } });
}

// The first weekday from the day after tomorrow (local) without a calendar row.
function futureWeekday() {
  const d = new Date(Date.now() + 7 * 3600e3 + 2 * 86400e3);
  for (;;) {
    const ymd = d.toISOString().slice(0, 10);
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6 && count(`SELECT count(*) FROM calendar WHERE date = '${ymd}'`) === 0) {
      const [y, m, dd] = ymd.split('-');
      return { dmy: `${dd}/${m}/${y}`, ymd };
    }
    d.setUTCDate(d.getUTCDate() + 1);
  }
}

test('an admin adds a day off, sees the count, and finds the moved due date; then closes a commune', async () => {
  const { page } = j;
  importOpen();
  const CODE = 'H29.23-990103-0001';
  await page.goto(j.srv.base + '/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill('admin');
  await page.getByLabel('Mật khẩu', { exact: true }).fill(PW);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForLoadState();

  const dueBefore = sql(j.data.db, `SELECT due_at FROM dossiers WHERE code = '${CODE}'`)[0][0];
  const day = futureWeekday();
  await page.goto(j.srv.base + '/quan-tri/lich');
  await page.getByLabel('Ngày', { exact: true }).fill(day.dmy);
  await page.getByLabel('Loại ngày').selectOption('0');
  await page.getByLabel('Tên ngày nghỉ, ngày làm bù').fill('Nghỉ đột xuất phòng chống bão');
  await page.getByLabel('Văn bản căn cứ').fill('Công điện số 5/CĐ-UBND');
  await page.getByRole('button', { name: 'Xem trước' }).click();
  await page.waitForLoadState();
  const preview = await page.locator('#cal-preview').textContent();
  const m = preview.match(/^Lưu ngày nghỉ này sẽ dời hạn xử lý của ([\d.]+) hồ sơ\.$/);
  assert.ok(m, preview);
  const n = Number(m[1].replace(/\./g, ''));
  assert.ok(n >= 2, 'at least the two imported dossiers');
  await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('#cal-notice').textContent(), new RegExp(`dời hạn xử lý của ${m[1]} hồ sơ`));
  assert.equal(count(`SELECT count(*) FROM dossier_events WHERE kind = 'reschedule' AND data LIKE '%"day":"${day.ymd}"%'`), n);
  const dueAfter = sql(j.data.db, `SELECT due_at FROM dossiers WHERE code = '${CODE}'`)[0][0];
  assert.ok(Number(dueAfter) > Number(dueBefore), 'the due date moved later');

  await page.goto(j.srv.base + `/can-bo/ho-so/${CODE}`);
  const timeline = await page.locator('ol.timeline').textContent();
  assert.match(timeline, /Điều chỉnh hạn giải quyết do thay đổi lịch làm việc/);
  assert.match(timeline, new RegExp(`do thay đổi lịch ngày ${day.dmy.replace(/\//g, '\\/')}`));
  const d = new Date((Number(dueAfter) + 7 * 3600) * 1000).toISOString();
  const shown = `${d.slice(11, 16)} ${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
  assert.ok((await page.locator('main').textContent()).includes(shown), `the new due date ${shown} is shown`);

  // Close the commune H29.23.01 and move its two open dossiers to H29.23.02.
  await page.goto(j.srv.base + '/quan-tri/don-vi');
  await page.locator('#units a[href="/quan-tri/don-vi/H29.23.01"]').click();
  await page.waitForURL(/H29\.23\.01$/);
  await page.getByLabel('Đơn vị thay thế').selectOption('H29.23.02');
  await page.getByRole('button', { name: 'Xem trước' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('#close-preview').textContent(), /^Đóng đơn vị này sẽ chuyển 2 hồ sơ đang giải quyết sang /);
  await page.getByRole('button', { name: 'Đóng đơn vị và chuyển hồ sơ' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('#unit-notice').textContent(), /chuyển 2 hồ sơ/);
  assert.match(await page.locator('#unit-closed').textContent(), /Đã đóng từ .* → H29\.23\.02/);
  assert.equal(count(`SELECT count(*) FROM dossiers d JOIN units u ON u.id = d.unit_id
    WHERE d.code LIKE 'H29.23.01-990103-%' AND u.code = 'H29.23.02'`), 2);
  await page.goto(j.srv.base + '/can-bo/ho-so/H29.23.01-990103-0003');
  assert.match(await page.locator('ol.timeline').textContent(), /Chuyển từ đơn vị H29\.23\.01 sang đơn vị H29\.23\.02/);
});
