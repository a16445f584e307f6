// server.mjs - start a real `motcua serve` on a free port with a temporary, seeded database.
// Used by the HTTP and browser tests. The binary is $MOTCUA_BIN (set by tests/run.sh).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import net from 'node:net';
import assert from 'node:assert/strict';

const root = resolve(new URL('../..', import.meta.url).pathname);
export const bin = process.env.MOTCUA_BIN || join(root, 'build/motcua');

// Create a migrated database seeded with `dossiers` demo dossiers; returns {dir, db, lookups}
// where lookups are [{code, secret}] printed by the seed.
export function makeDatabase({ dossiers = 300, seed = 7 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-test-'));
  const db = join(dir, 'motcua.db');
  const env = { ...process.env, MOTCUA_SHARE: root };
  execFileSync(bin, ['migrate', '--db', db], { env, stdio: 'pipe' });
  const out = execFileSync(bin, ['seed', '--db', db, '--dossiers', String(dossiers), '--seed', String(seed)],
    { env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 16 << 20 }).toString();
  const lookups = [...out.matchAll(/^lookup: (\S+) (\S+)/gm)].map((m) => ({ code: m[1], secret: m[2] }));
  // Two dossiers in known early states, with known secrets, through the real importer.
  const now = new Date(Date.now() - 3600e3).toISOString().replace(/\.\d+Z$/, 'Z');
  const extra = [
    { code: 'H29.23-990101-0001', lookup_secret: 'TESTWAKE', procedure: '1.001193', unit: 'H29.23',
      channel: 'online', applicant: { name: 'Trần Thị Bích Ngọc', phone: '0909000111' },
      events: [{ at: now, kind: 'submit' }] },
    { code: 'H29.23-990101-0002', lookup_secret: 'TESTRECV', procedure: '1.001193', unit: 'H29.23',
      channel: 'counter', applicant: { name: 'Lê Văn Tám' },
      events: [{ at: now, kind: 'receive' }] },
  ];
  const jsonl = join(dir, 'extra.jsonl');
  writeFileSync(jsonl, extra.map((d) => JSON.stringify(d)).join('\n') + '\n');
  execFileSync(bin, ['import', 'dossiers', '--db', db, jsonl], { env, stdio: 'pipe' });
  for (const d of extra) lookups.push({ code: d.code, secret: d.lookup_secret });
  return { dir, db, lookups, seedOutput: out };
}

// Start the server on the database; resolves to {base, port, proc, stop(), logs()}.
export async function startServer(db, { extraArgs = [], env = {} } = {}) {
  const proc = spawn(bin, ['serve', '--db', db, '--port', '0', '--bind', '127.0.0.1',
    '--threads', '2', '--strict-templates', ...extraArgs],
  { env: { ...process.env, MOTCUA_SHARE: root, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stderr.on('data', (d) => { err += d; });
  const port = await new Promise((resolveP, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}\n${err}`)), 10000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) { clearTimeout(timer); resolveP(Number(m[1])); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}:\n${out}\n${err}`)); });
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    base, port, proc,
    logs: () => err,
    // SIGTERM, then wait for 'close' (every stderr byte read, so a LeakSanitizer report
    // printed at exit is in) and resolve to {code, sig, sanitizer}: sanitizer is the
    // ASan/LSan/UBSan report found in the server's stderr, or '' (see assertCleanExit).
    stop: () => new Promise((r) => {
      proc.removeAllListeners('exit');
      proc.on('close', (code, sig) => r({ code, sig, sanitizer: sanitizerReport(err) }));
      proc.kill('SIGTERM');
    }),
  };
}

// The sanitizer report in a process's stderr (from its first "ERROR: ...Sanitizer" or
// "runtime error:" line on), or '' when there is none.
export function sanitizerReport(stderr) {
  const m = stderr.match(/^.*(ERROR: (Address|Leak|UndefinedBehavior|Thread|Memory)Sanitizer|runtime error:)[^]*/m);
  return m ? m[0] : '';
}

// Assert that a stopped server (the result of stop()) exited 0 on SIGTERM with no sanitizer
// report (under `make check-asan` LeakSanitizer runs when serve exits).
export function assertCleanExit(r) {
  assert.equal(r.sanitizer, '', `sanitizer report in the server's stderr:\n${r.sanitizer}`);
  assert.equal(r.code, 0, `server exits 0 on SIGTERM (got code ${r.code}, signal ${r.sig})`);
}

// Send raw bytes over TCP and resolve to the whole response text (for requests fetch refuses
// to make: dot segments, giant headers, lying Content-Length).
export function rawRequest(port, text, { timeoutMs = 5000 } = {}) {
  return new Promise((resolveP, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    let buf = '';
    const timer = setTimeout(() => { sock.destroy(); resolveP(buf); }, timeoutMs);
    sock.on('data', (d) => { buf += d.toString('latin1'); });
    sock.on('end', () => { clearTimeout(timer); resolveP(buf); });
    sock.on('error', (e) => { clearTimeout(timer); if (buf) resolveP(buf); else reject(e); });
    sock.write(text);
  });
}

export function removeDir(dir) { rmSync(dir, { recursive: true, force: true }); }

// Fetch a page that has a form and return the CSRF token and cookie header to post it.
export async function csrfFor(base, path) {
  const r = await fetch(base + path);
  const html = await r.text();
  const token = html.match(/name="csrf" value="([0-9a-f]+)"/)?.[1];
  const cookie = (r.headers.getSetCookie?.() || []).map((c) => c.split(';')[0]).join('; ');
  return { token, cookie };
}
