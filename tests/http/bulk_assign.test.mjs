// bulk_assign.test.mjs - the bulk assign of the search page (POST /can-bo/tim-kiem/phan-cong;
// docs/worklists.md): each ticked dossier is handed once with the version it was shown at; a
// dossier changed meanwhile is reported by code and skipped while the rest are applied;
// another unit's dossier code smuggled into the form is refused and unchanged; a specialist
// gets 403 and nothing changes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeDatabase, startServer, removeDir, assertCleanExit } from '../lib/server.mjs';
import { Client, sql } from '../lib/trials.mjs';

let data;
let srv;

before(async () => {
  data = makeDatabase({ dossiers: 60, seed: 5 });
  srv = await startServer(data.db);
  // Four received dossiers of H29.23, received at the counter (docs/intake.md).
  const clerk = await staff('motcua.binhchanh');
  for (let i = 0; i < 4; i++) {
    const html = await (await clerk.get('/can-bo/tiep-nhan/moi/1.013228')).text();
    const fd = new FormData();
    const f = {
      csrf: html.match(/name="csrf" value="([0-9a-f]+)"/)[1], token: html.match(/name="token" value="([0-9a-f]{32})"/)[1],
      channel: 'counter', applicant_name: `Phạm Văn Số ${i}`, applicant_id_number: '079203001234',
      applicant_phone: '0909123456', applicant_address: 'Bình Chánh', delivery: 'counter',
      f_owner_name: 'Phạm Văn Quầy', f_owner_id: '079203001234', f_reason: 'Bị mất', f_phone: '0909123456',
    };
    for (const [k, v] of Object.entries(f)) fd.set(k, v);
    fd.set('file_0', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')], { type: 'application/pdf' }), 'a.pdf');
    assert.equal((await clerk.multipart('/can-bo/tiep-nhan/moi/1.013228', fd)).status, 200);
  }
});
after(async () => {
  assertCleanExit(await srv.stop());
  removeDir(data.dir);
});

const one = (q) => sql(data.db, q)[0]?.[0];
const state = (code) => sql(data.db, `SELECT status, version, coalesce(department_id, 0) FROM dossiers WHERE code = '${code}'`)[0].join(' ');
const assigns = (code) => Number(one(`SELECT count(*) FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id ` +
  `WHERE d.code = '${code}' AND e.kind IN ('assign', 'transfer')`));

async function staff(who) {
  const c = new Client(srv.base);
  assert.equal((await c.signIn(who)).status, 303, `${who} signs in`);
  return c;
}

// The received rows of the search page: [{sel, code, ver, version}] and the page's csrf.
async function received(c) {
  const r = await c.get('/can-bo/tim-kiem?trang_thai=received');
  assert.equal(r.status, 200);
  const html = await r.text();
  const rows = [...html.matchAll(/name="(sel_\d+)" value="([^"]+)">.*?name="(ver_\d+)" value="(\d+)"/g)]
    .map((m) => ({ sel: m[1], code: m[2], ver: m[3], version: m[4] }));
  const csrf = html.match(/name="csrf" value="([0-9a-f]+)"/)?.[1];
  return { html, rows, csrf };
}

function fields(csrf, rows, extra = {}) {
  const f = { csrf, department: 'H29.23.TP', assignee: one("SELECT id FROM users WHERE username = 'chuyenvien.tuphap'"), ...extra };
  for (const r of rows) { f[r.sel] = r.code; f[r.ver] = r.version; }
  return f;
}

test('bulk assign applies each once; a stale one is reported by code and skipped, the rest applied', async () => {
  const clerk = await staff('motcua.binhchanh');
  const { html, rows, csrf } = await received(clerk);
  assert.match(html, /formaction="\/can-bo\/tim-kiem\/phan-cong"/);
  assert.match(html, /<option value="H29\.23\.TP">/);
  assert.ok(rows.length >= 3, `three received dossiers (${rows.length})`);
  const [a, b, c] = rows;
  const r1 = await clerk.post('/can-bo/tim-kiem/phan-cong', fields(csrf, [a, b]));
  assert.equal(r1.status, 200);
  const page1 = await r1.text();
  assert.match(page1, /id="bulk-summary"><strong>2<\/strong> hồ sơ đã phân công, <strong>0<\/strong>/);
  assert.equal(assigns(a.code), 1);
  assert.equal(assigns(b.code), 1);
  assert.equal(one(`SELECT u.code FROM dossiers d JOIN units u ON u.id = d.department_id WHERE d.code = '${a.code}'`), 'H29.23.TP');
  // The same form again with a fresh third row: a and b were changed since (by this very
  // form): reported by code, skipped; c applied.
  const before = [state(a.code), state(b.code)];
  const r2 = await clerk.post('/can-bo/tim-kiem/phan-cong', fields(csrf, [a, b, c]));
  assert.equal(r2.status, 200);
  const page2 = await r2.text();
  assert.match(page2, /<strong>1<\/strong> hồ sơ đã phân công, <strong>2<\/strong> hồ sơ bị từ chối/);
  const refused = page2.match(/<ul id="bulk-refused">(.*?)<\/ul>/s)[1];
  assert.match(refused, new RegExp(`${a.code.replace(/\./g, '\\.')}</span> — Hồ sơ đã thay đổi kể từ khi biểu mẫu được mở[^<]*Thay đổi gần nhất: [^<]+`));
  assert.match(refused, new RegExp(b.code.replace(/\./g, '\\.')));
  assert.doesNotMatch(refused, new RegExp(c.code.replace(/\./g, '\\.')));
  assert.deepEqual([state(a.code), state(b.code)], before);
  assert.equal(assigns(a.code), 1);
  assert.equal(assigns(b.code), 1);
  assert.equal(assigns(c.code), 1);
});

test('another unit\'s dossier smuggled into the form is refused and unchanged', async () => {
  const clerk = await staff('motcua.binhchanh');
  const { rows, csrf } = await received(clerk);
  const foreign = one("SELECT d.code FROM dossiers d JOIN units u ON u.id = d.unit_id WHERE u.path NOT LIKE " +
    "(SELECT path FROM units WHERE code = 'H29.23') || '%' AND d.code IS NOT NULL LIMIT 1");
  assert.ok(foreign, 'a dossier of another unit');
  const before = state(foreign);
  const handed = assigns(foreign);
  const f = fields(csrf, rows.slice(0, 1));
  f.sel_49 = foreign;
  f.ver_49 = one(`SELECT version FROM dossiers WHERE code = '${foreign}'`);
  const r = await clerk.post('/can-bo/tim-kiem/phan-cong', f);
  assert.equal(r.status, 200);
  const page = await r.text();
  assert.match(page, new RegExp(`${foreign.replace(/\./g, '\\.')}</span> — không tìm thấy`));
  assert.equal(state(foreign), before);
  assert.equal(assigns(foreign), handed);
});

test('a specialist gets 403 and nothing changes; no department chosen is answered', async () => {
  const clerk = await staff('motcua.binhchanh');
  const { rows, csrf } = await received(clerk);
  const spec = await staff('chuyenvien.tuphap');
  const token = await spec.token('/tai-khoan');
  const before = state(rows[0].code);
  const r = await spec.post('/can-bo/tim-kiem/phan-cong', fields(token, rows.slice(0, 1)));
  assert.equal(r.status, 403);
  assert.equal(state(rows[0].code), before);
  // The specialist's search page offers no bulk assign.
  const page = await (await spec.get('/can-bo/tim-kiem?trang_thai=received')).text();
  assert.doesNotMatch(page, /phan-cong/);
  const bad = await clerk.post('/can-bo/tim-kiem/phan-cong', fields(csrf, rows.slice(0, 1), { department: 'KHONG.CO' }));
  assert.equal(bad.status, 400);
  assert.match(await bad.text(), /id="bulk-error"/);
  assert.equal(state(rows[0].code), before);
});
