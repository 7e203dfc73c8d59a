import { describe, expect, it } from 'vitest';
import { RedactOptions } from '../contract/snapshot.js';
import { REDACTED } from './redact-rules.js';
import { buildRules, redactText, redactValue, secretArgvIndexes } from './redact.js';

const secretsOnly = RedactOptions.parse({});
const rules = buildRules(secretsOnly, { hostnames: [], userNames: [] });
const redact = (text: string): string => redactText(text, rules).text;

/** [input, the secret that must disappear, text that must survive] */
const CASES: Array<[string, string, string]> = [
  ['mysqld --user=mysql --password=hunter2 --port=3306', 'hunter2', '--port=3306'],
  ['app --password hunter2 --verbose', 'hunter2', '--verbose'],
  ['psql postgres://app:s3cr3tPass@db.internal:5432/prod', 's3cr3tPass', 'db.internal:5432/prod'],
  ['curl -H "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig" https://api.example.com/v1', 'eyJhbGciOiJIUzI1NiJ9', 'https://api.example.com/v1'],
  ['curl -H "Authorization: Basic dXNlcjpwYXNz" http://x', 'dXNlcjpwYXNz', 'http://x'],
  ['env AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE aws s3 ls', 'AKIAIOSFODNN7EXAMPLE', 'aws s3 ls'],
  ['aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'aws_secret_access_key'],
  ['git clone https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/o/r', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'github.com/o/r'],
  ['GH_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789 gh pr list', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'gh pr list'],
  ['bot --slack xoxb-1234567890-abcdefghij', 'xoxb-1234567890-abcdefghij', 'bot --slack'],
  ['DB_PASSWORD=correcthorse ./server', 'correcthorse', './server'],
  ['MYSQL_PWD=batterystaple mysql', 'batterystaple', 'mysql'],
  ['worker --api-key=k-123456 --threads=4', 'k-123456', '--threads=4'],
  ['GET /login?user=bob&token=abc123def&page=2', 'abc123def', 'page=2'],
  ['{"client_secret": "zzTopSecret", "name": "svc"}', 'zzTopSecret', '"name": "svc"'],
  ['passwd=letmein', 'letmein', 'passwd='],
  ['SECRET_KEY=dj4ng0k3y python manage.py runserver', 'dj4ng0k3y', 'manage.py runserver'],
  ['mysql -uroot -phunter2 shop', 'hunter2', 'shop'],
  ['sshpass -p hunter2 ssh admin@host', 'hunter2', 'ssh admin@host'],
  ['redis-cli -a r3d1spass ping', 'r3d1spass', 'ping'],
  ['Cookie: session=abcdef123456; theme=dark', 'abcdef123456', 'Cookie:'],
  ['key: -----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\n-----END RSA PRIVATE KEY----- done', 'MIIEowIBAAKCAQEA7', ' done'],
  ['-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE (cut', 'b3BlbnNzaC1rZXktdjE', ''],
];

describe('secret rules', () => {
  it.each(CASES)('masks the secret in %j', (input, secret, survives) => {
    const out = redact(input);
    expect(out).not.toContain(secret);
    expect(out).toContain(REDACTED);
    expect(out).toContain(survives);
  });

  it.each([
    'nginx: worker process',
    '/usr/sbin/sshd -D -p 22',
    'ps -p 1234 -o pid,cmd',
    'setxkbmap -layout us keyboard=pc105',
    'PWD=/home/alice/project',
    'node server.js --port=8080 --host=127.0.0.1',
    'python3 -m http.server',
    'monkey=banana',
  ])('leaves %j alone (no secret in it)', (text) => {
    expect(redact(text)).toBe(text);
  });

  it('counts each secret once, under its most specific rule', () => {
    const { counts } = redactText('curl -H "Authorization: Bearer abcdefghijkl" https://u:p4ss@h/ --password=x', rules);
    expect(Object.fromEntries(counts)).toEqual({ 'authorization-header': 1, 'url-credentials': 1, 'secret-flag': 1 });
  });

  it('is idempotent: redacting twice changes nothing more', () => {
    for (const [input] of CASES) {
      const once = redactText(input, rules);
      const twice = redactText(once.text, rules);
      expect(twice.text).toBe(once.text);
      expect(twice.counts.size).toBe(0);
    }
  });

  it('finds secret values in argv arrays, where the flag and its value are separate', () => {
    expect(secretArgvIndexes(['app', '--password', 'hunter2', '--port', '80'])).toEqual([2]);
    expect(secretArgvIndexes(['sshpass', '-p', 'pw', 'ssh', 'h'])).toEqual([2]);
    expect(secretArgvIndexes(['ssh', '-p', '2222', 'h'])).toEqual([]);
  });
});

describe('redactValue over a snapshot-like object', () => {
  const sample = {
    format: 'triage-snapshot',
    meta: { host: 'build-7', note: 'taken on build-7.corp.example' },
    parts: {
      processes: {
        rows: [
          { pid: 10, user: 'alice', uid: 1000, name: 'mysqld', cmdline: 'mysqld --password=hunter2 --datadir=/home/alice/db' },
          { pid: 11, user: 'root', uid: 0, name: 'sshd', cmdline: '/usr/sbin/sshd -D' },
        ],
      },
      traces: [{ session: { command: ['deploy', '--token', 'tok_live_123', '--dry-run'] } }],
      env: ['HOME=/home/alice', 'GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'LANG=C.UTF-8'],
    },
  };

  it('masks secrets only by default and lists where', () => {
    const { value, report } = redactValue(sample, RedactOptions.parse({}), { hostnames: ['build-7'], userNames: ['alice'] });
    const text = JSON.stringify(value);
    for (const secret of ['hunter2', 'tok_live_123', 'ghp_abc']) expect(text).not.toContain(secret);
    // Non-secret parts survive untouched.
    expect(value.parts.processes.rows[1]).toEqual(sample.parts.processes.rows[1]);
    expect(value.parts.processes.rows[0]?.cmdline).toBe(`mysqld --password=${REDACTED} --datadir=/home/alice/db`);
    expect(value.parts.traces[0]?.session.command).toEqual(['deploy', '--token', REDACTED, '--dry-run']);
    expect(value.parts.env).toEqual(['HOME=/home/alice', `GITHUB_TOKEN=${REDACTED}`, 'LANG=C.UTF-8']);
    expect(value.meta.host).toBe('build-7');
    expect(report.total).toBe(3);
    expect(report.counts).toEqual({ 'secret-flag': 2, 'github-token': 1 });
    expect(report.hits.map((h) => h.path).sort()).toEqual(['parts.env[1]', 'parts.processes.rows[0].cmdline', 'parts.traces[0].session.command[2]']);
    for (const hit of report.hits) expect(hit.excerpt).not.toMatch(/hunter2|tok_live|ghp_/);
    // The input is not modified.
    expect(sample.parts.processes.rows[0]?.cmdline).toContain('hunter2');
  });

  it('hides host, user names and home folders when asked', () => {
    const { value, report } = redactValue(sample, RedactOptions.parse({ host: true, users: true, homes: true }), { hostnames: ['build-7'], userNames: ['alice'] });
    const text = JSON.stringify(value);
    expect(text).not.toMatch(/alice|build-7/);
    expect(value.meta.note).toBe('taken on «host».corp.example');
    expect(value.parts.processes.rows[0]?.user).toBe('«user»');
    expect(value.parts.processes.rows[0]?.cmdline).toBe(`mysqld --password=${REDACTED} --datadir=«home»/db`);
    expect(value.parts.processes.rows[1]?.user).toBe('root');
    expect(report.counts.host).toBe(2);
    expect(report.counts.home).toBe(2);
    expect(report.counts.user).toBe(1);
  });

  it('changes nothing when every rule is off', () => {
    const { value, report } = redactValue(sample, RedactOptions.parse({ secrets: false }), { hostnames: ['build-7'], userNames: ['alice'] });
    expect(value).toEqual(sample);
    expect(report.total).toBe(0);
  });
});
