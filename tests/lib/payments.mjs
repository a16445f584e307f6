// payments.mjs - dossiers waiting for payment, owned by a citizen, for the payment tests.
// The states come from the real importer (submit -> receive -> assign -> request_payment, each
// through the engine); the importer has no owner field yet, so the owner is set afterwards
// with sqlite3 (the citizen portal, issue 7 item 2, will submit owned dossiers itself).
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(new URL('../..', import.meta.url).pathname);
const bin = process.env.MOTCUA_BIN || join(root, 'build/motcua');
export const CITIZEN = { username: 'congdan', password: 'motcua-demo-2026' };
export const OTHER = { username: 'congdan2', password: 'mat-khau-thu-nghiem-2' };
export const FEE = 50000;
// The demo catalogue's level-4 procedure (online_level "full") with fees: Cấp bản sao Trích lục
// hộ tịch, 8 000 VND.
export const LEVEL4 = { procedure: '2.000635', fee: 8000 };

// Run a statement on the database with the sqlite3 shell; returns its output, trimmed.
export function sql(db, text) {
  const r = spawnSync('sqlite3', [db, text], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sqlite3: ${r.stderr}`);
  return r.stdout.trim();
}

// Import one dossier per code, each waiting for a payment of FEE VND, owned by CITIZEN; add
// the second citizen OTHER. `data` is the result of makeDatabase().
export function addPaymentDossiers(data, codes) {
  const env = { ...process.env, MOTCUA_SHARE: root };
  const t = (min) => new Date(Date.now() - (120 - min) * 60e3).toISOString().replace(/\.\d+Z$/, 'Z');
  const lines = codes.map((code) => JSON.stringify({
    code, lookup_secret: 'PAYTEST2', procedure: '1.001193', unit: 'H29.23', channel: 'online',
    applicant: { name: 'Nguyễn Văn An' },
    events: [{ at: t(0), kind: 'submit' }, { at: t(5), kind: 'receive' },
      { at: t(10), kind: 'assign', department: 'H29.23.TP' },
      { at: t(15), kind: 'request_payment', amount: FEE }],
  }));
  const file = join(data.dir, 'payments.jsonl');
  writeFileSync(file, lines.join('\n') + '\n');
  execFileSync(bin, ['import', 'dossiers', '--db', data.db, file], { env, stdio: 'pipe' });
  execFileSync(bin, ['user', 'add', '--db', data.db, '--role', 'citizen', '--name', 'Trần Thị Hai',
    '--username', OTHER.username], { env, input: OTHER.password + '\n', stdio: ['pipe', 'pipe', 'pipe'] });
  const list = codes.map((c) => `'${c}'`).join(',');
  sql(data.db, `UPDATE dossiers SET owner_id = (SELECT id FROM users WHERE username = '${CITIZEN.username}') WHERE code IN (${list})`);
}

// Import one dossier per code of the level-4 procedure LEVEL4, just submitted online (not
// received yet), with lookup secret PAYTEST2, owned by CITIZEN (a level-4 citizen pays right
// after submitting). Call after addPaymentDossiers (which adds OTHER) or on its own.
export function addSubmittedLevel4Dossiers(data, codes) {
  const env = { ...process.env, MOTCUA_SHARE: root };
  const at = new Date(Date.now() - 30 * 60e3).toISOString().replace(/\.\d+Z$/, 'Z');
  const lines = codes.map((code) => JSON.stringify({
    code, lookup_secret: 'PAYTEST2', procedure: LEVEL4.procedure, unit: 'H29.23', channel: 'online',
    applicant: { name: 'Nguyễn Văn An', email: 'an@example.vn', phone: '0909000222' },
    events: [{ at, kind: 'submit' }],
  }));
  const file = join(data.dir, 'level4.jsonl');
  writeFileSync(file, lines.join('\n') + '\n');
  execFileSync(bin, ['import', 'dossiers', '--db', data.db, file], { env, stdio: 'pipe' });
  const list = codes.map((c) => `'${c}'`).join(',');
  sql(data.db, `UPDATE dossiers SET owner_id = (SELECT id FROM users WHERE username = '${CITIZEN.username}') WHERE code IN (${list})`);
}
