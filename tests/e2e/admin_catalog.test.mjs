// admin_catalog.test.mjs - the catalogue journey in headless Chromium with JavaScript
// off (issue 10 §3; docs/admin-catalog.md): the administrator finds a procedure without
// diacritics, changes its duration from 1 to 5 working days, previews the draft's e-form and
// publishes it. A dossier submitted before the change and received after it keeps the old
// duration; a dossier received already keeps its due date; a new dossier gets the new one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { journey } from '../lib/browser.mjs';
import { DEMO_PASSWORD, sql, motcua } from '../lib/trials.mjs';

const j = journey({ dossiers: 5, seed: 41 });
const PROC = '1.001193';
const SUBMITTED = 'H29.23-990101-0001';	// submitted online an hour ago (tests/lib/server.mjs)
const RECEIVED = 'H29.23-990101-0002';	// received at the counter an hour ago
const row = (code) => sql(j.data.db, 'SELECT coalesce(procedure_version, 1), coalesce(due_at, 0), ' +
  `coalesce(received_at, 0) FROM dossiers WHERE code = '${code}'`)[0].map(Number);

async function signIn(page, username) {
  await page.goto(j.srv.base + '/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/dang-nhap'));
}

test('the administrator changes a duration and publishes; dossiers keep their version, a new one gets the new duration', async () => {
  const page = j.page;
  const receivedBefore = row(RECEIVED);
  await signIn(page, 'admin');
  await page.goto(j.srv.base + '/quan-tri/thu-tuc');
  await page.getByLabel('Tìm theo tên hoặc mã (có thể gõ không dấu)').fill('dang ky khai sinh');
  await page.getByRole('button', { name: 'Tìm kiếm' }).click();
  await page.getByRole('link', { name: 'Đăng ký khai sinh', exact: true }).click();
  await page.waitForURL(`**/quan-tri/thu-tuc/${PROC}`);
  assert.equal(await page.locator('#duration_value').inputValue(), '1');
  await page.locator('#duration_value').fill('5');
  await page.locator('.actions button[value="save"]').click();
  await page.waitForURL(/da=saved/);
  assert.match(await page.locator('p.notice').textContent(), /Đã lưu bản nháp/);
  assert.match(await (await fetch(`${j.srv.base}/thu-tuc/${PROC}`)).text(), /1 ngày làm việc/,
    'the draft changes nothing live');

  await page.getByRole('link', { name: 'Xem trước tờ khai' }).click();
  await page.waitForURL(/xem-truoc$/);
  const inputs = await page.locator('fieldset[disabled] input, fieldset[disabled] select, fieldset[disabled] textarea').count();
  const fields = Number(sql(j.data.db, `SELECT json_array_length(form) FROM procedures WHERE code = '${PROC}'`)[0][0]);
  assert.ok(inputs >= fields && fields > 0, `the preview shows the e-form (${inputs} inputs for ${fields} fields)`);
  await page.getByRole('link', { name: 'Quay lại trang sửa thủ tục' }).click();

  await page.getByRole('button', { name: 'Công bố bản nháp' }).click();
  await page.waitForURL(/da=published/);
  assert.match(await page.locator('p.notice').textContent(), /Đã công bố/);
  assert.match(await page.locator('#history-title + table tbody tr').first().textContent(), /Thời hạn/);
  assert.match(await (await fetch(`${j.srv.base}/thu-tuc/${PROC}`)).text(), /5 ngày làm việc/);

  // The dossier received before the change keeps its due date; the one submitted before it is
  // received now under its own version 1; a new dossier received at the same instant gets 5 days.
  assert.deepEqual(row(RECEIVED), receivedBefore);
  const ev = motcua(['event', '--db', j.data.db, '--code', SUBMITTED, '--kind', 'receive', '--user', 'motcua.binhchanh']);
  assert.equal(ev.status, 0, ev.stderr);
  const [oldVersion, oldDue, at] = row(SUBMITTED);
  const fresh = join(j.data.dir, 'fresh.jsonl');
  writeFileSync(fresh, JSON.stringify({ code: 'H29.23-990102-0001', procedure: PROC, unit: 'H29.23',
    channel: 'counter', applicant: { name: 'Võ Thị Mới' },
    events: [{ at: new Date(at * 1000).toISOString().replace(/\.\d+Z$/, 'Z'), kind: 'receive' }] }) + '\n');
  const imp = motcua(['import', 'dossiers', '--db', j.data.db, fresh]);
  assert.equal(imp.status, 0, imp.stderr);
  const [newVersion, newDue] = row('H29.23-990102-0001');
  assert.equal(oldVersion, 1);
  assert.equal(newVersion, 2);
  assert.ok(newDue - oldDue >= 4 * 86400, `4 more working days (${oldDue} -> ${newDue})`);

  await page.goto(`${j.srv.base}/can-bo/ho-so/${SUBMITTED}`);
  assert.match(await page.locator('main').textContent(), /Phiên bản thủ tục\s*1/);
  await page.goto(`${j.srv.base}/can-bo/ho-so/H29.23-990102-0001`);
  assert.match(await page.locator('main').textContent(), /Phiên bản thủ tục\s*2/);
});
