/** One printed figure of `npm run bench`; `--json` prints one of these per line. */
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  /** What the figure is compared with (for example the same sample by systeminformation). */
  baseline?: { name: string; value: number };
  /** value / baseline.value, or whichever ratio the figure's name says. */
  ratio?: number;
  /** The budget for this figure, if it names one, and whether it was met. */
  budget?: { limit: number; met: boolean };
}

export interface BenchSuite {
  name: string;
  run(): Promise<BenchFigure[]>;
}
