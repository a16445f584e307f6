// index.test.mjs - the Decision 766 page, the PAR index, the rankings and the index settings
// pages (issue 9 §3, §5, §6; issue 10 §6; docs/index766.md, docs/par.md): a leader of
// another district can neither read nor enter values for H29.23; refused input is answered
// beside the field and saves nothing; a bad configuration names its line and changes nothing;
// roles that may never do it get 403.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { makeDatabase, startServer, removeDir, assertCleanExit, bin } from '../lib/server.mjs';
import { Client, sql, motcua } from '../lib/trials.mjs';

const root = resolve(new URL('../..', import.meta.url).pathname);
const OTHER = { username: 'lanhdao.hocmon.index', password: 'mat-khau-thu-nghiem-9' };
const MONTH = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 7);
let data;
let srv;

before(async () => {
  data = makeDatabase({ dossiers: 60, seed: 5 });
  execFileSync(bin, ['user', 'add', '--db', data.db, '--role', 'leader', '--name', 'Lãnh đạo Hóc Môn',
    '--unit', 'H29.24', '--username', OTHER.username],
  { env: { ...process.env, MOTCUA_SHARE: root }, input: OTHER.password + '\n' });
  srv = await startServer(data.db);
});
after(async () => {
  if (process.env.SHOW_LOGS) console.log(srv.logs());
  assertCleanExit(await srv.stop());
  removeDir(data.dir);
});

async function as(who, password) {
  const c = new Client(srv.base);
  const r = await c.signIn(who, password);
  assert.equal(await code(r), 303, `${who} signs in`);
  return c;
}

// The status of a response, its body read (an unread body keeps its connection busy).
async function code(r) { await r.arrayBuffer(); return r.status; }

const entries = () => Number(sql(data.db, 'SELECT count(*) FROM index766_entries')[0][0]);
const scores = () => Number(sql(data.db, 'SELECT count(*) FROM par_scores')[0][0]);

test('a leader of another district can neither read nor enter values for H29.23', async () => {
  const c = await as(OTHER.username, OTHER.password);
  assert.equal(await code(await c.get('/bao-cao/766')), 200, 'its own district');
  for (const p of [`/bao-cao/766?don_vi=H29.23&ky=${MONTH}`, '/bao-cao/par?don_vi=H29.23',
    '/bao-cao/xep-hang?don_vi=H29.23', '/bao-cao/766?don_vi=H29.23.01', '/bao-cao/766?don_vi=H29']) {
    const r = await c.get(p);
    assert.equal(r.status, 404, p);
    assert.doesNotMatch(await r.text(), /Bình Chánh/, p);
  }
  const csrf = await c.token('/bao-cao/766');
  let r = await c.post('/bao-cao/766/nhap', { csrf, don_vi: 'H29.23', ky: MONTH, chi_so: '1.1', gia_tri: '50', ghi_chu: '' });
  assert.equal(await code(r), 404);
  r = await c.post('/bao-cao/par/nhap', { csrf, don_vi: 'H29.23', nam: '2026', tieu_chi: '1.1', diem: '1', minh_chung: 'https://example.vn/x' });
  assert.equal(await code(r), 404);
  assert.equal(entries(), 0);
  assert.equal(scores(), 0);
  // its own page does not list the sibling district in the unit picker
  const own = await (await c.get('/bao-cao/766')).text();
  assert.doesNotMatch(own, /value="H29\.23"/);
  assert.match(own, /value="H29\.24"/);
});

test('clerks, specialists and anonymous visitors do not get the leader pages', async () => {
  const clerk = await as('motcua.binhchanh');
  for (const p of ['/bao-cao/766', '/bao-cao/par', '/bao-cao/xep-hang', '/quan-tri/cai-dat/766'])
    assert.equal(await code(await clerk.get(p)), 403, p);
  const anon = new Client(srv.base);
  assert.equal(await code(await anon.get('/bao-cao/766')), 403);
  const leader = await as('lanhdao.binhchanh');
  assert.equal(await code(await leader.get('/quan-tri/cai-dat/766')), 403, 'leaders do not configure');
  assert.equal(await code(await leader.get('/quan-tri/cai-dat/par')), 403);
});

