import type { RedactionHit, RedactionReport, RedactionRule, RedactOptions, RedactionSummary } from '../contract/snapshot.js';
import { HOME_MARK, HOST_MARK, PROGRAM_FLAGS, REDACTED, SECRET_RULES, USER_MARK, type TextRule } from './redact-rules.js';

/** What identifies this machine and its people, for the optional rules. */
export interface Identity {
  hostnames: string[];
  userNames: string[];
}

export interface TextRedaction {
  text: string;
  /** Hits per rule in this text. */
  counts: Map<RedactionRule, number>;
}

export const MAX_LISTED_HITS = 500;
const EXCERPT_RADIUS = 40;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Rules that depend on the options and on who/what to hide; built once per snapshot. */
export function buildRules(options: RedactOptions, identity: Identity): TextRule[] {
  const rules: TextRule[] = options.secrets ? [...SECRET_RULES] : [];
  if (options.homes) {
    rules.push({
      rule: 'home',
      // /home/alice, /Users/alice, /root: the folder itself and anything below it.
      pattern: /(^|[^A-Za-z0-9_.~-])(?:\/(?:home|Users)\/(?!«)[^/\s"':;,]+|\/root)(?=$|[/\s"':;,])/g,
      replace: (_m, lead) => `${lead}${HOME_MARK}`,
    });
  }
  if (options.users) {
    const names = unique(identity.userNames.filter((name) => name.length >= 2));
    if (names.length > 0) {
      rules.push({
        rule: 'user',
        pattern: new RegExp(String.raw`(?<![A-Za-z0-9_.-])(?:${names.map(escapeRegExp).join('|')})(?![A-Za-z0-9_-])`, 'g'),
        replace: () => USER_MARK,
      });
    }
  }
  if (options.host) {
    const hosts = unique(identity.hostnames.filter((name) => name.length >= 2));
    if (hosts.length > 0) {
      rules.push({
        rule: 'host',
        pattern: new RegExp(String.raw`(?<![A-Za-z0-9_-])(?:${hosts.map(escapeRegExp).join('|')})(?![A-Za-z0-9_-])`, 'gi'),
        replace: () => HOST_MARK,
      });
    }
  }
  return rules;
}

function unique(values: string[]): string[] {
  // Longest first, so "alice-admin" is replaced whole before "alice" could match inside it.
  return [...new Set(values)].sort((a, b) => b.length - a.length);
}

/** Applies the rules to one text. Pure. */
export function redactText(text: string, rules: readonly TextRule[]): TextRedaction {
  const counts = new Map<RedactionRule, number>();
  let out = text;
  const programRule = rules.some((rule) => rule.rule === 'secret-flag') ? programFlagRule(text) : null;
  // Most texts (disk names, states, plain command lines) hold none of the words a secret rule needs.
  const skipSecrets = programRule === null && !MIGHT_HOLD_SECRET.test(text);
  for (const rule of programRule ? [programRule, ...rules] : rules) {
    if (skipSecrets && SECRET_RULE_SET.has(rule)) continue;
    rule.pattern.lastIndex = 0;
    out = out.replace(rule.pattern, (...args: unknown[]) => {
      const match = args[0] as string;
      // The callback gets (match, ...groups, offset, whole, namedGroups?): groups end at the numeric offset.
      const offsetAt = args.findIndex((arg, i) => i > 0 && typeof arg === 'number');
      const groups = args.slice(1, offsetAt).map((g) => (typeof g === 'string' ? g : ''));
      const replaced = rule.replace(match, ...groups);
      if (replaced !== match) counts.set(rule.rule, (counts.get(rule.rule) ?? 0) + 1);
      return replaced;
    });
  }
  return { text: out, counts };
}

const SECRET_RULE_SET: ReadonlySet<TextRule> = new Set(SECRET_RULES);

/** A superset of what every secret rule needs to match; keep in step with SECRET_RULES. */
const MIGHT_HOLD_SECRET = /pass|pwd|token|secret|key|credential|auth|bearer|cookie|-----BEGIN|:\/\/[^\s/]*@|AKIA|ASIA|AIDA|AROA|gh[pousr]_|github_pat_|xox[abposr]-/i;

function programFlagRule(text: string): TextRule | null {
  const program = basename(text.trimStart().split(/\s/, 1)[0] ?? '');
  return PROGRAM_FLAGS.find((entry) => entry.programs.test(program))?.rule ?? null;
}

function basename(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? path : path.slice(slash + 1);
}

const LONG_SECRET_FLAG = /^--(?:[A-Za-z0-9]+[_.-])*(?:password|passwd|passphrase|token|secret|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|credentials?)$/i;

/**
 * An argv array: a flag and its value are separate elements, which no text rule can see together.
 * Returns which indexes hold a secret value.
 */
export function secretArgvIndexes(argv: readonly string[]): number[] {
  const program = basename(argv[0] ?? '');
  const shortFlag = /^sshpass$/.test(program) ? '-p' : /^redis-cli$/.test(program) ? '-a' : null;
  const indexes: number[] = [];
  for (let i = 1; i < argv.length - 1; i++) {
    const arg = argv[i] ?? '';
    if (LONG_SECRET_FLAG.test(arg) || (shortFlag !== null && arg === shortFlag)) indexes.push(i + 1);
  }
  return indexes;
}

export interface RedactedValue<T> {
  value: T;
  report: RedactionReport;
}

/**
 * Redacts every string inside a JSON value (object keys stay: they are field names and errno names).
 * Pure: returns a copy; `skip` names top-level paths left alone (format, version).
 */
export function redactValue<T>(input: T, options: RedactOptions, identity: Identity, skip: ReadonlySet<string> = new Set()): RedactedValue<T> {
  const rules = buildRules(options, identity);
  const totals = new Map<RedactionRule, number>();
  const hits: RedactionHit[] = [];
  let hitsNotListed = 0;

  const record = (path: string, counts: Map<RedactionRule, number>, text: string): void => {
    for (const [rule, count] of counts) {
      totals.set(rule, (totals.get(rule) ?? 0) + count);
      if (hits.length < MAX_LISTED_HITS) hits.push({ rule, path, excerpt: excerpt(text, rule) });
      else hitsNotListed += 1;
    }
  };

  const walk = (value: unknown, path: string): unknown => {
    if (rules.length === 0) return value;
    if (typeof value === 'string') {
      const result = redactText(value, rules);
      if (result.counts.size > 0) record(path, result.counts, result.text);
      return result.text;
    }
    if (Array.isArray(value)) {
      const secretIndexes = options.secrets && value.every((v) => typeof v === 'string') ? new Set(secretArgvIndexes(value as string[])) : null;
      return value.map((item, index) => {
        const itemPath = `${path}[${index}]`;
        if (secretIndexes?.has(index) && item !== REDACTED) {
          record(itemPath, new Map([['secret-flag', 1]]), REDACTED);
          return REDACTED;
        }
        return walk(item, itemPath);
      });
    }
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(value)) {
        const childPath = path ? `${path}.${key}` : key;
        const next = skip.has(childPath) ? child : walk(child, childPath);
        // defineProperty: a "__proto__" key from an untrusted file stays a plain property.
        if (key === '__proto__') Object.defineProperty(out, key, { value: next, enumerable: true, writable: true, configurable: true });
        else out[key] = next;
      }
      return out;
    }
    return value;
  };

  const value = walk(input, '') as T;
  const counts: Partial<Record<RedactionRule, number>> = {};
  let total = 0;
  for (const [rule, count] of totals) {
    counts[rule] = count;
    total += count;
  }
  return {
    value,
    report: { secrets: options.secrets, host: options.host, users: options.users, homes: options.homes, total, counts, hits, hitsNotListed },
  };
}

export function summaryOf(report: RedactionReport): RedactionSummary {
  const { secrets, host, users, homes, total, counts } = report;
  return { secrets, host, users, homes, total, counts };
}

const MARK_OF: Partial<Record<RedactionRule, string>> = { host: HOST_MARK, user: USER_MARK, home: HOME_MARK };

/** The redacted text around the rule's first marker, so the preview shows where without showing what. */
function excerpt(text: string, rule: RedactionRule): string {
  const mark = MARK_OF[rule] ?? REDACTED;
  const at = Math.max(0, text.indexOf(mark));
  const from = Math.max(0, at - EXCERPT_RADIUS);
  const to = Math.min(text.length, at + mark.length + EXCERPT_RADIUS);
  return `${from > 0 ? '…' : ''}${text.slice(from, to)}${to < text.length ? '…' : ''}`;
}
