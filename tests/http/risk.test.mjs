// risk.test.mjs - the leader's at-risk page and charts (issue 9 §2, §4; docs/at-risk.md,
// docs/charts.md): the list holds exactly the open dossiers of the leader's subtree due before
// the window's end and nothing of another district (page, CSV, XLSX); the apology link
// pre-fills the staff page's form and answers 404 to a leader of another district; roles;
// hostile pickers; every chart is well-formed SVG with title and desc and a data table.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeDatabase, startServer, removeDir, assertCleanExit } from '../lib/server.mjs';
import { Client, sql } from '../lib/trials.mjs';
import { RISK, OTHER_LEADER, addRiskData, endOfLocalDay } from '../lib/risk.mjs';

let data;
let srv;

before(async () => {
  data = makeDatabase({ dossiers: 200, seed: 5 });
  addRiskData(data.dir, data.db);
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

// Codes linked in the table with id `table` of html.
function codesIn(html, table) {
  const m = html.match(new RegExp(`<table class="dossiers" id="${table}">([^]*?)</table>`));
  if (!m) return [];
  return [...m[1].matchAll(/<a href="\/can-bo\/ho-so\/([^"?/]+)"/g)].map((x) => x[1]);
}

// The open dossiers of unit's subtree (by unit, or handed to a department of it) due before t.
function expected(unit, t) {
  return sql(data.db, `SELECT d.code FROM dossiers d WHERE (d.status = 'received' OR
    d.status = 'processing') AND d.due_at < ${t} AND (d.unit_id IN (SELECT id FROM units WHERE
    path LIKE (SELECT path FROM units WHERE code = '${unit}') || '%') OR d.department_id IN
    (SELECT id FROM units WHERE path LIKE (SELECT path FROM units WHERE code = '${unit}') || '%'))
    ORDER BY d.due_at, d.id`).map((r) => r[0]);
}

test('the at-risk list holds exactly the overdue and due-soon dossiers of the subtree, most urgent first', async () => {
  const c = await as('lanhdao.binhchanh');
  for (const n of [1, 3, 10]) {
    const r = await c.get(`/bao-cao/nguy-co?ngay=${n}`);
    assert.equal(r.status, 200);
    const html = await r.text();
    const end = html.match(/data-window-end="([\d/]+)"/)[1];
    const want = expected('H29.23', endOfLocalDay(end));
    assert.ok(want.length < 50, 'one page');
    assert.deepEqual(codesIn(html, 'risk-list'), want, `ngay=${n}`);
    assert.match(html, new RegExp(`data-total="${want.length}"`));
    assert.ok(want.includes(RISK.A) && want.includes(RISK.D), 'A (overdue) and D (due soon)');
    assert.ok(!want.includes(RISK.B) && !want.includes(RISK.C), 'neither B (far) nor C (Hóc Môn)');
    assert.doesNotMatch(html, /H29\.24-/);
  }
  const html = await (await c.get('/bao-cao/nguy-co')).text();
  assert.match(html, /<option value="3" selected>/, '3 working days by default');
  // Where A is stuck: the department it was handed to, its step, working time in the step.
  const row = html.match(new RegExp(`<tr>\\s*<td><a href="/can-bo/ho-so/${RISK.A}">[^]*?</tr>`))[0];
  assert.match(row, /Phòng Tư pháp/);
  assert.match(row, /Bước 1/);
  assert.match(row, /\d+ giờ \d+ phút/);
  assert.match(row, /quá hạn/i);
});

test('another district\'s leader sees none of it, in the page and the exports', async () => {
  const o = await as(OTHER_LEADER.username, OTHER_LEADER.password);
  const html = await (await o.get('/bao-cao/nguy-co?ngay=10')).text();
  const codes = codesIn(html, 'risk-list');
  assert.ok(codes.includes(RISK.C));
  assert.ok(codes.every((x) => x.startsWith('H29.24')), codes.join(' '));
  const csv = await (await o.get('/bao-cao/nguy-co.csv?ngay=10')).text();
  assert.doesNotMatch(csv, /H29\.23/);
  assert.match(csv, new RegExp(RISK.C));
  // A's apology link (from the other leader's page) answers 404 to this leader.
  assert.equal((await o.get(`/can-bo/ho-so/${RISK.A}?ly_do=x&hen=01/01/2030`)).status, 404);
});

test('the exports hold the same rows as the page', async () => {
  const c = await as('lanhdao.binhchanh');
  const html = await (await c.get('/bao-cao/nguy-co?ngay=3')).text();
  const page = codesIn(html, 'risk-list');
  const r = await c.get('/bao-cao/nguy-co.csv?ngay=3');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/csv/);
  assert.match(r.headers.get('content-disposition'), /attachment; filename="nguy-co-\d{4}-\d\d-\d\d\.csv"/);
  const lines = (await r.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
  assert.match(lines[0], /^Mã hồ sơ,/);
  assert.deepEqual(lines.slice(1).map((l) => l.split(',')[0]), page);
  const x = await c.get('/bao-cao/nguy-co.xlsx?ngay=3');
  assert.equal(x.status, 200);
  const buf = Buffer.from(await x.arrayBuffer());
  assert.equal(buf.subarray(0, 2).toString(), 'PK');
  const dir = mkdtempSync(join(tmpdir(), 'risk-xlsx-'));
  try {
    writeFileSync(join(dir, 'a.xlsx'), buf);
    const xml = execFileSync('unzip', ['-p', join(dir, 'a.xlsx')]).toString();
    for (const code of page) assert.ok(xml.includes(code), `${code} in the XLSX`);
  } finally { rmSync(dir, { recursive: true, force: true }); }
  assert.equal((await c.get('/bao-cao/nguy-co.csv?ngay=11')).status, 400);
});

test('apologies due link to the staff page with the form pre-filled', async () => {
  const c = await as('lanhdao.binhchanh');
  const html = await (await c.get('/bao-cao/nguy-co')).text();
  const codes = codesIn(html, 'risk-apologies');
  const want = sql(data.db, `SELECT code FROM dossiers WHERE code IN ('${RISK.A}', '${RISK.D}') AND apology_at IS NULL`).map((r) => r[0]);
  assert.ok(codes.includes(RISK.A), 'A has no apology yet');
  assert.ok(want.includes(RISK.A));
  const link = html.match(new RegExp(`href="(/can-bo/ho-so/${RISK.A}\\?ly_do=[^"]+)"`))[1].replace(/&amp;/g, '&');
  const hen = link.match(/hen=([\d/]+)/)[1];
  const page = await c.get(link.replace(/#.*/, ''));
  assert.equal(page.status, 200);
  const body = await page.text();
  assert.match(body, /<textarea id="apologise-reason" name="reason" rows="2" maxlength="1000">Hồ sơ cần thêm thời gian/);
  assert.ok(body.includes(`value="${hen}"`), 'the promised date suggested');
});

test('only leaders and administrators; hostile pickers get a message, never a 500', async () => {
  for (const who of ['motcua.binhchanh', 'chuyenvien.qldt', 'congdan']) {
    const c = await as(who);
    for (const p of ['/bao-cao/nguy-co', '/bao-cao/bieu-do', '/bao-cao/nguy-co.csv']) {
      assert.equal((await c.get(p)).status, 403, `${who} ${p}`);
    }
  }
  assert.equal((await as('admin').then((c) => c.get('/bao-cao/nguy-co'))).status, 200);
  const c = await as('lanhdao.binhchanh');
  for (const q of ['ngay=99', 'ngay=0', 'ngay=abc', 'ngay=-1']) {
    const r = await c.get(`/bao-cao/nguy-co?${q}`);
    assert.equal(r.status, 400, q);
    assert.match(await r.text(), /phải từ 1 đến 10/);
  }
  for (const q of ['trang=999999', 'trang=abc', 'trang_xl=-5', 'nam=abc', 'nam=1900', 'ngay=' + 'x'.repeat(5000)]) {
    const r = await c.get(`/bao-cao/nguy-co?${q}`);
    assert.ok(r.status === 200 || r.status === 400 || r.status === 414, `${q}: ${r.status}`);
  }
  for (const q of ['nam=abc', 'nam=99999', 'don_vi=%3Cscript%3E', 'don_vi=H29.24', 'don_vi=']) {
    const r = await c.get(`/bao-cao/bieu-do?${q}`);
    assert.ok(r.status === 200 || r.status === 400, `${q}: ${r.status}`);
    assert.doesNotMatch(await r.text(), /<script>/);
  }
});

test('charts: three well-formed SVGs with title and desc, each with its data table; the unit picker stays in the subtree', async () => {
  const c = await as('lanhdao.binhchanh');
  const r = await c.get('/bao-cao/bieu-do');
  assert.equal(r.status, 200);
  const html = await r.text();
  const svgs = [...html.matchAll(/<svg[^]*?<\/svg>/g)].map((m) => m[0]).filter((s) => s.includes('class="chart"'));
  assert.ok(svgs.length >= 2, 'the charts');
  const dir = mkdtempSync(join(tmpdir(), 'risk-svg-'));
  try {
    for (const [i, svg] of svgs.entries()) {
      writeFileSync(join(dir, `${i}.svg`), svg);
      execFileSync('xmllint', ['--noout', join(dir, `${i}.svg`)]);	// throws when malformed
      const id = svg.match(/aria-labelledby="(\S+)-title \1-desc"/)[1];
      assert.match(svg, new RegExp(`<title id="${id}-title">[^<]+</title><desc id="${id}-desc">[^<]+</desc>`));
      assert.match(svg, /role="img"/);
    }
  } finally { rmSync(dir, { recursive: true, force: true }); }
  assert.equal((html.match(/<table class="figures" id="table-ontime">[^]*?<\/table>/)[0].match(/<th scope="row">/g) || []).length, 12);
  assert.match(html, /id="table-online"/);
  const other = await c.get('/bao-cao/bieu-do?don_vi=H29.24');
  assert.equal(other.status, 400);
  const oh = await other.text();
  assert.match(oh, /Không tìm thấy đơn vị này trong phạm vi của bạn/);
  assert.doesNotMatch(oh, /UBND huyện Hóc Môn/);
  const commune = await c.get('/bao-cao/bieu-do?don_vi=H29.23.01');
  assert.equal(commune.status, 200);
  assert.match(await commune.text(), /<strong>UBND xã Vĩnh Lộc A<\/strong>/);
});
