// proxy.test.mjs - a real nginx from Debian, configured from deploy/nginx.conf with a
// self-signed certificate, in front of `motcua serve --trusted-proxy 127.0.0.1
// --cookie-secure`. Proves: pages load over HTTPS (HTTP/1.1 and HTTP/2), HTTP redirects to
// HTTPS, cookies are Secure with the __Host- prefix, static files are gzipped and cached, two
// clients behind the proxy have separate lookup limits, and X-Forwarded-For cannot choose the
// rate-limit key (straight from an untrusted peer it is ignored; through nginx the client's
// own hops are skipped). Only loopback addresses (127.0.0.0/8) are used.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { bin, makeDatabase, startServer, removeDir, assertCleanExit } from '../lib/server.mjs';

const root = resolve(new URL('../..', import.meta.url).pathname);
const NGINX = process.env.NGINX || '/usr/sbin/nginx';

let data;
let srv;
let dir;
let nginx;
let httpsPort;
let httpPort;
let cert;

// A free TCP port on 127.0.0.1.
function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); });
  });
}

// Replace every occurrence of from in text, failing when there is none (the deploy file
// changed and the test would otherwise test something else).
function swap(text, from, to) {
  assert.ok(text.includes(from), `deploy/nginx.conf has "${from}"`);
  return text.split(from).join(to);
}

// The site of deploy/nginx.conf with temporary ports, certificate and paths, inside a
// top-level configuration that keeps pid, logs and temp files in dir.
function nginxConfig(motcuaPort) {
  let site = readFileSync(join(root, 'deploy/nginx.conf'), 'utf8');
  site = swap(site, 'listen [::]:80;', '');
  site = swap(site, 'listen [::]:443 ssl http2;', '');
  site = swap(site, 'listen 80;', `listen 127.0.0.1:${httpPort};`);
  site = swap(site, 'listen 443 ssl http2;', `listen 127.0.0.1:${httpsPort} ssl http2;`);
  site = swap(site, 'server 127.0.0.1:8080;', `server 127.0.0.1:${motcuaPort};`);
  site = swap(site, '/etc/ssl/motcua/fullchain.pem', join(dir, 'cert.pem'));
  site = swap(site, '/etc/ssl/motcua/privkey.pem', join(dir, 'key.pem'));
  site = swap(site, '/usr/local/share/motcua/static/', join(root, 'static') + '/');
  // As root (CI) the workers would switch to "nobody", who cannot enter the 0700 temp dir.
  const user = process.getuid?.() === 0 ? 'user root root;\n' : '';
  return `${user}daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 128; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log ${dir}/access.log;
    client_body_temp_path ${dir}/client_body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
${site}
}
`;
}

