// units.test.mjs - issue 10 §2 and §4 (helper "units"; docs/admin-units.md,
// docs/calendar-changes.md): the units tree and the calendar are the admin's, scoped to its
// subtree (another unit 404, a clerk 403, the calendar only for a province admin); a calendar
// change says how many due dates it moves and moves exactly that many, each an engine event;
// a bad date or a stale form changes nothing; closing a unit moves its open dossiers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makeDatabase, startServer, removeDir, assertCleanExit, bin } from '../lib/server.mjs';
import { Client, sql, motcua } from '../lib/trials.mjs';

const root = resolve(new URL('../..', import.meta.url).pathname);
const DISTRICT = { username: 'quantri.binhchanh', password: 'mat-khau-quan-tri-9' };
let data;
let srv;

before(async () => {
  data = makeDatabase({ dossiers: 400, seed: 5 });
  execFileSync(bin, ['user', 'add', '--db', data.db, '--role', 'admin', '--name', 'Quản trị huyện',
    '--unit', 'H29.23', '--username', DISTRICT.username],
  { env: { ...process.env, MOTCUA_SHARE: root }, input: DISTRICT.password + '\n' });
  // Open dossiers due weeks ahead (procedure 1.012753: 20 working days) in two districts,
  // received an hour ago through the real importer; one of H29.24 waiting for a supplement.
  const at = new Date(Date.now() - 3600e3).toISOString().replace(/\.\d+Z$/, 'Z');
  const lines = [];
  for (let i = 0; i < 12; i++) {
    const unit = i < 7 ? 'H29.23' : 'H29.24';
    const events = [{ at, kind: 'receive' }];
    if (i === 11) events.push({ at, kind: 'request_supplement', reason: 'Thiếu giấy tờ', items: 'Bản sao' });
    lines.push(JSON.stringify({ code: `${unit}-990102-${String(i + 1).padStart(4, '0')}`, procedure: '1.012753',
      unit, channel: 'counter', applicant: { name: `Người nộp ${i}` }, events }));
  }
  const file = join(data.dir, 'open.jsonl');
  writeFileSync(file, lines.join('\n') + '\n');
  execFileSync(bin, ['import', 'dossiers', '--db', data.db, file], { env: { ...process.env, MOTCUA_SHARE: root } });
  srv = await startServer(data.db);
});
after(async () => {
  assertCleanExit(await srv.stop());
  removeDir(data.dir);
});

async function as(who, password) {
  const c = new Client(srv.base);
  const r = await c.signIn(who, password);
  assert.equal(r.status, 303, `${who} signs in`);
  return c;
}

const count = (q) => Number(sql(data.db, q)[0][0]);
const events = () => count('SELECT count(*) FROM dossier_events');

// The first weekday from the day after tomorrow (local) without a calendar row, dd/mm/yyyy
// and YYYY-MM-DD.
function futureWeekday() {
  const d = new Date(Date.now() + 7 * 3600e3 + 2 * 86400e3);
  for (;;) {
    const ymd = d.toISOString().slice(0, 10);
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6 && count(`SELECT count(*) FROM calendar WHERE date = '${ymd}'`) === 0) {
      const [y, m, dd] = ymd.split('-');
      return { dmy: `${dd}/${m}/${y}`, ymd, year: y };
    }
    d.setUTCDate(d.getUTCDate() + 1);
  }
}

test('a clerk gets 403; a district admin sees its subtree only', async () => {
  const clerk = await as('motcua.binhchanh');
  assert.equal((await clerk.get('/quan-tri/don-vi')).status, 403);
  assert.equal((await clerk.get('/quan-tri/lich')).status, 403);
  const csrf = await clerk.token('/can-bo');
  assert.equal((await clerk.post('/quan-tri/lich', { csrf, date: '01/01/2030', working: '0', name: 'x' })).status, 403);

  const d = await as(DISTRICT.username, DISTRICT.password);
  const list = await (await d.get('/quan-tri/don-vi')).text();
  assert.match(list, /H29\.23\b/);
  assert.doesNotMatch(list, /H29\.24/, 'no sibling district');
  assert.equal((await d.get('/quan-tri/don-vi/H29.24')).status, 404);
  assert.equal((await d.get('/quan-tri/don-vi/NOPE')).status, 404);
  const t = await d.token('/quan-tri/don-vi');
  const name = sql(data.db, "SELECT name FROM units WHERE code = 'H29.24'")[0][0];
  assert.equal((await d.post('/quan-tri/don-vi/H29.24', { csrf: t, name: 'Đổi tên' })).status, 404);
  assert.equal(sql(data.db, "SELECT name FROM units WHERE code = 'H29.24'")[0][0], name);
  // The calendar is the province's: read only for a district admin.
  const cal = await d.get('/quan-tri/lich');
  assert.equal(cal.status, 200);
  assert.doesNotMatch(await cal.text(), /name="date"/);
  assert.equal((await d.post('/quan-tri/lich', { csrf: t, date: '01/01/2030', working: '0', name: 'x' })).status, 403);
});

