// dashboard.test.mjs - the leader's dashboard over HTTP (issue 9 §1, §8; docs/dashboard.md):
// the hand-built dataset of the engine's report test (tests/lib/report_dataset.mjs) shows its
// hand-worked figures; every figure's drill-down list has as many dossiers as the figure and the
// same ones as `motcua report --list`; CSV and XLSX exports of the table and of the lists carry
// the same numbers; a leader of Hóc Môn (H29.24) sees neither Bình Chánh's figures nor its
// dossiers in pages, lists or exports; roles and hostile input never give a 500.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { makeDatabase, startServer, removeDir, assertCleanExit, bin } from '../lib/server.mjs';
import { Client } from '../lib/trials.mjs';
import { addReportDataset, PERIOD, FIGURES, EXPECTED, codeOf } from '../lib/report_dataset.mjs';

const root = resolve(new URL('../..', import.meta.url).pathname);
let data;
let srv;
const Q = `from=${PERIOD.from}&to=${PERIOD.to}`;

before(async () => {
  data = makeDatabase({ dossiers: 0, seed: 5 });
  addReportDataset(data.db, data.dir);
  srv = await startServer(data.db);
});
after(async () => {
  if (srv) assertCleanExit(await srv.stop());
  if (data) removeDir(data.dir);
});

async function signedIn(user) {
  const c = new Client(srv.base);
  const r = await c.signIn(user);
  assert.equal(r.status, 303, `${user} signs in`);
  return c;
}

// The figures of the report table in html: {key: {figure: number}} ("total" for the total).
function tableOf(html) {
  const out = {};
  for (const m of html.matchAll(/<tr data-key="([^"]*)">([\s\S]*?)<\/tr>/g)) {
    const row = {};
    for (const c of m[2].matchAll(/data-figure="([a-z_0-9]+)">(?:<a href="([^"]*)">)?([^<]*)/g)) {
      row[c[1]] = c[3];
      if (c[2]) row[`${c[1]}_href`] = c[2].replaceAll('&amp;', '&');
    }
    out[m[1]] = row;
  }
  return out;
}

// The dossier codes of a list page and its count.
function listOf(html) {
  const count = Number(html.match(/id="dash-list-count">[^<]*<strong>([\d.,]+)<\/strong>/)[1].replace(/[.,]/g, ''));
  const codes = [...html.matchAll(/<td><a href="\/can-bo\/ho-so\/([^"]+)">/g)].map((m) => m[1]);
  return { count, codes };
}

// A small RFC 4180 reader: rows of fields (the BOM dropped).
function csvRows(text) {
  const rows = [];
  let row = [], f = '', q = false;
  text = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (q) {
      if (ch === '"' && text[i + 1] === '"') { f += '"'; i++; } else if (ch === '"') q = false; else f += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') { row.push(f); f = ''; }
    else if (ch === '\n') { row.push(f.replace(/\r$/, '')); rows.push(row); row = []; f = ''; }
    else f += ch;
  }
  if (f || row.length) { row.push(f); rows.push(row); }
  return rows;
}

