import type { ExporterChoice, ExporterState } from '../contract/recording.js';
import type { MetricsExportSources } from '../metrics-export/feeds.js';
import type { MetricsExporter } from '../metrics-export/server.js';
import type { MetricsExportSetting } from '../shared/settings.js';

interface Running {
  exporter: MetricsExporter;
  setting: MetricsExportSetting;
}

export interface MetricsExportControlOptions {
  /** The backend's shared feeds (the exporter never samples on its own). */
  sources: () => MetricsExportSources;
  /** Saves the choice for the backend's next start; throws when it cannot. */
  save: (setting: MetricsExportSetting | null) => void;
  onError?: (error: unknown) => void;
  onNotice?: (sentence: string) => void;
}

/** How the refusal beyond loopback names what to give, in the app's words. */
const TOKEN_OPTION = 'a token file (its absolute path)';

/**
 * The /metrics exporter inside a long-running backend (the app, `triage web`): started from the saved
 * setting, moved or stopped at runtime, and closed with the backend. Changes run one after another.
 */
export class MetricsExportControl {
  private running: Running | null = null;
  private problem: string | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(private readonly options: MetricsExportControlOptions) {}

  state(): ExporterState {
    const r = this.running;
    return {
      on: r !== null,
      address: r?.setting.address ?? null,
      url: r?.exporter.url ?? null,
      tokenFile: r?.setting.tokenFile ?? null,
      problem: this.problem,
      available: true,
    };
  }

  /** At the backend's start: what the settings ask for; a failure is said (and kept in `problem`), never thrown. */
  resume(setting: MetricsExportSetting | null): void {
    if (!setting) return;
    void this.serialize(async () => {
      try {
        await this.start(setting);
      } catch (error) {
        this.problem = `The metrics exporter saved in the settings (${setting.address}) could not start: ${(error as Error).message}`;
        this.options.onNotice?.(this.problem);
      }
    });
  }

  /** Applies a choice: on at an address (the old one stops first), or off. Saves it once it works. */
  set(choice: ExporterChoice): Promise<ExporterState> {
    return this.serialize(async () => {
      if (this.closed) throw new Error('The backend is closing.');
      const previous = this.running?.setting ?? null;
      await this.stop();
      const setting = choice.on ? { address: choice.address, ...(choice.tokenFile ? { tokenFile: choice.tokenFile } : {}) } : null;
      if (setting) {
        try {
          await this.start(setting);
        } catch (error) {
          // Losing nothing: what served before serves again (when it still can), and the error says what failed.
          if (previous) await this.start(previous).catch(() => undefined);
          throw error;
        }
      }
      this.problem = null;
      try {
        this.options.save(setting);
      } catch (error) {
        this.problem = `This choice applies until Triage closes: it could not be saved in the settings (${(error as Error).message}).`;
      }
      return this.state();
    });
  }

  close(): Promise<void> {
    this.closed = true;
    return this.serialize(() => this.stop());
  }

  private async start(setting: MetricsExportSetting): Promise<void> {
    // Loaded when an exporter starts: prom-client and the HTTP server cost every backend's start-up otherwise.
    const { startMetricsExporter } = await import('../metrics-export/server.js');
    const exporter = await startMetricsExporter({
      address: setting.address,
      tokenFile: setting.tokenFile,
      tokenFileOption: TOKEN_OPTION,
      sources: this.options.sources,
      onError: this.options.onError,
      onNotice: this.options.onNotice,
    });
    this.running = { exporter, setting };
  }

  private async stop(): Promise<void> {
    const running = this.running;
    this.running = null;
    await running?.exporter.close();
  }

  private serialize<T>(run: () => Promise<T>): Promise<T> {
    const next = this.queue.then(run);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