// Wait until something accepts connections on 127.0.0.1:port.
async function waitForPort(port, ms = 10000) {
  const end = Date.now() + ms;
  for (;;) {
    const ok = await new Promise((res) => {
      const s = net.connect(port, '127.0.0.1', () => { s.destroy(); res(true); });
      s.on('error', () => res(false));
    });
    if (ok) return;
    if (Date.now() > end) throw new Error(`nothing listens on ${port}:\n${readFileSync(join(dir, 'error.log'), 'utf8')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// One HTTP(S) request: {status, headers, body (Buffer)}. opts: method, path, headers, body,
// from (local address), tls (true: to nginx's HTTPS port), port.
function request({ method = 'GET', path = '/', headers = {}, body, from = '127.0.0.2', tls = true, port }) {
  return new Promise((res, rej) => {
    const mod = tls ? https : http;
    const req = mod.request({ host: '127.0.0.1', port: port ?? (tls ? httpsPort : httpPort), method, path,
      headers, localAddress: from, agent: false, ...(tls ? { ca: cert } : {}) }, (r) => {
      const chunks = [];
      r.on('data', (c) => chunks.push(c));
      r.on('end', () => res({ status: r.statusCode, headers: r.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', rej);
    if (body) req.write(body);
    req.end();
  });
}

// A failed lookup from client address from (through nginx, or straight to motcua with
// direct): fetches the form (CSRF cookie and token) then posts an unknown code.
async function failedLookup(from, { xff, direct = false } = {}) {
  const where = direct ? { tls: false, port: srv.port } : {};
  const extra = xff ? { 'X-Forwarded-For': xff } : {};
  const form = await request({ path: '/tra-cuu', from, headers: extra, ...where });
  const token = form.body.toString().match(/name="csrf" value="([0-9a-f]+)"/)?.[1];
  const cookie = (form.headers['set-cookie'] || []).map((c) => c.split(';')[0]).join('; ');
  assert.ok(token, 'the lookup form has a CSRF token');
  const body = new URLSearchParams({ csrf: token, code: 'H29.23-990101-9999', secret: 'WRONGONE' }).toString();
  const r = await request({ method: 'POST', path: '/tra-cuu', from, body, ...where, headers: { ...extra,
    Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) } });
  return r.status;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'motcua-nginx-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'pipe' });
  cert = readFileSync(join(dir, 'cert.pem'));
  data = makeDatabase({ dossiers: 50, seed: 5 });
  srv = await startServer(data.db, { extraArgs: ['--trusted-proxy', '127.0.0.1', '--cookie-secure', '--per-ip', '256'] });
  httpsPort = await freePort();
  httpPort = await freePort();
  writeFileSync(join(dir, 'nginx.conf'), nginxConfig(srv.port));
  execFileSync(NGINX, ['-t', '-q', '-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { stdio: 'pipe' });
  nginx = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { stdio: 'ignore' });
  await waitForPort(httpsPort);
});

after(async () => {
  if (nginx && nginx.exitCode === null) {
    await new Promise((r) => { nginx.on('exit', r); nginx.kill('SIGTERM'); });
  }
  if (srv) assertCleanExit(await srv.stop());
  if (data) removeDir(data.dir);
  if (dir) removeDir(dir);
});

test('pages load over HTTPS with HSTS; plain HTTP redirects to HTTPS', async () => {
  const r = await request({ path: '/' });
  assert.equal(r.status, 200);
  assert.match(r.body.toString(), /<html lang="vi">/);
  assert.equal(r.headers['strict-transport-security'], 'max-age=31536000');
  assert.equal(r.headers['x-frame-options'], 'DENY', 'motcua security headers pass through');
  assert.equal(r.headers['content-encoding'], undefined, 'pages are not compressed (BREACH)');
  const plain = await request({ tls: false, path: '/tra-cuu?x=1' });
  assert.equal(plain.status, 301);
  assert.match(plain.headers.location, /^https:\/\/127\.0\.0\.1(:\d+)?\/tra-cuu\?x=1$/);
});

test('HTTP/2 is offered', async () => {
  const client = http2.connect(`https://127.0.0.1:${httpsPort}`, { ca: cert, localAddress: '127.0.0.2' });
  try {
    const status = await new Promise((res, rej) => {
      const s = client.request({ ':path': '/' });
      s.on('response', (h) => res(h[':status']));
      s.on('error', rej);
      s.resume();
    });
    assert.equal(status, 200);
    assert.equal(client.alpnProtocol, 'h2');
  } finally {
    client.close();
  }
});

test('cookies are Secure with the __Host- prefix and come back under their name', async () => {
  const r = await request({ path: '/tra-cuu' });
  const cookies = r.headers['set-cookie'] || [];
  assert.ok(cookies.length >= 1, 'the lookup form sets its CSRF cookie');
  for (const c of cookies) {
    assert.match(c, /^__Host-[a-z_]+=/, c);
    assert.match(c, /; Secure/, c);
    assert.match(c, /; Path=\//, c);
    assert.doesNotMatch(c, /Domain=/i, c);
  }
  // The CSRF double-submit works with the prefixed cookie (a failed lookup is 404, not 403).
  assert.equal(await failedLookup('127.0.0.9'), 404);
});

test('static files are gzipped and cached by nginx', async () => {
  const r = await request({ path: '/static/css/site.css', headers: { 'Accept-Encoding': 'gzip' } });
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-encoding'], 'gzip');
  assert.match(r.headers['cache-control'] || '', /max-age=604800/);
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
  assert.equal(gunzipSync(r.body).toString(), readFileSync(join(root, 'static/css/site.css'), 'utf8'));
});

test('two clients behind the proxy have separate lookup limits', async () => {
  for (let i = 0; i < 10; i++) assert.equal(await failedLookup('127.0.0.2'), 404, `A's failure ${i + 1}`);
  assert.equal(await failedLookup('127.0.0.2'), 429, 'A is limited after 10 failures');
  assert.equal(await failedLookup('127.0.0.3'), 404, 'B is not limited');
});

test('X-Forwarded-For through nginx does not let a client pick its key', async () => {
  // C claims to be A (who is limited): nginx appends C's real address, motcua keys on it.
  assert.equal(await failedLookup('127.0.0.4', { xff: '127.0.0.2' }), 404);
  // D sends a new made-up address each time: still limited as D.
  for (let i = 0; i < 10; i++) assert.equal(await failedLookup('127.0.0.5', { xff: `127.0.1.${i}` }), 404);
  assert.equal(await failedLookup('127.0.0.5', { xff: '127.0.1.99' }), 429);
  // Even claiming to be the proxy itself does not help.
  assert.equal(await failedLookup('127.0.0.5', { xff: '127.0.0.1' }), 429);
});

test('a spoofed X-Forwarded-For straight from an untrusted peer is ignored', async () => {
  // E talks to motcua directly (not a trusted proxy), with a new X-Forwarded-For each time.
  for (let i = 0; i < 10; i++) {
    assert.equal(await failedLookup('127.0.0.6', { xff: `127.0.2.${i}`, direct: true }), 404);
  }
  assert.equal(await failedLookup('127.0.0.6', { xff: '127.0.2.99', direct: true }), 429, 'keyed on the peer');
  // F claims to be E: not believed, so F is not limited.
  assert.equal(await failedLookup('127.0.0.7', { xff: '127.0.0.6', direct: true }), 404);
});

test('--trusted-proxy and --cookie-secure also come from the environment and a config file', async () => {
  const viaEnv = await startServer(data.db, { env: { MOTCUA_COOKIE_SECURE: '1', MOTCUA_TRUSTED_PROXY: '127.0.0.1' } });
  const conf = join(dir, 'motcua.conf');
  writeFileSync(conf, 'cookie-secure = true\ntrusted-proxy = 127.0.0.1, 10.0.0.0/8\n');
  const viaConf = await startServer(data.db, { extraArgs: ['--config', conf] });
  try {
    for (const s of [viaEnv, viaConf]) {
      const r = await fetch(s.base + '/tra-cuu');
      assert.equal(r.headers.get('strict-transport-security'), 'max-age=31536000');
      assert.match(r.headers.getSetCookie()[0], /^__Host-csrf=.*; Secure$/);
    }
  } finally {
    assertCleanExit(await viaEnv.stop());
    assertCleanExit(await viaConf.stop());
  }
  const bad = spawnSync(bin, ['serve', '--db', data.db, '--port', '0', '--trusted-proxy', '127.0.0.1,proxy.local'],
    { env: { ...process.env, MOTCUA_SHARE: root }, encoding: 'utf8', timeout: 10000 });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--trusted-proxy .*'127\.0\.0\.1,proxy\.local' is not a list of addresses/);
});
