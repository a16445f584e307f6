// trials.mjs - helpers of the crash, restore and load trials (tests/http/crash.test.mjs,
// restore.test.mjs, storm.test.mjs): a cookie-jar client, multipart bodies written by hand
// (so a test can send half of one and kill the server), and the checks a database and its
// file store must pass after a crash or a restore.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import net from 'node:net';
import { bin } from './server.mjs';

const root = resolve(new URL('../..', import.meta.url).pathname);
export const DEMO_PASSWORD = 'motcua-demo-2026';

// A tiny browser: a cookie jar and fetch without following redirects.
export class Client {
  constructor(base) { this.base = base; this.jar = new Map(); }
  cookie() { return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '); }
  take(r) {
    for (const c of r.headers.getSetCookie?.() || []) {
      const [kv, ...attrs] = c.split(';');
      const i = kv.indexOf('=');
      const name = kv.slice(0, i).trim();
      if (attrs.some((a) => /^\s*max-age=0$/i.test(a))) this.jar.delete(name);
      else this.jar.set(name, kv.slice(i + 1));
    }
    return r;
  }
  async get(path, signal) {
    return this.take(await fetch(this.base + path, { redirect: 'manual', signal, headers: { Cookie: this.cookie() } }));
  }
  async post(path, fields, signal) {
    return this.take(await fetch(this.base + path, {
      method: 'POST', redirect: 'manual', body: new URLSearchParams(fields), signal,
      headers: { Cookie: this.cookie(), 'Content-Type': 'application/x-www-form-urlencoded' },
    }));
  }
  // POST a FormData (multipart) as it is.
  async multipart(path, fd, signal) {
    return this.take(await fetch(this.base + path, {
      method: 'POST', redirect: 'manual', body: fd, signal, headers: { Cookie: this.cookie() },
    }));
  }
  // The csrf token of the form on page path.
  async token(path = '/dang-nhap') {
    const html = await (await this.get(path)).text();
    return html.match(/name="csrf" value="([0-9a-f]+)"/)[1];
  }
  async signIn(username, password = DEMO_PASSWORD) {
    const csrf = await this.token('/dang-nhap');
    return this.post('/dang-nhap', { csrf, username, password });
  }
  async signOut() {
    const csrf = await this.token('/tai-khoan');
    return this.post('/dang-xuat', { csrf });
  }
  session() { return this.jar.get('sid'); }
}

// A PDF-looking buffer of n pseudo-random bytes (seeded).
export function pdfBytes(n, seed = 1) {
  const b = Buffer.alloc(n);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i + 4 <= n; i += 4) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; b.writeUInt32LE(x >>> 0, i); }
  b.write('%PDF-1.7\n', 0, 'latin1');
  return b;
}

// The raw HTTP request of a multipart upload to /tai-khoan/giay-to by client c: {head, body}.
export async function uploadRequest(c, title, bytes, name = 'giay-to.pdf') {
  const csrf = await c.token('/tai-khoan/giay-to');
  const boundary = '----motcuatrial' + Math.random().toString(16).slice(2);
  const part = (n, v) => `--${boundary}\r\nContent-Disposition: form-data; name="${n}"\r\n\r\n${v}\r\n`;
  const body = Buffer.concat([
    Buffer.from(part('csrf', csrf) + part('title', title) +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
      'Content-Type: application/pdf\r\n\r\n', 'utf8'),
    bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const head = `POST /tai-khoan/giay-to HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${c.cookie()}\r\n` +
    `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${body.length}\r\n` +
    'Connection: close\r\n\r\n';
  return { head: Buffer.from(head), body };
}

// Send a raw request over TCP, `upTo` bytes of its body at most (all by default); resolves to
// {sock, done} where done resolves to the response text ('' when the connection died).
export function sendRaw(port, { head, body }, upTo = body.length) {
  const sock = net.connect(port, '127.0.0.1');
  let text = '';
  const done = new Promise((r) => {
    sock.on('data', (d) => { text += d.toString('latin1'); });
    sock.on('close', () => r(text));
    sock.on('error', () => {});
  });
  sock.write(Buffer.concat([head, body.subarray(0, upTo)]));
  return { sock, done };
}

// Every regular file under dir, recursively (paths).
export function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile()).map((e) => join(e.parentPath ?? e.path, e.name));
}

// BLAKE2b-256 (hex) of each path, in order (coreutils b2sum, one process).
export function blake2b256(paths) {
  if (!paths.length) return [];
  const out = execFileSync('b2sum', ['-l', '256', '--', ...paths], { maxBuffer: 64 << 20 }).toString();
  return out.trim().split('\n').map((l) => l.split(' ')[0]);
}

// Rows of a query through the sqlite3 shell (tab-separated columns).
export function sql(db, query) {
  const out = execFileSync('sqlite3', ['-batch', '-separator', '\t', db, query]).toString();
  return out.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

// Run motcua; {status, stdout, stderr}.
export function motcua(args, timeout = 120000) {
  const r = spawnSync(bin, args, { env: { ...process.env, MOTCUA_SHARE: root }, encoding: 'utf8', timeout });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// What a database and its file store must satisfy after a crash or a restore: integrity_check
// ok, no foreign-key violation, audit and stats verify ok, every stored_files row has its file
// and every attachment its stored_files row, every file named by a hash hashes to its name,
// session rows coherent. `where` names the situation in the messages.
export function assertConsistent(db, filesDir, where) {
  assert.deepEqual(sql(db, 'PRAGMA integrity_check'), [['ok']], `${where}: integrity_check`);
  assert.deepEqual(sql(db, 'PRAGMA foreign_key_check'), [], `${where}: foreign keys`);
  for (const what of ['audit', 'stats']) {
    const r = motcua([what, 'verify', '--db', db]);
    assert.equal(r.status, 0, `${where}: motcua ${what} verify:\n${r.stdout}${r.stderr}`);
  }
  const rows = sql(db, 'SELECT hash, size FROM stored_files');
  for (const [hash, size] of rows) {
    const p = join(filesDir, hash.slice(0, 2), hash);
    assert.ok(existsSync(p), `${where}: stored_files row ${hash} has its file`);
    assert.equal(readFileSync(p).length, Number(size), `${where}: ${hash} has its size`);
  }
  assert.deepEqual(sql(db, 'SELECT a.id FROM attachments a LEFT JOIN stored_files f ' +
    'ON f.hash = a.file_hash WHERE f.hash IS NULL'), [], `${where}: every attachment has its file row`);
  const named = filesUnder(filesDir).filter((p) => /\/[0-9a-f]{2}\/[0-9a-f]{64}$/.test(p));
  const sums = blake2b256(named);
  named.forEach((p, i) => assert.equal(sums[i], p.slice(-64), `${where}: ${p} hashes to its name`));
  assert.deepEqual(sql(db, 'SELECT id FROM sessions WHERE expires_at <= created_at OR last_seen < created_at ' +
    'OR (revoked_at IS NOT NULL AND revoked_at < created_at)'), [], `${where}: session rows coherent`);
  return { storedFiles: rows.length, namedFiles: named.length };
}

// Resident-set peak (VmHWM) and current RSS of a process, in bytes.
export function memory(pid) {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => Number(s.match(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm'))[1]) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

// Kill proc with SIGKILL and wait until it is gone.
export function killHard(proc) {
  return new Promise((r) => {
    proc.removeAllListeners('exit');
    if (proc.exitCode !== null || proc.signalCode !== null) { r(); return; }
    proc.on('close', () => r());
    proc.kill('SIGKILL');
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
