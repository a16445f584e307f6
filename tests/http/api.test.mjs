// api.test.mjs - the reports API (issue 9 §9; docs/api.md): the same JSON as `motcua report
// --format json` for a token and for a leader's session, scoping to the token's / account's
// unit subtree (a leader of H29.24 cannot read H29.23), 401 for missing, unknown and revoked
// tokens, 400 codes naming the parameter, a token opening no signed-in page; the `motcua
// token` command; docs/openapi.json describing only real routes; the search export as XLSX.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makeDatabase, startServer, removeDir, assertCleanExit, bin } from '../lib/server.mjs';
import { Client } from '../lib/trials.mjs';

const root = resolve(new URL('../..', import.meta.url).pathname);
const env = { ...process.env, MOTCUA_SHARE: root };
const HOCMON_LEADER = { username: 'lanhdao.hocmon', password: 'mat-khau-thu-nghiem-9' };
let data;
let srv;

function motcua(...args) {
  return execFileSync(bin, args, { env, stdio: ['pipe', 'pipe', 'pipe'] }).toString();
}
function issue(unit, name = 'Cổng dữ liệu tỉnh') {
  const out = motcua('token', 'add', '--db', data.db, '--name', name, '--unit', unit).trim().split('\n');
  return { token: out.at(-1), id: Number(out[0].match(/token (\d+)/)[1]), out };
}
function cli(kind, p) {
  const args = ['report', kind, '--db', data.db, '--from', p.from, '--to', p.to, '--format', 'json'];
  if (p.as_of) args.push('--as-of', p.as_of);
  if (p.unit) args.push('--unit', p.unit);
  if (p.group) args.push('--group', p.group);
  return motcua(...args);
}
function query(p) {
  return new URLSearchParams(Object.entries(p).filter(([, v]) => v !== undefined)).toString();
}
async function bearer(path, token) {
  return fetch(srv.base + path, { headers: { Authorization: `Bearer ${token}` } });
}
async function staff(who, password) {
  const c = new Client(srv.base);
  assert.equal((await c.signIn(who, password)).status, 303, `${who} signs in`);
  return c;
}

before(async () => {
  data = makeDatabase({ dossiers: 400, seed: 11 });
  execFileSync(bin, ['user', 'add', '--db', data.db, '--role', 'leader', '--name', 'Lãnh đạo Hóc Môn',
    '--unit', 'H29.24', '--username', HOCMON_LEADER.username], { env, input: HOCMON_LEADER.password + '\n' });
  srv = await startServer(data.db);
});
after(async () => {
  assertCleanExit(await srv.stop());
  removeDir(data.dir);
});

const YEAR = new Date().getUTCFullYear();
const SETS = [
  { from: `${YEAR}-01-01`, to: `${YEAR}-12-31`, as_of: `${YEAR}-06-30T12:00:00+07:00` },
  { from: `${YEAR - 1}-01-01`, to: `${YEAR}-12-31`, as_of: `${YEAR}-11-01T08:00:00+07:00`, group: 'field' },
  { from: `${YEAR}-01-01`, to: `${YEAR}-03-31`, as_of: `${YEAR}-12-01T00:00:00+07:00`, group: 'procedure', unit: 'H29.23.TP' },
  { from: `${YEAR}-02-01`, to: `${YEAR}-02-28`, as_of: `${YEAR}-04-01T00:00:00Z`, unit: 'H29.23' },
];

test('a token gets exactly what motcua report prints, for several parameter sets', async () => {
  const { token } = issue('H29.23');
  for (const kind of ['ontime', 'index766']) {
    for (const p of SETS) {
      const r = await bearer(`/api/v1/reports/${kind}?${query(p)}`, token);
      assert.equal(r.status, 200, `${kind} ${query(p)}`);
      assert.match(r.headers.get('content-type'), /^application\/json/);
      const body = await r.text();
      assert.equal(body, cli(kind, { ...p, unit: p.unit ?? 'H29.23' }), `${kind} ${query(p)}`);
    }
  }
  const one = JSON.parse(await (await bearer(`/api/v1/reports/ontime?${query(SETS[0])}`, token)).text());
  assert.ok(one.rows.length > 0, 'the unit has figures');
  assert.ok(one.rows.every((r) => r.key.startsWith('H29.23')), 'only the subtree');
});