// The rows of the first sheet of an XLSX file (opened as zip + XML with unzip -p).
function xlsxRows(buf) {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-xlsx-'));
  try {
    const file = join(dir, 'x.xlsx');
    writeFileSync(file, buf);
    const xml = execFileSync('unzip', ['-p', file, 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
    let shared = [];
    try {
      const sst = execFileSync('unzip', ['-p', file, 'xl/sharedStrings.xml'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      shared = [...sst.matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => [...m[1].matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((t) => t[1]).join(''));
    } catch { /* inline strings only */ }
    const unxml = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    return [...xml.matchAll(/<row[^>]*>([\s\S]*?)<\/row>/g)].map((r) => {
      const cells = [];
      for (const c of r[1].matchAll(/<c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const col = [...c[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
        const body = c[3] || '';
        let v = '';
        const t = body.match(/<t[^>]*>([^<]*)<\/t>/);
        const n = body.match(/<v>([^<]*)<\/v>/);
        if (/t="s"/.test(c[2]) && n) v = shared[Number(n[1])];
        else if (t) v = unxml(t[1]);
        else if (n) v = n[1];
        cells[col] = v;
      }
      return Array.from(cells, (x) => x ?? '');
    });
  } finally { rmSync(dir, { recursive: true, force: true }); }
}

function reportList(figure, unit = 'H29.23') {
  const out = execFileSync(bin, ['report', 'ontime', '--db', data.db, '--from', '2026-01-12', '--to', '2026-01-16',
    '--unit', unit, '--list', figure], { env: { ...process.env, MOTCUA_SHARE: root }, encoding: 'utf8' });
  return out.split('\n').filter(Boolean).sort();
}

test('the leader reads the hand-worked figures of the dataset, by unit', async () => {
  const c = await signedIn('lanhdao.binhchanh');
  const r = await c.get(`/bao-cao?period=custom&${Q}&unit=H29.23&group=unit`);
  assert.equal(r.status, 200);
  const html = await r.text();
  const t = tableOf(html);
  for (const [key, want] of Object.entries(EXPECTED)) {
    assert.ok(t[key], `row ${key}`);
    assert.deepEqual(FIGURES.map((f) => Number(t[key][f])), want, `figures of ${key}`);
  }
  // Rates in Vietnamese number format, recomputed from summed figures for the total.
  assert.equal(t['H29.23'].on_time_rate, '80%');
  assert.equal(t['H29.23'].progress_766, '60%');
  assert.equal(t['H29.23'].score_2_1, '12');
  assert.equal(t['H29.23'].avg_processing_days, '3,2');
  assert.equal(t['H29.23.01'].avg_processing_days, '0,38');
  assert.equal(t.total.on_time_rate, '83,33%');
  assert.equal(t.total.progress_766, '63,64%');
  assert.equal(t.total.score_2_1, '12,73');
  assert.equal(t.total.avg_processing_days, '2,73');
  // The comparison with the previous week (07/01-11/01: D1 finished late, none on time) and last year.
  assert.match(html, /07\/01\/2026 – 11\/01\/2026/);
  assert.match(html, /12\/01\/2025 – 16\/01\/2025/);
  assert.match(html, /tăng 83,33 điểm %/, 'on-time rate 0% the week before, 83,33% now');
  // The per-scope figures of the index document: D5 was submitted online (1 of 7 received).
  assert.match(html, /Hồ sơ nộp trực tuyến<\/dt><dd>1 \(14,29%\)/);
  // English figures use a decimal point.
  c.jar.set('lang', 'en');
  const en = tableOf(await (await c.get(`/bao-cao?period=custom&${Q}&unit=H29.23`)).text());
  assert.equal(en.total.on_time_rate, '83.33%');
  assert.equal(en.total.score_2_1, '12.73');
});

test('by field and by procedure the rows add up to the same total', async () => {
  const c = await signedIn('lanhdao.binhchanh');
  for (const group of ['field', 'procedure']) {
    const t = tableOf(await (await c.get(`/bao-cao?period=custom&${Q}&unit=H29.23&group=${group}`)).text());
    assert.deepEqual(FIGURES.map((f) => Number(t.total[f])), EXPECTED.total, `${group} total`);
    const keys = Object.keys(t).filter((k) => k !== 'total');
    assert.deepEqual(keys.sort(), group === 'field' ? ['Hộ tịch thử', 'Đất đai thử'].sort() : ['P5', 'R3']);
    for (let i = 0; i < FIGURES.length; i++)
      assert.equal(keys.reduce((s, k) => s + Number(t[k][FIGURES[i]]), 0), EXPECTED.total[i], `${group} ${FIGURES[i]}`);
  }
});

test('every figure links to a list with as many dossiers as the figure, the same as motcua report --list', async () => {
  const c = await signedIn('lanhdao.binhchanh');
  for (const group of ['unit', 'field', 'procedure']) {
    const t = tableOf(await (await c.get(`/bao-cao?period=custom&${Q}&unit=H29.23&group=${group}`)).text());
    for (const [key, row] of Object.entries(t)) {
      for (const f of FIGURES) {
        const href = row[`${f}_href`];
        assert.ok(href?.startsWith('/bao-cao/danh-sach?'), `${group} ${key} ${f} is a link`);
        const r = await c.get(href);
        assert.equal(r.status, 200, href);
        const l = listOf(await r.text());
        assert.equal(l.count, Number(row[f]), `${group} ${key} ${f}: count`);
        assert.equal(l.codes.length, Number(row[f]), `${group} ${key} ${f}: rows`);
        if (key === 'total') assert.deepEqual(l.codes.sort(), reportList(f), `${f}: same dossiers as the engine's list`);
        if (group === 'unit' && key !== 'total') assert.ok(l.codes.every((code) => code.startsWith(`${key}-`)), `${key}'s own dossiers`);
      }
    }
  }
  // Hand check: the waiting dossiers are D6 and D11, the overdue one D8.
  const w = listOf(await (await c.get(`/bao-cao/danh-sach?figure=waiting&${Q}&unit=H29.23`)).text());
  assert.deepEqual(w.codes.sort(), [codeOf(6), codeOf(11)]);
  const o = listOf(await (await c.get(`/bao-cao/danh-sach?figure=open_overdue&${Q}&unit=H29.23`)).text());
  assert.deepEqual(o.codes, [codeOf(8)]);
});

test('CSV and XLSX exports of the table and of the lists carry the same numbers', async () => {
  const c = await signedIn('lanhdao.binhchanh');
  for (const format of ['csv', 'xlsx']) {
    const r = await c.get(`/bao-cao/xuat?format=${format}&period=custom&${Q}&unit=H29.23&group=unit`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-disposition'), new RegExp(`attachment; filename="bao-cao-H29\\.23-2026-01-12-2026-01-16\\.${format}"`));
    const buf = Buffer.from(await r.arrayBuffer());
    const rows = format === 'csv' ? csvRows(buf.toString('utf8')) : xlsxRows(buf);
    assert.equal(rows[0][0], 'Mã');
    assert.equal(rows[0][2], 'Tiếp nhận mới');
    const byKey = Object.fromEntries(rows.slice(1).map((x) => [x[0] || 'total', x]));
    for (const [key, want] of Object.entries(EXPECTED))
      assert.deepEqual(byKey[key].slice(2, 10).map(Number), want, `${format} ${key}`);
    assert.equal(byKey.total[1], 'Tổng cộng');
    assert.equal(Number(byKey.total[10]), 0.8333, `${format} on-time rate`);
    assert.equal(Number(byKey.total[11]), 0.6364);
    assert.equal(Number(byKey.total[12]), 12.73);
    assert.equal(Number(byKey.total[13]), 2.73);
    for (const f of FIGURES) {
      const l = await c.get(`/bao-cao/danh-sach/xuat?format=${format}&figure=${f}&${Q}&unit=H29.23`);
      assert.equal(l.status, 200);
      const lb = Buffer.from(await l.arrayBuffer());
      const lr = format === 'csv' ? csvRows(lb.toString('utf8')) : xlsxRows(lb);
      assert.equal(lr[0][0], 'Mã hồ sơ');
      assert.deepEqual(lr.slice(1).map((x) => x[0]).sort(), reportList(f), `${format} list ${f}`);
    }
  }
});

test('the comparison and the other figures export as CSV and XLSX with the page\'s numbers', async () => {
  const c = await signedIn('lanhdao.binhchanh');
  for (const format of ['csv', 'xlsx']) {
    const get = async (table) => {
      const r = await c.get(`/bao-cao/xuat?format=${format}&table=${table}&period=custom&${Q}&unit=H29.23`);
      assert.equal(r.status, 200, table);
      const buf = Buffer.from(await r.arrayBuffer());
      return format === 'csv' ? csvRows(buf.toString('utf8')) : xlsxRows(buf);
    };
    const cmp = await get('compare');
    assert.deepEqual(cmp[0].slice(0, 3), ['Kỳ', 'Từ ngày', 'Đến ngày']);
    assert.deepEqual(cmp[1].slice(0, 5), ['Kỳ này', '12/01/2026', '16/01/2026', '7', '6']);
    assert.deepEqual(cmp[1].slice(5).map(Number), [0.8333, 0.6364, 12.73]);
    // 07/01-11/01: D3, D8 and D13 received, D1 finished late.
    assert.deepEqual(cmp[2].slice(0, 5), ['Kỳ trước', '07/01/2026', '11/01/2026', '3', '1']);
    assert.equal(Number(cmp[2][5]), 0);
    assert.deepEqual(cmp[3].slice(0, 5), ['Cùng kỳ năm trước', '12/01/2025', '16/01/2025', '0', '0']);
    assert.equal(cmp[3][5] ?? '', '', 'no rate when nothing finished (an empty cell)');
    const fig = await get('figures');
    const byLabel = Object.fromEntries(fig.slice(1).map((x) => [x[0], x.slice(1)]));
    assert.equal(byLabel['Tiếp nhận mới'][0], '7');
    assert.equal(byLabel['Tiếp nhận mới'][1] ?? '', '');
    assert.equal(byLabel['Hồ sơ nộp trực tuyến'][0], '1');
    assert.equal(Number(byLabel['Hồ sơ nộp trực tuyến'][1]), 0.1429);
    assert.equal(byLabel['Yêu cầu bổ sung hồ sơ'][0], '3', 'D5, D6 and D13 were asked for a supplement after receipt');
  }
  assert.equal((await c.get(`/bao-cao/xuat?format=csv&table=charts&${Q}`)).status, 400);
});

test('a leader of Hóc Môn sees neither Bình Chánh\'s figures nor its dossiers', async () => {
  const c = await signedIn('lanhdao.hocmon');
  for (const path of [`/bao-cao?period=custom&${Q}&unit=H29.23`, `/bao-cao?unit=H29.23.01`,
    `/bao-cao/in?period=custom&${Q}&unit=H29.23`, `/bao-cao/xuat?format=csv&${Q}&unit=H29.23`,
    `/bao-cao/xuat?format=xlsx&${Q}&unit=H29`, `/bao-cao/xuat?format=csv&table=compare&${Q}&unit=H29.23`,
    `/bao-cao/xuat?format=csv&table=figures&${Q}&unit=H29.23`,
    `/bao-cao/danh-sach?figure=received&${Q}&unit=H29.23`,
    `/bao-cao/danh-sach/xuat?format=csv&figure=received&${Q}&unit=H29.23`]) {
    const r = await c.get(path);
    assert.equal(r.status, 404, path);
    assert.doesNotMatch(await r.text(), /H29\.23-2601/, path);
  }
  // Its own dashboard and lists for the period: nothing of H29.23.
  const html = await (await c.get(`/bao-cao?period=custom&${Q}`)).text();
  assert.doesNotMatch(html, /H29\.23/);
  assert.deepEqual(FIGURES.map((f) => Number(tableOf(html).total[f])), [0, 0, 0, 0, 0, 0, 0, 0]);
  for (const f of FIGURES) {
    const l = listOf(await (await c.get(`/bao-cao/danh-sach?figure=${f}&${Q}`)).text());
    assert.equal(l.count, 0);
    const csv = await (await c.get(`/bao-cao/danh-sach/xuat?format=csv&figure=${f}&${Q}`)).text();
    assert.doesNotMatch(csv, /H29\.23/);
  }
  // A row key of another district names nothing in its own scope.
  for (const key of ['H29.23', 'H29.23.01']) {
    const l = listOf(await (await c.get(`/bao-cao/danh-sach?figure=received&${Q}&group=unit&key=${key}`)).text());
    assert.equal(l.count, 0, key);
  }
  const byProc = listOf(await (await c.get(`/bao-cao/danh-sach?figure=received&${Q}&group=procedure&key=R3`)).text());
  assert.equal(byProc.count, 0, 'procedure R3 within H29.24 only');
  // The administrator of the province sees Bình Chánh.
  const admin = await signedIn('admin');
  const t = tableOf(await (await admin.get(`/bao-cao?period=custom&${Q}&unit=H29.23`)).text());
  assert.deepEqual(FIGURES.map((f) => Number(t.total[f])), EXPECTED.total);
});

test('roles other than leader and administrator are refused', async () => {
  const anon = await fetch(`${srv.base}/bao-cao`, { redirect: 'manual' });
  assert.equal(anon.status, 403);
  for (const user of ['motcua.binhchanh', 'chuyenvien.tuphap', 'congdan']) {
    const c = await signedIn(user);
    for (const path of ['/bao-cao', `/bao-cao/danh-sach?figure=received&${Q}`, '/bao-cao/xuat?format=csv'])
      assert.equal((await c.get(path)).status, 403, `${user} ${path}`);
  }
  // The staff menu of a leader links the report pages.
  const c = await signedIn('lanhdao.binhchanh');
  const home = await (await c.get('/can-bo')).text();
  for (const href of ['/bao-cao', '/bao-cao/bieu-do', '/bao-cao/nguy-co', '/bao-cao/xep-hang', '/bao-cao/766', '/bao-cao/par'])
    assert.ok(home.includes(`href="${href}"`), href);
});

test('bad input gets a message beside the field or a clear 400, never a 500', async () => {
  const c = await signedIn('lanhdao.binhchanh');
  let r = await c.get('/bao-cao?period=custom&from=31/02/2026&to=01/01/2026');
  assert.equal(r.status, 400);
  let html = await r.text();
  assert.match(html, /id="dash-from-err" class="field-error">Ngày không hợp lệ, nhập theo dạng dd\/mm\/yyyy\./);
  assert.match(html, /value="31\/02\/2026"/, 'what was typed is shown again');
  r = await c.get('/bao-cao?period=custom&from=16/01/2026&to=12/01/2026');
  assert.equal(r.status, 400);
  assert.match(await r.text(), /id="dash-to-err" class="field-error">Ngày kết thúc phải sau ngày bắt đầu/);
  r = await c.get('/bao-cao?period=custom&from=01/01/2000&to=01/01/2026');
  assert.equal(r.status, 400);
  r = await c.get('/bao-cao?period=month&month=13&year=2026');
  assert.equal(r.status, 400);
  assert.match(await r.text(), /id="dash-month-err"/);
  r = await c.get('/bao-cao?period=year&year=abc');
  assert.equal(r.status, 400);
  assert.match(await r.text(), /id="dash-year-err"/);
  for (const path of ['/bao-cao?period=week', '/bao-cao?group=x', `/bao-cao?unit=${'H'.repeat(5000)}`,
    '/bao-cao/danh-sach', '/bao-cao/danh-sach?figure=bogus', `/bao-cao/danh-sach?figure=received&${Q}&page=-4`,
    `/bao-cao/danh-sach?figure=received&${Q}&page=99999999999999999999`,
    `/bao-cao/danh-sach?figure=received&${Q}&key=${'k'.repeat(300)}`,
    `/bao-cao/danh-sach?figure=received&${Q}&key=%00`, '/bao-cao/xuat', '/bao-cao/xuat?format=pdf',
    `/bao-cao/danh-sach/xuat?format=csv&${Q}`, '/bao-cao/in?from=x&to=y&period=custom',
    '/bao-cao?from=%FF%FE&to=01/01/2026&period=custom', '/bao-cao?year=2026&year=2027&period=year']) {
    const x = await c.get(path);
    assert.ok([200, 400, 404].includes(x.status), `${path}: ${x.status}`);
  }
  assert.equal((await c.get(`/bao-cao/danh-sach?figure=received&${Q}&page=-4`)).status, 200, 'a bad page number shows page 1');
  assert.equal((await c.get('/bao-cao/xuat?format=pdf')).status, 400);
  assert.equal((await c.get(`/bao-cao?unit=${'H'.repeat(100)}`)).status, 404);
  assert.doesNotMatch(srv.logs(), / 500 /);
});
