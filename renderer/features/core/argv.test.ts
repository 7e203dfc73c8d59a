import { describe, expect, it } from 'vitest';
import { quoteForDisplay } from '../../app/shell-words.js';
import { splitCommandLine } from './argv.js';
import { gdbCommandFor } from './gdb-command.js';

function argv(text: string): string[] {
  const result = splitCommandLine(text);
  if (!result.ok) throw new Error(`expected ${text} to split, got: ${result.error}`);
  return result.argv;
}

describe('splitCommandLine: what the program receives, with no shell involved', () => {
  it('splits on any whitespace and drops empty runs', () => {
    expect(argv('  /usr/bin/prog   -v\t--level=3\n x ')).toEqual(['/usr/bin/prog', '-v', '--level=3', 'x']);
  });

  it('quotes group words; single quotes are literal; double quotes honour \\" and \\\\', () => {
    expect(argv(`prog 'my file.conf' "a \\"quoted\\" word" 'it''s'`)).toEqual(['prog', 'my file.conf', 'a "quoted" word', 'its']);
    expect(argv(`prog "back\\\\slash" 'no \\escape'`)).toEqual(['prog', 'back\\slash', 'no \\escape']);
    expect(argv(`prog pre"mid dle"post`)).toEqual(['prog', 'premid dlepost']);
  });

  it('keeps an empty quoted argument as its own argument', () => {
    expect(argv(`prog "" ''`)).toEqual(['prog', '', '']);
  });

  it('a backslash escapes one character outside quotes', () => {
    expect(argv('prog my\\ file \\"x\\"')).toEqual(['prog', 'my file', '"x"']);
  });

  it('shell syntax reaches the program as plain text: no variables, globbing, command substitution or chaining', () => {
    expect(argv('prog $HOME ~ *.c ; rm -rf / $(id) `id` | cat && echo')).toEqual([
      'prog', '$HOME', '~', '*.c', ';', 'rm', '-rf', '/', '$(id)', '`id`', '|', 'cat', '&&', 'echo',
    ]);
  });

  it('says in one sentence what is wrong with an unusable line', () => {
    expect(splitCommandLine('prog "open')).toEqual({ ok: false, error: 'A double quote is not closed.' });
    expect(splitCommandLine("prog 'open")).toEqual({ ok: false, error: 'A single quote is not closed.' });
    expect(splitCommandLine('prog \\')).toMatchObject({ ok: false, error: expect.stringMatching(/backslash/) });
    expect(splitCommandLine('   ')).toMatchObject({ ok: false, error: expect.stringMatching(/Type the program/) });
  });
});

describe('quoteForDisplay: text a shell reads back unchanged', () => {
  const awkward = ['/tmp/my core', "it's", '$HOME', 'a"b', '', '-x', 'semi;colon', 'new\nline', 'tab\there', 'ünïcode'];

  it('leaves plain words alone and quotes everything else', () => {
    expect(quoteForDisplay(['/usr/bin/gdb'])).toBe('/usr/bin/gdb');
    expect(quoteForDisplay(['--level=3'])).toBe('--level=3');
    expect(quoteForDisplay(['my file'])).toBe("'my file'");
    expect(quoteForDisplay(["it's"])).toBe(`'it'\\''s'`);
    expect(quoteForDisplay([''])).toBe("''");
  });

  it('round-trips through splitCommandLine for awkward arguments', () => {
    expect(argv(quoteForDisplay(awkward))).toEqual(awkward);
  });
});

describe('the gdb command shown for "Continue in gdb"', () => {
  it('has the same protections as the backend, quoted so it survives paths with spaces', () => {
    const core = "/tmp/crash dir/core.1234";
    const exe = "/home/o'brien/bin/prog";
    const command = gdbCommandFor(core, exe);
    expect(command).toMatch(/^gdb -nx -q -iex 'set auto-load off' -iex 'set debuginfod enabled off' -- /);
    expect(argv(command)).toEqual(['gdb', '-nx', '-q', '-iex', 'set auto-load off', '-iex', 'set debuginfod enabled off', '--', exe, core]);
  });
});
