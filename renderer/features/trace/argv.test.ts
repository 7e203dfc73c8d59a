import { describe, expect, it } from 'vitest';
import { quoteForDisplay } from '../../app/shell-words.js';
import { parseArgumentsField, parseEnvField, parsePidField } from './argv.js';

const words = (line: string) => {
  const r = parseArgumentsField(line);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe('one line of arguments, split like a shell splits words', () => {
  it('splits on runs of whitespace and keeps quoted spaces', () => {
    expect(words('  -l   "/tmp/my dir"\t\'x  y\' ')).toEqual(['-l', '/tmp/my dir', 'x  y']);
  });
  it('never expands anything: $(…), backticks, ;, globs and ~ stay literal', () => {
    expect(words('$(rm -rf ~) `id`;echo *.txt ~')).toEqual(['$(rm', '-rf', '~)', '`id`;echo', '*.txt', '~']);
    expect(words('"$(id)" \'$HOME\'')).toEqual(['$(id)', '$HOME']);
  });
  it('handles escapes like a POSIX shell', () => {
    expect(words('a\\ b "q\\"uote" "back\\\\slash" "keep\\n" \'no\\escape\'')).toEqual(['a b', 'q"uote', 'back\\slash', 'keep\\n', 'no\\escape']);
  });
  it('joins adjacent quoted parts into one word and keeps empty quoted words', () => {
    expect(words('--name="a b"c \'\' ""')).toEqual(['--name=a bc', '', '']);
  });
  it('refuses unbalanced quotes and a trailing backslash with a sentence', () => {
    expect(parseArgumentsField('"open')).toEqual({ ok: false, error: 'A double quote (") is not closed.' });
    expect(parseArgumentsField("it's")).toMatchObject({ ok: false, error: expect.stringMatching(/single quote/) });
    expect(parseArgumentsField('end\\')).toMatchObject({ ok: false });
  });
});

describe('parseArgumentsField', () => {
  it('one line: shell-like split; several lines: one argument per line, verbatim', () => {
    expect(parseArgumentsField('-v "a b"')).toEqual({ ok: true, value: ['-v', 'a b'] });
    expect(parseArgumentsField('first arg\n"quoted" stays\n\n  spaced  ')).toEqual({ ok: true, value: ['first arg', '"quoted" stays', '  spaced  '] });
    expect(parseArgumentsField('')).toEqual({ ok: true, value: [] });
    expect(parseArgumentsField('only one\n')).toEqual({ ok: true, value: ['only', 'one'] });
  });
});

describe('parseEnvField', () => {
  it('reads NAME=value lines, keeping = and spaces in values', () => {
    expect(parseEnvField('LANG=C\n# comment\n\nOPTS=--a=b c\nEMPTY=')).toEqual({ ok: true, value: { LANG: 'C', OPTS: '--a=b c', EMPTY: '' } });
  });
  it('names the bad line', () => {
    expect(parseEnvField('A=1\nnot a pair')).toMatchObject({ ok: false, error: expect.stringMatching(/^Line 2/) });
    expect(parseEnvField('1BAD=x')).toMatchObject({ ok: false, error: expect.stringMatching(/not a variable name/) });
    expect(parseEnvField('A=1\nA=2')).toMatchObject({ ok: false, error: expect.stringMatching(/set twice/) });
  });
  it('refuses __proto__ (it would silently vanish) and keeps constructor as a plain variable', () => {
    expect(parseEnvField('__proto__=x')).toMatchObject({ ok: false, error: expect.stringMatching(/__proto__ cannot be used/) });
    const r = parseEnvField('constructor=x');
    expect(r.ok && Object.entries(r.value)).toEqual([['constructor', 'x']]);
  });
});

describe('parsePidField', () => {
  it('accepts plain digits only', () => {
    expect(parsePidField(' 4321 ')).toEqual({ ok: true, value: 4321 });
    for (const bad of ['-1', '1e3', '12 3', '0x10', '', '1.5']) expect(parsePidField(bad).ok).toBe(false);
    expect(parsePidField('1')).toMatchObject({ ok: false, error: expect.stringMatching(/0 and 1/) });
  });
});

describe('quoteForDisplay', () => {
  it('reads back as the same argv when split again', () => {
    const argv = ['ls', 'a b', "it's", '$(id)', '', '-x', 'tab\there', 'back\\slash', '"dq"'];
    expect(words(quoteForDisplay(argv))).toEqual(argv);
    expect(quoteForDisplay(['ls', '-la', '/tmp'])).toBe('ls -la /tmp');
  });
});
