import type { BenchFigure, BenchSuite } from './types.js';

// One file per budget; `npm run bench -- system web` runs only those suites, `--json` prints one object per line.
const SUITES: Record<string, () => Promise<{ suite: BenchSuite }>> = {
  system: () => import('./system.js'),
  web: () => import('./web.js'),
  processes: () => import('./processes.js'),
  trace: () => import('./trace.js'),
  'trace-ui': () => import('./trace-ui.js'),
  core: () => import('./core.js'),
  'processes-ui': () => import('./processes-ui.js'),
  memory: () => import('./memory.js'),
  netfiles: () => import('./netfiles.js'),
  snapshot: () => import('./snapshot.js'),
  findings: () => import('./findings.js'),
  cli: () => import('./cli.js'),
  'metrics-export': () => import('./metrics-export.js'),
  history: () => import('./history.js'),
  sockets: () => import('./sockets.js'),
  rss: () => import('./rss.js'),
  stack: () => import('./stack.js'),
  rest: () => import('./rest.js'),
};

function formatRow(figure: BenchFigure): string {
  const value = `${figure.value} ${figure.unit}`;
  const budget = figure.budget ? `${figure.budget.met ? 'met' : 'MISSED'} (≤ ${figure.budget.limit})` : '';
  const baseline = figure.baseline ? `${figure.baseline.name}: ${figure.baseline.value}` : '';
  const ratio = figure.ratio === undefined ? '' : `ratio ${figure.ratio.toPrecision(3)}`;
  return [figure.name.padEnd(70), value.padStart(22), budget.padEnd(18), baseline, ratio].join('  ').trimEnd();
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const wanted = args.filter((a) => !a.startsWith('--'));
  const names = wanted.length ? wanted : Object.keys(SUITES);
  for (const name of names) {
    const load = SUITES[name];
    if (!load) {
      process.stderr.write(`bench: unknown suite "${name}" (have: ${Object.keys(SUITES).join(', ')})\n`);
      process.exitCode = 2;
      continue;
    }
    const { suite } = await load();
    if (!json) process.stdout.write(`\n## ${suite.name}\n`);
    try {
      for (const figure of await suite.run()) {
        process.stdout.write(json ? `${JSON.stringify(figure)}\n` : `${formatRow(figure)}\n`);
      }
    } catch (error) {
      process.stderr.write(`bench ${name} failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    }
  }
}

await main();
