#!/usr/bin/env node
// Lines of production source at a git revision: TypeScript outside tests, e2e, bench, scripts,
// fixtures and test helpers, counting neither blank lines nor comment-only lines (so deleting
// comments or joining lines is not how a count goes down).
//   node scripts/source-lines.mjs [REV ...]     one total per revision, then the folders that changed
//   node scripts/source-lines.mjs --commits SHA ...   what each commit changed (against its first parent), and the sum
import { execFileSync } from 'node:child_process';

const NOT_SOURCE = /(\.test\.|\.spec\.|^e2e\/|^bench\/|^scripts\/|test-support|fixtures?[./]|child-scripts|\.d\.ts$)/;

const git = (...args) => execFileSync('git', args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
/** A file's text at a revision, or null where it does not exist there. */
const textAt = (rev, file) => {
  try {
    return execFileSync('git', ['show', `${rev}:${file}`], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
};

function codeLines(text) {
  let count = 0;
  let inBlock = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (inBlock) {
      if (line.includes('*/')) inBlock = false;
      continue;
    }
    if (line === '' || line.startsWith('//')) continue;
    if (line.startsWith('/*')) {
      if (!line.includes('*/')) inBlock = true;
      continue;
    }
    count++;
  }
  return count;
}

function countAt(rev) {
  const files = git('ls-tree', '-r', '--name-only', rev)
    .split('\n')
    .filter((f) => /\.(ts|tsx)$/.test(f) && !NOT_SOURCE.test(f));
  const byFolder = new Map();
  let total = 0;
  for (const file of files) {
    const n = codeLines(git('show', `${rev}:${file}`));
    total += n;
    const folder = file.split('/').slice(0, 2).join('/');
    byFolder.set(folder, (byFolder.get(folder) ?? 0) + n);
  }
  return { rev, files: files.length, total, byFolder };
}

/** Lines of code a commit added minus those it removed (renames count as a delete and an add, so a move is 0). */
function commitDelta(sha) {
  const files = git('diff', '--no-renames', '--name-only', `${sha}^`, sha)
    .split('\n')
    .filter((f) => /\.(ts|tsx)$/.test(f) && !NOT_SOURCE.test(f));
  let delta = 0;
  for (const file of files) {
    const after = textAt(sha, file);
    const before = textAt(`${sha}^`, file);
    delta += (after === null ? 0 : codeLines(after)) - (before === null ? 0 : codeLines(before));
  }
  return delta;
}

if (process.argv[2] === '--commits') {
  let sum = 0;
  for (const sha of process.argv.slice(3)) {
    const delta = commitDelta(sha);
    sum += delta;
    console.log(`${String(delta).padStart(6)} ${git('log', '-1', '--format=%h %s', sha).trim().slice(0, 110)}`);
  }
  console.log(`  sum ${sum > 0 ? '+' : ''}${sum}`);
  process.exit(0);
}

const revs = process.argv.slice(2);
const counts = (revs.length ? revs : ['HEAD']).map(countAt);
for (const c of counts) console.log(`${c.rev}: ${c.total} lines of code in ${c.files} files`);
if (counts.length > 1) {
  const [first, last] = [counts[0], counts.at(-1)];
  const folders = new Set([...first.byFolder.keys(), ...last.byFolder.keys()]);
  for (const folder of [...folders].sort()) {
    const a = first.byFolder.get(folder) ?? 0;
    const b = last.byFolder.get(folder) ?? 0;
    if (a !== b) console.log(`  ${folder.padEnd(36)} ${String(a).padStart(6)} -> ${String(b).padStart(6)}  ${b - a > 0 ? '+' : ''}${b - a}`);
  }
  console.log(`  total ${last.total - first.total > 0 ? '+' : ''}${last.total - first.total}`);
}