test('the leader enters an indicator: refused values are answered beside the field', async () => {
  const c = await as('lanhdao.binhchanh');
  const page = await c.get(`/bao-cao/766?ky=${MONTH}`);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /Chỉ số phục vụ người dân/);
  const total0 = html.match(/id="ix-total-points">([^<]+)</)[1];
  const csrf = html.match(/name="csrf" value="([0-9a-f]+)"/)[1];
  const base = { csrf, don_vi: 'H29.23', ky: MONTH, chi_so: '1.1', ghi_chu: 'https://example.vn/bb' };
  for (const [field, value] of [['gia_tri', 'abc'], ['gia_tri', '120'], ['gia_tri', '1'.repeat(13)], ['gia_tri', '']]) {
    const r = await c.post('/bao-cao/766/nhap', { ...base, [field]: value });
    assert.equal(r.status, 400, `${field}=${value}`);
    const t = await r.text();
    assert.match(t, /id="i1-1-ve">Nhập tỷ lệ phần trăm từ 0 đến 100/, 'message beside the value');
    assert.match(t, /value="https:\/\/example\.vn\/bb"/, 'the note typed is kept');
  }
  let r = await c.post('/bao-cao/766/nhap', { ...base, chi_so: '2.1', gia_tri: '50' });
  assert.equal(await code(r), 400, 'a computed indicator is not entered');
  r = await c.post('/bao-cao/766/nhap', { ...base, ky: '2026-13', gia_tri: '50' });
  assert.equal(await code(r), 400, 'bad period');
  r = await c.post('/bao-cao/766/nhap', { ...base, ghi_chu: 'x'.repeat(501), gia_tri: '50' });
  assert.equal(await code(r), 400, 'note too long');
  assert.equal(entries(), 0, 'nothing saved');
  r = await c.post('/bao-cao/766/nhap', { ...base, gia_tri: '50' });
  assert.equal(await code(r), 303);
  const after = await (await c.get(r.headers.get('location'))).text();
  assert.match(after, /Đã lưu/);
  assert.match(after, /Nhập tay<\/strong>: [^,]+, \d\d:\d\d \d\d\/\d\d\/\d{4}/);
  const total1 = after.match(/id="ix-total-points">([^<]+)</)[1];
  const num = (s) => Number(s.replace(',', '.'));
  assert.equal(Math.round((num(total1) - num(total0)) * 100) / 100, 3, '6 points x 50 %');
  assert.equal(entries(), 1);
  // English
  await c.get('/lang/en');
  const en = await (await c.get(`/bao-cao/766?ky=${MONTH}`)).text();
  assert.match(en, /Entered by hand/);
  await c.get('/lang/vi');
});

test('the command line report keeps its shape and adds the entered value', () => {
  const [y, m] = MONTH.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const r = motcua(['report', 'index766', '--db', data.db, '--unit', 'H29.23', '--from', `${MONTH}-01`, '--to', `${MONTH}-${last}`]);
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  for (const k of ['from', 'to', 'as_of', 'unit', 'indicators', 'total_points', 'max_points', 'figures'])
    assert.ok(k in j, k);
  const i11 = j.indicators.find((i) => i.id === '1.1');
  assert.equal(i11.points, 3);
  assert.equal(i11.ratio, 0.5);
  assert.equal(j.indicators.find((i) => i.id === '1.4').note, 'not available');
});

test('the administrator loads configuration files; a bad one names its line and changes nothing', async () => {
  const c = await as('admin');
  const page = await c.get('/quan-tri/cai-dat/766');
  assert.equal(page.status, 200);
  const html = await page.text();
  const csrf = html.match(/name="csrf" value="([0-9a-f]+)"/)[1];
  const text = html.match(/<textarea[^>]*>([^]*?)<\/textarea>/)[1]
    .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const before = sql(data.db, 'SELECT id, max_points, threshold, kind FROM index_config ORDER BY id');
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.includes('"id":"3.3"'));
  assert.ok(i > 0);
  lines[i] = lines[i].replace('"threshold":0.5', '"threshold":5');
  let r = await c.post('/quan-tri/cai-dat/766', { csrf, noi_dung: lines.join('\n') });
  assert.equal(r.status, 400);
  const t = await r.text();
  assert.match(t, new RegExp(`Dòng ${i + 1}, trường “threshold”`));
  assert.match(t, /Chưa lưu gì/);
  assert.deepEqual(sql(data.db, 'SELECT id, max_points, threshold, kind FROM index_config ORDER BY id'), before);
  r = await c.post('/quan-tri/cai-dat/766', { csrf, noi_dung: '' });
  assert.equal(await code(r), 400);
  r = await c.post('/quan-tri/cai-dat/766', { csrf, noi_dung: '{"not": "an array"}' });
  assert.equal(await code(r), 400);
  // a valid edit: 3.3's threshold 0.6
  lines[i] = lines[i].replace('"threshold":5', '"threshold":0.6');
  r = await c.post('/quan-tri/cai-dat/766', { csrf, noi_dung: lines.join('\n') });
  assert.equal(await code(r), 303);
  assert.equal(sql(data.db, "SELECT threshold FROM index_config WHERE id = '3.3'")[0][0], '0.6');
  // PAR: the shipped sample
  assert.equal(Number(sql(data.db, 'SELECT count(*) FROM par_criteria')[0][0]), 0);
  r = await c.post('/quan-tri/cai-dat/par', { csrf, mau: '1' });
  assert.equal(await code(r), 303);
  assert.equal(Number(sql(data.db, 'SELECT count(*) FROM par_criteria')[0][0]), 25);
  assert.equal(Number(sql(data.db, 'SELECT sum(max_points) FROM par_areas')[0][0]), 100);
});

