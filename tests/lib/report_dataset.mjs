// report_dataset.mjs - the hand-built dataset of the engine's report test
// (tests/unit/test_report.c) reproduced through `motcua import catalog` and
// `motcua import dossiers` on a seeded demo database, for the dashboard tests. The same
// fourteen dossiers, the same procedures R3 (restart, 3 working days, cutoff 15:00) and P5
// (pause, 5 working days, fee), the same instants (2026-01-05 and 2026-01-12 are Mondays).
// Hand-worked figures for P = 12/01/2026 - 16/01/2026, as of its end (see test_report.c):
//   H29.23     received 6, carried 4, early 2, on time 2, late 1, in time 2, overdue 1, waiting 2
//   H29.23.01  received 1, early 1
//   total      received 7, carried 4, early 3, on time 2, late 1, in time 2, overdue 1, waiting 2
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bin } from './server.mjs';

const root = resolve(new URL('../..', import.meta.url).pathname);

export const PERIOD = { from: '12/01/2026', to: '16/01/2026' };
export const FIGURES = ['received', 'carried_over', 'finished_early', 'finished_on_time',
  'finished_late', 'open_in_time', 'open_overdue', 'waiting'];
export const EXPECTED = {
  'H29.23': [6, 4, 2, 2, 1, 2, 1, 2],
  'H29.23.01': [1, 0, 1, 0, 0, 0, 0, 0],
  total: [7, 4, 3, 2, 1, 2, 1, 2],
};

const CATALOG = [
  { code: 'R3', name: 'Đăng ký khai sinh (thử)', field: 'Hộ tịch thử', levels: ['district', 'commune'],
    online_level: 'full', duration: { value: 3, unit: 'working_days' }, cutoff: '15:00',
    supplement_policy: 'restart', supplement_window_days: 15, fees: [],
    result: { name: 'Giấy khai sinh', is_document: true } },
  { code: 'P5', name: 'Cấp giấy chứng nhận (thử)', field: 'Đất đai thử', levels: ['district'],
    online_level: 'info', duration: { value: 5, unit: 'working_days' },
    duration_online: { value: 4, unit: 'working_days' }, supplement_policy: 'pause',
    supplement_window_days: 2, fees: [{ name: 'Lệ phí', amount: 50000, kind: 'fee' }],
    result: { name: 'Giấy chứng nhận', is_document: false } },
];

const t = (s) => `${s}:00+07:00`;
const ASSIGN = { kind: 'assign', department: 'H29.23.TP' };
const SUPP = { kind: 'request_supplement', reason: 'Thiếu giấy tờ', items: 'CCCD' };

// [number, unit, procedure, channel, events [at, extra]]
const DOSSIERS = [
  [1, 'H29.23', 'R3', 'counter', [['2026-01-05T10:00', { kind: 'receive' }], ['2026-01-05T11:00', ASSIGN], ['2026-01-09T10:00', { kind: 'resolve' }]]],
  [2, 'H29.23', 'R3', 'counter', [['2026-01-06T09:00', { kind: 'receive' }], ['2026-01-06T10:00', ASSIGN], ['2026-01-12T09:00', { kind: 'resolve' }]]],
  [3, 'H29.23', 'P5', 'counter', [['2026-01-08T14:00', { kind: 'receive' }], ['2026-01-08T15:00', ASSIGN], ['2026-01-14T10:00', { kind: 'resolve' }]]],
  [4, 'H29.23', 'R3', 'counter', [['2026-01-12T08:00', { kind: 'receive' }], ['2026-01-12T08:30', ASSIGN], ['2026-01-15T16:00', { kind: 'resolve' }]]],
  [5, 'H29.23', 'R3', 'online', [['2026-01-11T20:00', { kind: 'submit' }], ['2026-01-12T09:00', { kind: 'receive' }], ['2026-01-12T09:30', ASSIGN],
    ['2026-01-12T10:00', SUPP], ['2026-01-13T10:00', { kind: 'supplement' }], ['2026-01-16T09:00', { kind: 'resolve' }]]],
  [6, 'H29.23', 'P5', 'counter', [['2026-01-12T10:00', { kind: 'receive' }], ['2026-01-12T10:30', ASSIGN], ['2026-01-13T08:00', SUPP]]],
  [7, 'H29.23', 'R3', 'counter', [['2026-01-13T14:00', { kind: 'receive' }], ['2026-01-13T14:30', ASSIGN]]],
  [8, 'H29.23', 'R3', 'counter', [['2026-01-07T09:00', { kind: 'receive' }], ['2026-01-07T10:00', ASSIGN]]],
  [9, 'H29.23', 'R3', 'counter', [['2026-01-13T08:00', { kind: 'receive' }], ['2026-01-13T08:30', ASSIGN], ['2026-01-14T15:00', { kind: 'withdraw', reason: 'Không cần nữa' }]]],
  [10, 'H29.23', 'R3', 'online', [['2026-01-12T08:00', { kind: 'submit' }], ['2026-01-12T09:00', { kind: 'refuse', reason: 'Không thuộc thẩm quyền' }]]],
  [11, 'H29.23', 'P5', 'counter', [['2026-01-16T16:00', { kind: 'receive' }], ['2026-01-16T16:30', ASSIGN],
    ['2026-01-16T16:45', { kind: 'request_payment', amount: 50000 }]]],
  [12, 'H29.23', 'R3', 'counter', [['2026-01-19T09:00', { kind: 'receive' }]]],
  [13, 'H29.23', 'R3', 'counter', [['2026-01-09T10:00', { kind: 'receive' }], ['2026-01-09T11:00', ASSIGN], ['2026-01-12T09:00', SUPP],
    ['2026-01-15T09:00', { kind: 'supplement' }]]],
  [14, 'H29.23.01', 'R3', 'counter', [['2026-01-14T08:00', { kind: 'receive' }], ['2026-01-14T08:30', { kind: 'assign' }], ['2026-01-14T11:00', { kind: 'resolve' }]]],
];

// The code of dossier number k.
export const codeOf = (k) => `${DOSSIERS[k - 1][1]}-2601${String(k).padStart(2, '0')}-9${String(k).padStart(3, '0')}`;

// Add the procedures and the fourteen dossiers to the database at path db (folder dir).
export function addReportDataset(db, dir) {
  const env = { ...process.env, MOTCUA_SHARE: root };
  const cat = join(dir, 'report-catalog.json');
  writeFileSync(cat, JSON.stringify(CATALOG));
  execFileSync(bin, ['import', 'catalog', '--db', db, cat], { env, stdio: 'pipe' });
  // The engine's tests use a weekday calendar: the demo's make-up working Saturday
  // 10/01/2026 would move D3 and D8's due dates, so it is taken back here.
  const cal = join(dir, 'report-calendar.csv');
  writeFileSync(cal, 'date,working,name,source\n2026-01-10,0,Thứ Bảy (bộ dữ liệu kiểm thử báo cáo),tests\n');
  execFileSync(bin, ['import', 'calendar', '--db', db, cal], { env, stdio: 'pipe' });
  const lines = DOSSIERS.map(([k, unit, procedure, channel, events]) => JSON.stringify({
    code: codeOf(k), procedure, unit, channel,
    applicant: { name: `Người nộp D${k}` },
    events: events.map(([at, e]) => ({ at: t(at), ...e })),
  }));
  const file = join(dir, 'report-dossiers.jsonl');
  writeFileSync(file, lines.join('\n') + '\n');
  execFileSync(bin, ['import', 'dossiers', '--db', db, file], { env, stdio: 'pipe' });
}