test('a unit with bad office hours is refused beside the field; a good one is added', async () => {
  const d = await as(DISTRICT.username, DISTRICT.password);
  const csrf = await d.token('/quan-tri/don-vi');
  const before = count('SELECT count(*) FROM units');
  const bad = await d.post('/quan-tri/don-vi', { csrf, code: 'H29.23.77', name: 'UBND xã Thử', level: 'commune',
    parent: 'H29.23', address: 'Ấp 3', hours: '11:30-07:00' });
  assert.equal(bad.status, 400);
  const html = await bad.text();
  assert.match(html, /id="u-hours-e">[^<]*Giờ làm việc không hợp lệ/);
  assert.match(html, /value="UBND xã Thử"/, 'typed values kept');
  assert.equal(count('SELECT count(*) FROM units'), before);
  const huge = await d.post('/quan-tri/don-vi', { csrf, code: 'H29.23.77', name: 'x'.repeat(5000), level: 'commune', parent: 'H29.23' });
  assert.equal(huge.status, 400);
  const other = await d.post('/quan-tri/don-vi', { csrf, code: 'H29.23.77', name: 'Xã', level: 'commune', parent: 'H29.24' });
  assert.equal(other.status, 400, 'a parent outside the subtree');
  const ok = await d.post('/quan-tri/don-vi', { csrf, code: 'H29.23.77', name: 'UBND xã Thử', level: 'commune',
    parent: 'H29.23', address: 'Ấp 3', hours: '07:30-11:30, 13:00-16:30' });
  assert.equal(ok.status, 303);
  assert.equal(sql(data.db, "SELECT hours FROM units WHERE code = 'H29.23.77'")[0][0], '[["07:30","11:30"],["13:00","16:30"]]');
  const twice = await d.post('/quan-tri/don-vi', { csrf, code: 'H29.23.77', name: 'Lại', level: 'commune', parent: 'H29.23' });
  assert.equal(twice.status, 400);
  assert.match(await twice.text(), /đã được dùng/);
  assert.equal(count("SELECT count(*) FROM admin_audit WHERE action = 'unit.add' AND target = 'unit:H29.23.77'"), 1);
});

