// Lists the functions in native-bridge/ longer than a limit (default 80 lines), longest first, so the
// count can be followed from one change to the next (issue 13: "functions over ~80 lines").
//   npx tsx scripts/long-functions.ts [--limit 80] [--tests] [DIR]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

interface LongFunction {
  file: string;
  line: number;
  name: string;
  lines: number;
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
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = last - first + 1;
      if (lines > limit) found.push({ file: path, line: first + 1, name: nameOf(node, source), lines });
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
for (const f of all) process.stdout.write(`${String(f.lines).padStart(5)}  ${f.name}  ${relative(process.cwd(), f.file)}:${f.line}\n`);
process.stdout.write(`${all.length} function(s) over ${limit} lines in ${dir}/\n`);
