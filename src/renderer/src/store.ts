import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Mode } from '../../shared/powerball';
import type {
  Draw,
  DrawSummary,
  Evaluation,
  GenerateRequest,
  GeneratorStatus,
  ImportResult,
  Progress,
  Run,
  Settings,
  SettingsPatch,
  Ticket,
} from '../../shared/schemas';
import { ApiCallError, type ClientApi } from './api/client';

export type View = 'batches' | 'metrics' | 'draws' | 'settings' | 'about';

/** The run filter's value for every stored ticket of the mode (newest first, up to 10,000). */
export const ALL_RUNS = '*';
export const MAX_LISTED = 10_000;

/** The editable settings: all of them but the API token, which has its own call. */
export type SettingsDraft = Omit<Settings, 'rest'> & { rest: Omit<Settings['rest'], 'token'> };

export interface Batch {
  mode: Mode;
  /** The run shown, or null for the newest tickets of the mode. */
  runId: string | null;
  tickets: Ticket[];
}

/** Everything the UI shows, in one place; views read it and call the actions. */
export interface AppState {
  view: View;
  loaded: boolean;
  version: string | null;
  status: GeneratorStatus | null;
  settings: Settings | null;
  drawSummary: DrawSummary | null;
  /** The newest draws, newest first. */
  recentDraws: Draw[];
  runs: Run[];
  evaluation: Evaluation | null;
  selectedMode: Mode | null;
  /** The run chosen in the filter; null follows each mode's latest batch; ALL_RUNS lists all. */
  runFilter: string | null;
  batch: Batch | null;
  progress: Progress | null;
  /** The run that finished last in this session, for the result summary. */
  finishedRun: Run | null;
  /** A readable message for the banner; never a blank screen. */
  error: string | null;
  notice: string | null;
  busy: { generate?: boolean; import?: boolean; sync?: boolean; settings?: boolean };
  /** Settings edits not saved yet, kept while the Settings view is not shown. */
  unsavedSettings: { draft: SettingsDraft; base: SettingsDraft } | null;
  keepUnsavedSettings(kept: AppState['unsavedSettings']): void;
  /** IPC in the desktop app, HTTP in a browser against the headless engine. */
  transport: ClientApi['transport'];
  /** The desktop app has a native file picker; a browser uses a file input. */
  canPickFile: boolean;

  setView(view: View): void;
  dismiss(): void;
  refresh(): Promise<void>;
  selectMode(mode: Mode): Promise<void>;
  setRunFilter(runId: string | null): Promise<void>;
  generate(req?: GenerateRequest): Promise<void>;
  cancel(): Promise<void>;
  /** Saves a patch; resolves with the engine's error (naming the field) or null. */
  saveSettings(patch: SettingsPatch): Promise<ApiCallError | null>;
  regenerateToken(): Promise<string | null>;
  importDraws(text: string): Promise<ImportResult | null>;
  /** Opens the native picker (desktop) and imports the chosen file. */
  importFromPicker(): Promise<void>;
  /** Copies text; a refusal (no clipboard permission) shows in the banner. */
  copyText(text: string, what: string): Promise<boolean>;
  syncDraws(): Promise<void>;
  deleteRun(id: string): Promise<void>;
}

export const message = (err: unknown): string =>
  err instanceof ApiCallError || err instanceof Error ? err.message : String(err);

/** The run whose batch a mode's tab shows by default: the newest one with its tickets. */
export function latestRunFor(runs: readonly Run[], mode: Mode): string | null {
  return runs.find((r) => r.modes.some((m) => m.mode === mode && m.tickets > 0))?.id ?? null;
}

export type AppStore = StoreApi<AppState> & {
  /** Stops the run-event subscriptions (the HTTP transport's polling). */
  dispose(): void;
};

