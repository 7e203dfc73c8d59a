import type { RedactionRule } from '../contract/snapshot.js';

export const REDACTED = '«redacted»';
export const HOST_MARK = '«host»';
export const USER_MARK = '«user»';
export const HOME_MARK = '«home»';

export interface TextRule {
  rule: RedactionRule;
  pattern: RegExp;
  /** Receives the match groups; returns the replacement (which keeps the non-secret part, e.g. the key name). */
  replace: (match: string, ...groups: string[]) => string;
}

/** Names whose value is a secret: matched as the whole name or its last `_`/`-`/`.` separated piece(s). */
const SECRET_NAME = String.raw`(?:[A-Za-z0-9]+[_.-])*(?:password|passwd|passphrase|pwd|token|secret|api[_-]?key|apikey|access[_-]?key|private[_-]?key|auth[_-]?key|client[_-]?secret|credentials?|key)`;

/** A value: quoted, or up to the next space or separator. */
const VALUE = String.raw`(?:"[^"]*"|'[^']*'|[^\s&;,"'<>]+)`;

/**
 * Order matters: whole blocks first (a private key contains "KEY"), then structured headers and tokens,
 * then the generic `name=value` rule, so each secret is counted once under its most specific rule.
 */
export const SECRET_RULES: readonly TextRule[] = [
  {
    rule: 'private-key',
    // An unterminated block (a cut command line) is redacted to the end of the text.
    pattern: /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$)/g,
    replace: () => REDACTED,
  },
  {
    rule: 'url-credentials',
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/:@]*):([^\s/@]+)@/gi,
    replace: (_m, scheme, user) => `${scheme}${user}:${REDACTED}@`,
  },
  {
    rule: 'authorization-header',
    pattern: /\b((?:proxy-)?authorization\s*[:=]\s*)(?:(bearer|basic|digest|token|negotiate)\s+)?("[^"]*"|'[^']*'|[^\s"',;]+)/gi,
    replace: (_m, head, scheme) => `${head}${scheme ? `${scheme} ` : ''}${REDACTED}`,
  },
  {
    rule: 'authorization-header',
    pattern: /\b(bearer\s+)([A-Za-z0-9._~+/=-]{8,})/gi,
    replace: (_m, head) => `${head}${REDACTED}`,
  },
  {
    rule: 'cookie-header',
    pattern: /\b((?:set-)?cookie\s*:\s*)([^\r\n"']+)/gi,
    replace: (_m, head) => `${head}${REDACTED}`,
  },
  {
    rule: 'aws-secret-key',
    pattern: /\b(aws_secret_access_key\s*[=:]\s*["']?)([A-Za-z0-9/+=]{20,})/gi,
    replace: (_m, head) => `${head}${REDACTED}`,
  },
  {
    rule: 'aws-access-key',
    pattern: /\b(?:AKIA|ASIA|AIDA|AROA)[0-9A-Z]{16}\b/g,
    replace: () => REDACTED,
  },
  {
    rule: 'github-token',
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,})\b/g,
    replace: () => REDACTED,
  },
  {
    rule: 'slack-token',
    pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g,
    replace: () => REDACTED,
  },
  {
    rule: 'secret-flag',
    // --password hunter2, --api-key=…, --token "x y": long options only; short ones (-p) mean port or pid
    // for most programs, see PROGRAM_FLAGS for the programs where they do not.
    pattern: new RegExp(String.raw`(^|\s)(--${SECRET_NAME})(\s+|=)(${VALUE})`, 'gi'),
    replace: (_m, lead, flag, sep, value) => (value.startsWith('-') ? _m : `${lead}${flag}${sep}${REDACTED}`),
  },
  {
    rule: 'secret-assignment',
    // DB_PASSWORD=…, ?token=…&, api_key: …, "secret": "…". PWD=/path is the shell's working folder, not a password.
    pattern: new RegExp(String.raw`(^|[^A-Za-z0-9_.-])(${SECRET_NAME})(["']?\s*[=:]\s*)(${VALUE})`, 'gi'),
    replace: (m, lead, name, sep, value) => {
      if (/^pwd$/i.test(name) && value.startsWith('/')) return m;
      if (value === REDACTED || value.startsWith(REDACTED) || /^["']«redacted»/.test(value)) return m;
      if (value.length === 0) return m;
      return `${lead}${name}${sep}${value.startsWith('"') ? `"${REDACTED}"` : value.startsWith("'") ? `'${REDACTED}'` : REDACTED}`;
    },
  },
];

/** Short flags that carry a password only for these programs (`mysql -pSECRET`, `sshpass -p SECRET`…). */
export const PROGRAM_FLAGS: ReadonlyArray<{ programs: RegExp; rule: TextRule }> = [
  // The MySQL family takes the password glued to -p; "-p name" (with a space) prompts and names a database.
  {
    programs: /^(?:mysql|mysqldump|mysqladmin|mysqlshow|mysqlimport|mysqlcheck|mariadb|mariadb-dump|mariadb-admin)$/,
    rule: { rule: 'secret-flag', pattern: /(\s)-p(?!«)(\S+)/g, replace: (_m, lead) => `${lead}-p${REDACTED}` },
  },
  {
    programs: /^sshpass$/,
    rule: { rule: 'secret-flag', pattern: /(\s)-p(\s*)(?!«)(\S+)/g, replace: (_m, lead, sep) => `${lead}-p${sep}${REDACTED}` },
  },
  {
    programs: /^redis-cli$/,
    rule: { rule: 'secret-flag', pattern: /(\s)-a(\s*)(?!«)(\S+)/g, replace: (_m, lead, sep) => `${lead}-a${sep}${REDACTED}` },
  },
];