test('a calendar day: bad date and stale form change nothing; the preview count is the moved count', async () => {
  const a = await as('admin');
  const csrf = await a.token('/quan-tri/lich');
  const rows = count('SELECT count(*) FROM calendar');
  const ev = events();
  const bad = await a.post('/quan-tri/lich', { csrf, date: '31/02/2027', working: '0', name: 'Nghỉ' });
  assert.equal(bad.status, 400);
  assert.match(await bad.text(), /id="d-date-e"/);
  const noname = await a.post('/quan-tri/lich', { csrf, date: '01/03/2027', working: '0', name: '' });
  assert.equal(noname.status, 400);
  assert.match(await noname.text(), /id="d-name-e"/);
  assert.equal(count('SELECT count(*) FROM calendar'), rows);

  const day = futureWeekday();
  const fields = { csrf, date: day.dmy, working: '0', name: 'Nghỉ đột xuất do bão', source: 'Công điện 5/CĐ-UBND' };
  const pv = await a.post('/quan-tri/lich', fields);
  assert.equal(pv.status, 200);
  const html = await pv.text();
  const m = html.match(/dời hạn xử lý của ([\d.]+) hồ sơ/);
  assert.ok(m, 'the preview says how many');
  const n = Number(m[1].replace(/\./g, ''));
  assert.ok(n > 0, `some open dossiers are due after ${day.ymd}`);
  const fp = html.match(/name="fp" value="([0-9a-f]{16})"/)[1];
  assert.equal(count('SELECT count(*) FROM calendar'), rows, 'a preview saves nothing');
  assert.equal(events(), ev);

  const stale = await a.post('/quan-tri/lich', { ...fields, fp: '0123456789abcdef', count: String(n), confirm: '1' });
  assert.equal(stale.status, 409);
  assert.equal(count('SELECT count(*) FROM calendar'), rows);
  assert.equal(events(), ev);
  const wrong = await a.post('/quan-tri/lich', { ...fields, fp, count: String(n + 1), confirm: '1' });
  assert.equal(wrong.status, 409);
  assert.match(await wrong.text(), new RegExp(`name="count" value="${n}"`), 'shown again with the number now');
  assert.equal(events(), ev);

  const save = await a.post('/quan-tri/lich', { ...fields, fp, count: String(n), confirm: '1' });
  assert.equal(save.status, 303);
  assert.equal(count(`SELECT count(*) FROM calendar WHERE date = '${day.ymd}' AND working = 0`), 1);
  assert.equal(count(`SELECT count(*) FROM dossier_events WHERE kind = 'reschedule' AND data LIKE '%"day":"${day.ymd}"%'`), n);
  assert.equal(events(), ev + n);
  const again = await a.post('/quan-tri/lich', { ...fields, fp, count: String(n), confirm: '1' });
  assert.equal(again.status, 409, 'the same confirmation twice is stale');
  assert.equal(events(), ev + n);
  assert.equal(motcua(['stats', 'verify', '--db', data.db]).status, 0, 'counters equal the replay');
  assert.equal(motcua(['audit', 'verify', '--db', data.db]).status, 0);
  const page = await (await a.get(`/quan-tri/lich?nam=${day.year}&da_luu=${n}`)).text();
  assert.ok(page.includes('Nghỉ đột xuất do bão'));
});

test('closing a unit moves its open dossiers after a preview of their number', async () => {
  const a = await as('admin');
  const from = 'H29.24';
  const open = count(`SELECT count(*) FROM dossiers d JOIN units u ON u.id = d.unit_id WHERE u.code = '${from}'
    AND d.status IN ('submitted', 'received', 'processing', 'supplement', 'payment')`);
  const finished = count(`SELECT count(*) FROM dossiers d JOIN units u ON u.id = d.unit_id WHERE u.code = '${from}'
    AND d.finished_at IS NOT NULL`);
  assert.ok(open > 0);
  const csrf = await a.token(`/quan-tri/don-vi/${from}`);
  const pv = await a.post(`/quan-tri/don-vi/${from}/dong`, { csrf, replacement: 'H29.23' });
  assert.equal(pv.status, 200);
  const html = await pv.text();
  assert.match(html, new RegExp(`sẽ chuyển ${open} hồ sơ`));
  const bad = await a.post(`/quan-tri/don-vi/${from}/dong`, { csrf, replacement: from, count: String(open), confirm: '1' });
  assert.equal(bad.status, 400);
  assert.equal(count(`SELECT count(*) FROM units WHERE code = '${from}' AND closed_at IS NOT NULL`), 0);
  const ok = await a.post(`/quan-tri/don-vi/${from}/dong`, { csrf, replacement: 'H29.23', count: String(open), confirm: '1' });
  assert.equal(ok.status, 303);
  assert.equal(count(`SELECT count(*) FROM dossier_events WHERE kind = 'move_unit' AND data LIKE '%"from":"${from}"%'`), open);
  assert.equal(count(`SELECT count(*) FROM dossiers d JOIN units u ON u.id = d.unit_id WHERE u.code = '${from}'
    AND d.finished_at IS NOT NULL`), finished, 'finished dossiers stay');
  assert.equal(count(`SELECT count(*) FROM dossiers d JOIN units u ON u.id = d.unit_id WHERE u.code = '${from}'
    AND d.status IN ('submitted', 'received', 'processing', 'supplement', 'payment')`), 0);
  assert.equal(motcua(['stats', 'verify', '--db', data.db]).status, 0);
  const page = await (await a.get(`/quan-tri/don-vi/${from}`)).text();
  assert.match(page, /id="unit-closed"/);
  // A closed unit takes no counter intake.
  const clerk = await as('motcua.hocmon');
  const intake = await clerk.get('/can-bo/tiep-nhan/moi');
  assert.ok([200, 403, 404].includes(intake.status));
});
