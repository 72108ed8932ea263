import { ApiError } from './api-error';
import type { Pipeline } from './pipeline';
import { nextSlot, previousSlot } from './schedule';
import type { DrawStore } from './store/draw-store';
import type { RunStore } from './store/run-store';
import type { SettingsStore } from './store/settings-store';
import type { TicketStore } from './store/ticket-store';

const MAX_SLEEP_MS = 60 * 60 * 1000;

/** Starts runs after each draw (by the schedule setting), on a missed slot and at first start. */
export class Scheduler {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly d: {
      pipeline: Pipeline;
      settings: SettingsStore;
      runs: RunStore;
      tickets: TicketStore;
      draws: DrawStore;
      now: () => number;
      log?: (line: string) => void;
    },
  ) {}

  /** Catches up on what was missed while the app was closed, then waits for the next slot. */
  start(): void {
    const { tickets, draws, runs, settings, now } = this.d;
    const hasDraws = draws.summary().count > 0;
    if (hasDraws && tickets.getStats().total_tickets === 0) this.fire('first-start');
    else {
      const prev = previousSlot(settings.get().schedule, now());
      const last = runs.lastStartedAt();
      if (prev !== null && last !== null && last < prev) this.fire('catch-up');
    }
    this.arm();
  }

  /** Re-reads the schedule (after a settings change). */
  rearm(): void {
    this.stop();
    this.arm();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  next(): number | null {
    return nextSlot(this.d.settings.get().schedule, this.d.now());
  }

  private arm(): void {
    const next = this.next();
    if (next === null) return;
    const delay = Math.max(0, Math.min(next - this.d.now(), MAX_SLEEP_MS));
    this.timer = setTimeout(() => {
      if (this.d.now() >= next) this.fire('schedule');
      this.arm();
    }, delay);
    this.timer.unref();
  }

  private fire(trigger: string): void {
    try {
      const { run_id } = this.d.pipeline.start({}, trigger);
      this.d.log?.(`Started run ${run_id} (${trigger})`);
    } catch (err) {
      // A run already going covers this slot; anything else is logged, never thrown from a timer.
      if (!(err instanceof ApiError && err.status === 409)) {
        this.d.log?.(`Could not start the ${trigger} run: ${(err as Error).message}`);
      }
    }
  }
}