test("a leader's session reads its own subtree with the same JSON; no CSRF needed for GET", async () => {
  const c = await staff('lanhdao.binhchanh');
  for (const p of SETS) {
    const r = await c.get(`/api/v1/reports/ontime?${query(p)}`);
    assert.equal(r.status, 200);
    assert.equal(await r.text(), cli('ontime', { ...p, unit: p.unit ?? 'H29.23' }));
  }
  const admin = await staff('admin');
  const all = await admin.get(`/api/v1/reports/ontime?${query(SETS[0])}`);
  assert.equal(all.status, 200);
  assert.equal(await all.text(), cli('ontime', { ...SETS[0], unit: 'H29' }), 'the admin of H29: the province');
});

test('scope: a leader of H29.24 cannot read H29.23, nor a token of H29.23 read H29.24', async () => {
  const hm = await staff(HOCMON_LEADER.username, HOCMON_LEADER.password);
  const p = { ...SETS[0], unit: 'H29.23' };
  const r = await hm.get(`/api/v1/reports/ontime?${query(p)}`);
  assert.equal(r.status, 404);
  assert.equal((await r.json()).error.code, 'unit_not_found');
  const own = await hm.get(`/api/v1/reports/ontime?${query(SETS[0])}`);
  assert.equal(own.status, 200);
  assert.doesNotMatch(await own.text(), /"H29\.23/, 'nothing of Bình Chánh');
  const { token } = issue('H29.23');
  for (const unit of ['H29.24', 'H29', 'NO-SUCH-UNIT']) {
    const t = await bearer(`/api/v1/reports/index766?${query({ ...SETS[0], unit })}`, token);
    assert.equal(t.status, 404, unit);
    assert.equal((await t.json()).error.code, 'unit_not_found');
  }
  const clerk = await staff('motcua.binhchanh');
  const c = await clerk.get(`/api/v1/reports/ontime?${query(SETS[0])}`);
  assert.equal(c.status, 403, 'a clerk may not read reports');
  assert.equal((await c.json()).error.code, 'forbidden');
});

test('401: no credentials, a malformed, unknown or revoked token; a token opens no page', async () => {
  const path = `/api/v1/reports/ontime?${query(SETS[0])}`;
  const none = await fetch(srv.base + path);
  assert.equal(none.status, 401);
  assert.match(none.headers.get('www-authenticate'), /^Bearer/);
  assert.equal((await none.json()).error.code, 'unauthorized');
  for (const bad of ['x', 'mct_' + '0'.repeat(64), 'mct_' + 'G'.repeat(64), '', 'a'.repeat(5000)]) {
    const r = await bearer(path, bad);
    assert.equal(r.status, 401, bad.slice(0, 20));
    assert.equal((await r.json()).error.code, 'invalid_token');
  }
  const basic = await fetch(srv.base + path, { headers: { Authorization: 'Basic YWRtaW46eA==' } });
  assert.equal(basic.status, 401);
  const { token, id } = issue('H29.23', 'sắp thu hồi');
  assert.equal((await bearer(path, token)).status, 200);
  motcua('token', 'revoke', '--db', data.db, String(id));
  const r = await bearer(path, token);
  assert.equal(r.status, 401);
  assert.equal((await r.json()).error.code, 'revoked_token');
  // A live token opens no signed-in HTML page, and a session cookie sent with a bad token
  // does not count either.
  const live = issue('H29.23').token;
  for (const page of ['/can-bo', '/can-bo/tim-kiem?ten=nguyen', '/tai-khoan', '/can-bo/tim-kiem.csv?ten=a']) {
    const p = await bearer(page, live);
    assert.equal(p.status, 403, page);
  }
  const leader = await staff('lanhdao.binhchanh');
  const mixed = await fetch(srv.base + path, { headers: { Cookie: leader.cookie(), Authorization: 'Bearer nope' } });
  assert.equal(mixed.status, 401, 'the Bearer header replaces the session');
});

test('400 codes name the parameter', async () => {
  const { token } = issue('H29.23');
  const cases = [
    [{ to: '2026-01-31' }, 'missing_from'],
    [{ from: '2026-01-01' }, 'missing_to'],
    [{ from: '01/01/2026', to: '2026-01-31' }, 'invalid_from'],
    [{ from: '2026-01-01', to: '2026-02-30' }, 'invalid_to'],
    [{ from: '2026-02-01', to: '2026-01-01' }, 'invalid_period'],
    [{ from: '1900-01-01', to: '2026-01-01' }, 'invalid_period'],
    [{ from: '2026-01-01', to: '2026-01-31', as_of: 'yesterday' }, 'invalid_as_of'],
    [{ from: '2026-01-01', to: '2026-01-31', group: 'district' }, 'invalid_group'],
    [{ from: '2026-01-01', to: '2026-01-31', unit: 'x'.repeat(100) }, 'invalid_unit'],
    [{ from: '2026-01-01'.repeat(5), to: '2026-01-31' }, 'invalid_from'],
  ];
  for (const [p, code] of cases) {
    for (const kind of ['ontime', 'index766']) {
      const r = await bearer(`/api/v1/reports/${kind}?${query(p)}`, token);
      assert.equal(r.status, 400, `${kind} ${query(p)}`);
      const j = await r.json();
      assert.equal(j.error.code, code, query(p));
      assert.ok(j.error.message.length > 10);
    }
  }
  const en = await fetch(`${srv.base}/api/v1/reports/ontime?to=2026-01-01`, { headers: { Authorization: `Bearer ${token}`, 'Accept-Language': 'en' } });
  assert.match((await en.json()).error.message, /parameter from/);
});

test('motcua token: add prints the token on its last line, list never shows it, revoke twice refuses', () => {
  const { token, id, out } = issue('H29.24', 'Báo cáo Hóc Môn');
  assert.match(token, /^mct_[0-9a-f]{64}$/);
  assert.ok(out.length >= 2);
  const list = motcua('token', 'list', '--db', data.db);
  assert.match(list, /Báo cáo Hóc Môn/);
  assert.ok(!list.includes(token.slice(4, 20)), 'no token value in the list');
  const stored = execFileSync('sqlite3', [data.db, `SELECT hex(token_hash) FROM api_tokens WHERE id = ${id}`]).toString();
  assert.ok(!stored.toLowerCase().includes(token.slice(4)), 'only the hash is stored');
  motcua('token', 'revoke', '--db', data.db, String(id));
  const again = spawnSync(bin, ['token', 'revoke', '--db', data.db, String(id)], { env });
  assert.equal(again.status, 2);
  assert.match(again.stderr.toString(), /already revoked/);
  const bad = spawnSync(bin, ['token', 'add', '--db', data.db, '--name', 'x', '--unit', 'NOPE'], { env });
  assert.equal(bad.status, 2);
  const audit = execFileSync('sqlite3', [data.db, `SELECT action FROM admin_audit WHERE target = 'token:${id}' ORDER BY id`]).toString();
  assert.equal(audit.trim(), 'token.issue\ntoken.revoke');
});

test('docs/openapi.json is OpenAPI 3 and documents only real routes', () => {
  const doc = JSON.parse(readFileSync(join(root, 'docs/openapi.json'), 'utf8'));
  assert.match(doc.openapi, /^3\.0\./);
  const routes = JSON.parse(motcua('routes', '--format', 'json'));
  const paths = Object.keys(doc.paths);
  assert.ok(paths.length >= 2);
  for (const p of paths) {
    for (const m of Object.keys(doc.paths[p]).filter((k) => ['get', 'post'].includes(k))) {
      const rt = routes.find((r) => r.path === p && r.method === m.toUpperCase());
      assert.ok(rt, `${m} ${p} is a route`);
      const names = doc.paths[p][m].parameters.map((x) => x.name).sort();
      assert.deepEqual(names, rt.query.map((q) => q.name).sort(), `${p}: the same parameters`);
    }
  }
  assert.ok(doc.components.securitySchemes.bearer);
  for (const r of routes.filter((x) => x.path.startsWith('/api/v1/reports/'))) assert.ok(doc.paths[r.path], `${r.path} documented`);
});

test('the search export as XLSX holds the same rows as the CSV (sheet1.xml)', async () => {
  const c = await staff('motcua.binhchanh');
  const csv = await c.get('/can-bo/tim-kiem.csv?ma=H29.23');
  assert.equal(csv.status, 200);
  const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
  assert.ok(lines.length > 2);
  const x = await c.get('/can-bo/tim-kiem.xlsx?ma=H29.23');
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  assert.match(x.headers.get('content-disposition'), /tim-kiem\.xlsx/);
  const file = join(data.dir, 'tim-kiem.xlsx');
  writeFileSync(file, Buffer.from(await x.arrayBuffer()));
  const sheet = execFileSync('unzip', ['-p', file, 'xl/worksheets/sheet1.xml'], { maxBuffer: 64 << 20 }).toString();
  const rows = sheet.match(/<row /g).length;
  assert.equal(rows, lines.length, 'header + the same rows');
  for (const l of lines.slice(1, 6)) assert.ok(sheet.includes(l.split(',')[0]), l);
  const other = await staff('motcua.hocmon');
  const none = await other.get('/can-bo/tim-kiem.xlsx?ma=H29.23');
  writeFileSync(file, Buffer.from(await none.arrayBuffer()));
  const s2 = execFileSync('unzip', ['-p', file, 'xl/worksheets/sheet1.xml']).toString();
  assert.equal(s2.match(/<row /g).length, 1, 'another unit: the header only');
});