test('a leader enters a PAR criterion with an evidence link; hostile input never 500s', async () => {
  const c = await as('lanhdao.binhchanh');
  const year = MONTH.slice(0, 4);
  const page = await c.get(`/bao-cao/par?nam=${year}`);
  assert.equal(page.status, 200);
  const csrf = (await page.text()).match(/name="csrf" value="([0-9a-f]+)"/)[1];
  const base = { csrf, don_vi: 'H29.23', nam: year, tieu_chi: '1.1', diem: '2,5', minh_chung: 'https://example.vn/ke-hoach' };
  for (const bad of [{ minh_chung: 'javascript:alert(1)' }, { minh_chung: 'ftp://x.vn/a' }, { minh_chung: '' },
    { minh_chung: 'https://a b' }, { diem: '3,5' }, { diem: '-1' }, { diem: 'x' }, { tieu_chi: 'khong-co' },
    { minh_chung: 'https://x.vn/' + 'a'.repeat(600) }, { nam: 'abc' }]) {
    const r = await c.post('/bao-cao/par/nhap', { ...base, ...bad });
    assert.equal(await code(r), 400, JSON.stringify(bad));
  }
  assert.equal(scores(), 0);
  const r = await c.post('/bao-cao/par/nhap', base);
  assert.equal(await code(r), 303);
  const html = await (await c.get(r.headers.get('location'))).text();
  assert.match(html, /href="https:\/\/example\.vn\/ke-hoach"/);
  assert.equal(scores(), 1);
  const rank = await c.get(`/bao-cao/xep-hang?theo=par&nam=${year}`);
  assert.equal(rank.status, 200);
  assert.match(await rank.text(), /thứ \d+\/\d+, \d+,\d\d điểm/);
  for (const p of ['/bao-cao/xep-hang?theo=zzz', '/bao-cao/xep-hang?cap=nothing', '/bao-cao/766?ky=zzz',
    '/bao-cao/par?nam=99999', `/bao-cao/xep-hang?theo=766&ky=${MONTH}`, '/bao-cao/xep-hang?don_vi=H29.23&cap=department'])
    assert.equal(await code(await c.get(p)), 200, p);
});

test('the tables are exported as CSV and XLSX with the same figures', async () => {
  const c = await as('lanhdao.binhchanh');
  const year = MONTH.slice(0, 4);
  const page = await (await c.get(`/bao-cao/766?ky=${MONTH}`)).text();
  const total = page.match(/id="ix-total-points">([^<]+)</)[1].replace(',', '.');
  let r = await c.get(`/bao-cao/766?ky=${MONTH}&xuat=csv`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /text\/csv/);
  const csv = await r.text();
  assert.match(csv, /^\uFEFF?Nhóm,Mã,Chỉ số/);
  const m = csv.match(/,,Tổng điểm,,,,,([0-9.]+),/);
  assert.ok(m, 'the total row');
  assert.equal(Number(m[1]), Number(total), 'the page and the CSV agree');
  r = await c.get(`/bao-cao/766?ky=${MONTH}&xuat=xlsx`);
  assert.equal(r.status, 200);
  assert.equal(Buffer.from(await r.arrayBuffer()).subarray(0, 2).toString(), 'PK');
  r = await c.get(`/bao-cao/xep-hang?theo=par&nam=${year}&don_vi=H29.23&xuat=csv`);
  assert.equal(r.status, 200);
  assert.match(await r.text(), /thứ \d+\/\d+, \d+,\d\d điểm/);
  r = await c.get(`/bao-cao/par?nam=${year}&xuat=csv`);
  assert.equal(r.status, 200);
  assert.match(await r.text(), /https:\/\/example\.vn\/ke-hoach/);
  // another district's export is refused like its page
  const o = await as(OTHER.username, OTHER.password);
  assert.equal(await code(await o.get(`/bao-cao/766?don_vi=H29.23&ky=${MONTH}&xuat=csv`)), 404);
  assert.equal(await code(await c.get(`/bao-cao/766?ky=${MONTH}&xuat=pdf`)), 200, 'unknown format: the page');
});