export function createAppStore(api: ClientApi): AppStore {
  const store = createStore<AppState>()((set, get) => {
    /** Runs an action; an engine error goes to the banner instead of escaping. */
    const guard = async <T>(fn: () => Promise<T>): Promise<T | null> => {
      try {
        return await fn();
      } catch (err) {
        set({ error: message(err) });
        return null;
      }
    };

    const loadBatch = async () => {
      const { selectedMode: mode, runFilter, runs } = get();
      if (!mode) return set({ batch: null });
      const runId = runFilter === ALL_RUNS ? null : (runFilter ?? latestRunFor(runs, mode));
      const res = await api.listTickets({
        mode,
        limit: MAX_LISTED,
        ...(runId ? { run_id: runId } : {}),
      });
      // A later click may have moved on while this answer was on its way.
      if (get().selectedMode !== mode || get().runFilter !== runFilter) return;
      set({ batch: { mode, runId, tickets: res.tickets } });
    };
    /** Overlapping refreshes: only the newest one's answers are kept. */
    let refreshes = 0;

    return {
      view: 'batches',
      loaded: false,
      version: null,
      status: null,
      settings: null,
      drawSummary: null,
      recentDraws: [],
      runs: [],
      evaluation: null,
      selectedMode: null,
      runFilter: null,
      batch: null,
      progress: null,
      finishedRun: null,
      error: null,
      notice: null,
      busy: {},
      unsavedSettings: null,
      keepUnsavedSettings: (unsavedSettings) => set({ unsavedSettings }),
      transport: api.transport,
      canPickFile: api.pickDrawFile !== undefined,

      setView: (view) => set({ view }),
      dismiss: () => set({ error: null, notice: null }),

      refresh: async () => {
        const seq = ++refreshes;
        await guard(async () => {
          const [health, status, settings, drawSummary, draws, runs, evaluation] =
            await Promise.all([
              api.health({}),
              api.getGeneratorStatus({}),
              api.getSettings({}),
              api.getDrawSummary({}),
              api.listDraws({ limit: 10 }),
              api.listRuns({ limit: 100 }),
              api.getEvaluation({}),
            ]);
          if (seq !== refreshes) return;
          const selected = get().selectedMode;
          const selectedMode =
            selected && settings.enabled_modes.includes(selected)
              ? selected
              : (settings.enabled_modes[0] ?? null);
          set({
            version: health.version,
            status,
            settings,
            drawSummary,
            recentDraws: draws.draws,
            runs: runs.runs,
            evaluation,
            selectedMode,
            // A run deleted elsewhere leaves the filter: back to the latest batch.
            runFilter:
              get().runFilter === null ||
              get().runFilter === ALL_RUNS ||
              runs.runs.some((r) => r.id === get().runFilter)
                ? get().runFilter
                : null,
            progress: status.progress,
            busy: { ...get().busy, generate: status.is_generating },
          });
          await loadBatch();
        });
        set({ loaded: true });
      },

      selectMode: async (mode) => {
        set({ selectedMode: mode });
        await guard(loadBatch);
      },

      setRunFilter: async (runId) => {
        set({ runFilter: runId });
        await guard(loadBatch);
      },

      generate: async (req = {}) => {
        set({
          busy: { ...get().busy, generate: true },
          finishedRun: null,
          progress: null,
          error: null,
        });
        const started = await guard(() => api.generateTickets(req));
        if (!started) return set({ busy: { ...get().busy, generate: false } });
        // Real progress, or the end of a run this fast, may have come in already.
        if (get().progress?.run_id === started.run_id || get().finishedRun?.id === started.run_id)
          return;
        set({
          progress: {
            run_id: started.run_id,
            step: 'sync',
            modes: started.modes.map((mode) => ({
              mode,
              phase: 'queued',
              done: 0,
              total: started.batch_size,
            })),
          },
        });
      },

      cancel: async () => {
        await guard(() => api.cancelGeneration({}));
      },

      saveSettings: async (patch) => {
        set({ busy: { ...get().busy, settings: true } });
        try {
          const settings = await api.updateSettings(patch);
          set({ settings, notice: 'Settings saved' });
          return null;
        } catch (err) {
          if (err instanceof ApiCallError) return err;
          set({ error: message(err) });
          return null;
        } finally {
          set({ busy: { ...get().busy, settings: false } });
          void get().refresh();
        }
      },

      regenerateToken: async () => {
        const res = await guard(() => api.regenerateToken({}));
        if (!res) return null;
        set({ notice: 'A new API token is in use; scripts need the new one' });
        await get().refresh();
        return res.token;
      },

      importDraws: async (text) => {
        set({ busy: { ...get().busy, import: true }, error: null });
        const res = await guard(() => api.importDraws({ text }));
        set({ busy: { ...get().busy, import: false } });
        if (res) {
          set({
            notice: `Imported ${res.rows} draws (${res.inserted} new, ${res.updated} updated, ${res.unchanged} unchanged)`,
          });
          await get().refresh();
        }
        return res;
      },

      importFromPicker: async () => {
        const pick = api.pickDrawFile;
        if (!pick) return;
        const file = await guard(pick);
        if (file) await get().importDraws(file.text);
      },

      copyText: async (text, what) => {
        try {
          await navigator.clipboard.writeText(text);
          set({ notice: `Copied ${what}` });
          return true;
        } catch (err) {
          set({ error: `Could not copy ${what}: ${message(err)}` });
          return false;
        }
      },

      syncDraws: async () => {
        set({ busy: { ...get().busy, sync: true }, error: null });
        const res = await guard(() => api.syncDraws({}));
        set({ busy: { ...get().busy, sync: false } });
        if (res) set({ notice: `Synced ${res.rows} draws (${res.inserted} new)` });
        await get().refresh();
      },

      deleteRun: async (id) => {
        const res = await guard(() => api.deleteRun({ id }));
        if (res) {
          set({ notice: `Deleted run ${id} and its ${res.tickets_deleted} tickets` });
          if (get().runFilter === id) set({ runFilter: null });
          await get().refresh();
        }
      },
    };
  });

  const offProgress = api.onProgress((progress) =>
    store.setState({ progress, busy: { ...store.getState().busy, generate: true } }),
  );
  const offFinished = api.onRunFinished((run) => {
    store.setState({
      finishedRun: run,
      progress: null,
      busy: { ...store.getState().busy, generate: false },
    });
    void store.getState().refresh();
  });
  return Object.assign(store, {
    dispose: () => {
      offProgress();
      offFinished();
    },
  });
}
