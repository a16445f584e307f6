// routes.test.mjs - `motcua routes` (the route table as text and JSON, which outside test
// batteries are driven from), CSRF on every POST route it lists, JSON refused where no route
// declares it, invalid query values withheld, client text escaped in the log, and the
// connection-limit setting.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { bin, makeDatabase, startServer, rawRequest, removeDir, assertCleanExit } from '../lib/server.mjs';

const ROLES = ['citizen', 'clerk', 'specialist', 'leader', 'admin', 'system'];
const KINDS = ['text', 'textarea', 'int', 'date', 'enum', 'email', 'phone', 'id_number', 'checkbox', 'file'];

function run(args, env = {}) {
  const r = spawnSync(bin, args, { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 20000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function routesJson() {
  const r = run(['routes', '--format', 'json']);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out);
}

let data;
let srv;

before(async () => {
  data = makeDatabase({ dossiers: 20, seed: 3 });
  srv = await startServer(data.db, { env: { MOTCUA_MAX_CONNECTIONS: '64' } });
});
after(async () => {
  assertCleanExit(await srv.stop());
  removeDir(data.dir);
});

test('routes --format json lists every route with the documented shape', () => {
  const routes = routesJson();
  assert.ok(Array.isArray(routes) && routes.length > 0);
  for (const r of routes) {
    const where = `${r.method} ${r.path}`;
    assert.ok(['GET', 'POST'].includes(r.method), where);
    assert.match(r.path, /^\/([^/]*(\/[^/]+)*)?$/, where);
    assert.ok(Array.isArray(r.roles), where);
    for (const role of r.roles) assert.ok(ROLES.includes(role), `${where}: role ${role}`);
    assert.equal(typeof r.csrf, 'boolean', where);
    assert.ok(r.exempt === null || (typeof r.exempt === 'string' && r.exempt.trim() !== ''), where);
    assert.equal(typeof r.dynamic_form, 'boolean', where);
    assert.equal(typeof r.json_max, 'number', where);
    for (const list of [r.fields, r.query]) {
      assert.ok(Array.isArray(list), where);
      for (const f of list) {
        assert.equal(typeof f.name, 'string', where);
        assert.ok(KINDS.includes(f.kind), `${where}: kind ${f.kind}`);
        assert.ok(Number.isInteger(f.max) && f.max >= 0, where);
        assert.equal(typeof f.required, 'boolean', where);
        if (f.kind === 'enum') assert.ok(f.choices.length > 0, where);
        if (f.kind === 'file') {
          assert.ok(f.kinds.length > 0 && f.kinds.every((k) => ['pdf', 'jpeg', 'png', 'text'].includes(k)), where);
          assert.ok(Number.isInteger(f.max_bytes) && f.max_bytes > 0, where);
        }
      }
    }
    if (r.method === 'POST') {
      assert.ok(r.csrf || r.exempt, `${where}: POST route needs CSRF or an exemption with a reason`);
      assert.equal(r.csrf, r.exempt === null, where);
    } else {
      assert.equal(r.csrf, false, where);
      assert.equal(r.exempt, null, where);
      assert.deepEqual(r.fields, [], where);
      assert.equal(r.json_max, 0, where);
    }
  }
  const keys = routes.map((r) => `${r.method} ${r.path}`);
  for (const k of ['GET /', 'GET /thu-tuc/:code', 'POST /tra-cuu', 'GET /lang/:code', 'GET /static/*']) {
    assert.ok(keys.includes(k), `${k} listed`);
  }
  assert.equal(new Set(keys).size, keys.length, 'no route listed twice');
  const lookup = routes.find((r) => r.method === 'POST' && r.path === '/tra-cuu');
  assert.deepEqual(lookup.fields.map((f) => [f.name, f.kind, f.required]),
    [['code', 'text', true], ['secret', 'text', true]]);
});

test('routes JSON gives file fields their allowed kinds and byte cap (--upload-max as for serve)', () => {
  const file = (routes) => routes.find((r) => r.method === 'POST' && r.path === '/tai-khoan/giay-to')
    .fields.find((f) => f.name === 'file');
  assert.deepEqual(file(routesJson()).kinds, ['pdf', 'jpeg', 'png']);
  assert.equal(file(routesJson()).max_bytes, 10 * 1024 * 1024);
  const r = run(['routes', '--format', 'json'], { MOTCUA_UPLOAD_MAX: '5000' });
  assert.equal(r.code, 0, r.err);
  assert.equal(file(JSON.parse(r.out)).max_bytes, 5000);
});

test('routes prints one text line per route; a bad --format exits 2', () => {
  const text = run(['routes']);
  assert.equal(text.code, 0);
  assert.equal(text.out.trim().split('\n').length, routesJson().length);
  assert.match(text.out, /^POST \/tra-cuu +roles=public csrf=yes form=code:text:\d+\*,secret:text:16\*$/m);
  const bad = run(['routes', '--format', 'xml']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--format must be text or json/);
  assert.equal(run(['routes', '--help']).code, 0);
});

// A path for a route pattern: each :param becomes "x", a final * becomes "x".
function concrete(path) {
  return path.replace(/:[^/]+/g, 'x').replace(/\*$/, 'x');
}

test('every CSRF-protected POST route refuses a missing or wrong token', async () => {
  for (const r of routesJson().filter((x) => x.method === 'POST' && x.csrf)) {
    const url = srv.base + concrete(r.path);
    const body = new URLSearchParams(Object.fromEntries(r.fields.map((f) => [f.name, '1'])));
    const none = await fetch(url, { method: 'POST', body, redirect: 'manual' });
    assert.equal(none.status, 403, `${r.path} without a token`);
    body.set('csrf', 'f'.repeat(64));
    const wrong = await fetch(url, { method: 'POST', body, redirect: 'manual',
      headers: { cookie: 'csrf=' + 'e'.repeat(64) } });
    assert.equal(wrong.status, 403, `${r.path} with a wrong token`);
  }
});

test('a JSON body on a route that declares none is refused with 415 before it is read', async () => {
  const r = await fetch(srv.base + '/tra-cuu', { method: 'POST', body: '{"code":"x"}',
    headers: { 'content-type': 'application/json' } });
  assert.equal(r.status, 415);
  assert.match(await r.text(), /định dạng/);
});

test('an invalid next (a tab, %09) is never used: the language switch goes home', async () => {
  for (const next of ['/%09/evil.example', '/%0a/evil.example', '/a%00b']) {
    const r = await fetch(`${srv.base}/lang/en?next=${next}`, { redirect: 'manual' });
    assert.equal(r.status, 303, next);
    assert.equal(r.headers.get('location'), '/', next);
  }
});

test('client text in the access log is escaped: no forged lines or quotes', async () => {
  const ua = 'evil" 200 1us\x1b[31m\x7f';
  const res = await rawRequest(srv.port, Buffer.from(`GET /thu-tuc/\xff"zz HTTP/1.1\r\n` +
    `Host: x\r\nUser-Agent: ${ua}\r\nConnection: close\r\n\r\n`, 'latin1'));
  assert.match(res, /^HTTP\/1\.1 (400|404)/);
  let line = '';
  for (let i = 0; i < 50 && !line; i++) {
    line = srv.logs().split('\n').find((l) => l.includes('zz')) || '';
    if (!line) await new Promise((r) => setTimeout(r, 50));
  }
  assert.ok(line, 'the request is logged');
  assert.match(line, /\/thu-tuc\/\\xff\\x22zz/);
  assert.match(line, /ua="evil\\x22 200 1us\\x1b\[31m\\x7f"/);
  assert.doesNotMatch(line, /[\x00-\x1f\x7f]/);
});

test('--max-connections is a setting: below --threads the server refuses to start', () => {
  const r = run(['serve', '--db', data.db, '--port', '0', '--threads', '4', '--max-connections', '2']);
  assert.equal(r.code, 1);
  assert.match(r.err, /max_connections 2 is below threads 4/);
  const help = run(['serve', '--help']);
  assert.match(help.out, /--max-connections/);
  assert.match(help.out, /MOTCUA_MAX_CONNECTIONS/);
});
