// Lists the functions in native-bridge/ longer than a limit (default 80 lines), longest first, so the
// count can be followed from one change to the next (issue 13: "functions over ~80 lines"). "own" is the
// length without the functions nested in it: a factory made of small named steps is long but has few own
// lines, a single function that does everything inline has as many own lines as lines.
//   npx tsx scripts/long-functions.ts [--limit 80] [--tests] [DIR]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

interface LongFunction {
  file: string;
  line: number;
  name: string;
  lines: number;
  /** Lines outside the functions nested in this one. */
  own: number;
}

function sourceFiles(dir: string, withTests: boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path, withTests);
    if (!/\.tsx?$/.test(name) || name.endsWith('.d.ts')) return [];
    return withTests || !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** The name a reader would search for: the declaration's own, else the variable or property it is assigned to. */
function nameOf(node: ts.Node, source: ts.SourceFile): string {
  const named = node as ts.Node & { name?: ts.Node };
  if (named.name) return named.name.getText(source);
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) return parent.name.getText(source);
  if (ts.isCallExpression(parent)) return `(argument of ${parent.expression.getText(source).slice(0, 40)})`;
  return '(anonymous)';
}

function longFunctions(path: string, limit: number): LongFunction[] {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: LongFunction[] = [];
  const span = (node: ts.Node): number =>
    source.getLineAndCharacterOfPosition(node.getEnd()).line - source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const isFunction = (node: ts.Node): boolean => ts.isFunctionLike(node) && 'body' in node && node.body !== undefined;
  /** Lines of the functions directly nested in `node` (not those nested in them: they count in theirs). */
  const nestedLines = (node: ts.Node): number => {
    let total = 0;
    const walk = (child: ts.Node): void => {
      if (isFunction(child)) total += span(child);
      else ts.forEachChild(child, walk);
    };
    ts.forEachChild(node, walk);
    return total;
  };
  const visit = (node: ts.Node): void => {
    if (isFunction(node)) {
      const lines = span(node);
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      if (lines > limit) found.push({ file: path, line, name: nameOf(node, source), lines, own: lines - nestedLines(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const args = process.argv.slice(2);
const limitAt = args.indexOf('--limit');
const limit = limitAt >= 0 ? Number(args[limitAt + 1]) : 80;
if (!Number.isInteger(limit) || limit < 1) {
  process.stderr.write(`long-functions: --limit takes a whole number of lines, not "${args[limitAt + 1] ?? ''}".\n`);
  process.exit(2);
}
const dir = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--limit') ?? 'native-bridge';
const all = sourceFiles(dir, args.includes('--tests')).flatMap((file) => longFunctions(file, limit));
all.sort((a, b) => b.lines - a.lines);
process.stdout.write('lines    own  function\n');
for (const f of all) process.stdout.write(`${String(f.lines).padStart(5)}  ${String(f.own).padStart(5)}  ${f.name}  ${relative(process.cwd(), f.file)}:${f.line}\n`);
const ownOver = all.filter((f) => f.own > limit).length;
process.stdout.write(`${all.length} function(s) over ${limit} lines in ${dir}/, ${ownOver} of them over ${limit} lines of their own\n`);
