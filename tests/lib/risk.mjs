// risk.mjs - the dataset of the at-risk tests (tests/http/risk.test.mjs, tests/e2e/risk.test.mjs):
// dossiers imported through the real importer with times relative to now, and a leader of
// Hóc Môn (H29.24) made with `motcua user add`.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bin } from './server.mjs';

const root = resolve(new URL('../..', import.meta.url).pathname);
export const OTHER_LEADER = { username: 'lanhdao.hocmon.risk', password: 'mat-khau-thu-nghiem-9' };

// ISO 8601 of now - hours (UTC).
function ago(hours) {
  return new Date(Date.now() - hours * 3600e3).toISOString().replace(/\.\d+Z$/, 'Z');
}

// Codes of the dataset: A overdue and handed to H29.23.TP (processing, no apology), B far from
// due, C overdue in the sibling district H29.24, D a commune's dossier due within a working day.
export const RISK = {
  A: 'H29.23-990201-0001', B: 'H29.23-990201-0002', C: 'H29.24-990201-0001',
  D: 'H29.23.01-990201-0001',
};

// Import the dataset into db and add the other district's leader.
export function addRiskData(dir, db) {
  const rows = [
    { code: RISK.A, lookup_secret: 'RSKAAAA2', procedure: '2.000992', unit: 'H29.23', channel: 'counter',
      applicant: { name: 'Phan Văn Trễ' },
      events: [{ at: ago(24 * 20), kind: 'receive' },
        { at: ago(24 * 19), kind: 'assign', department: 'H29.23.TP' }] },
    { code: RISK.B, lookup_secret: 'RSKBBBB2', procedure: '1.013225', unit: 'H29.23', channel: 'counter',
      applicant: { name: 'Lý Thị Xa' }, events: [{ at: ago(1), kind: 'receive' }] },
    { code: RISK.C, lookup_secret: 'RSKCCCC2', procedure: '2.000992', unit: 'H29.24', channel: 'counter',
      applicant: { name: 'Đỗ Văn Khác' }, events: [{ at: ago(24 * 20), kind: 'receive' }] },
    { code: RISK.D, lookup_secret: 'RSKDDDD2', procedure: '1.001193', unit: 'H29.23.01', channel: 'counter',
      applicant: { name: 'Mai Thị Gần' }, events: [{ at: ago(1), kind: 'receive' }] },
  ];
  const env = { ...process.env, MOTCUA_SHARE: root };
  const file = join(dir, 'risk.jsonl');
  writeFileSync(file, rows.map((d) => JSON.stringify(d)).join('\n') + '\n');
  execFileSync(bin, ['import', 'dossiers', '--db', db, file], { env, stdio: 'pipe' });
  execFileSync(bin, ['user', 'add', '--db', db, '--role', 'leader', '--name', 'Lê Văn Hòa',
    '--unit', 'H29.24', '--username', OTHER_LEADER.username], { env, input: OTHER_LEADER.password + '\n' });
}

// The instant (epoch seconds) of local midnight after a dd/mm/yyyy day (Asia/Ho_Chi_Minh).
export function endOfLocalDay(dmy) {
  const [d, m, y] = dmy.split('/').map(Number);
  return Date.UTC(y, m - 1, d + 1) / 1000 - 7 * 3600;
}
