import {
  cloneElement,
  useEffect,
  useMemo,
  useRef,
  useState,
  type InputHTMLAttributes,
  type ReactElement,
} from 'react';
import { MODES, type Mode } from '../../../shared/powerball';
import { SettingsPatch, WEEKDAYS, type Settings } from '../../../shared/schemas';
import { MODE_LABELS } from '../labels';
import type { SettingsDraft } from '../store';
import { useApp } from '../use-app';

type Draft = SettingsDraft;
type Errors = Record<string, string>;

const toDraft = ({ rest: { token: _token, ...rest }, ...s }: Settings): Draft => ({ ...s, rest });

/** Field errors from the shared schema, keyed by path (`schedule.time`), as the engine names them. */
function validate(draft: Draft): Errors {
  const result = SettingsPatch.safeParse(draft);
  if (result.success) return {};
  const errors: Errors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join('.');
    errors[key] ??= issue.message;
  }
  return errors;
}

const num = (v: string) => (v.trim() === '' ? NaN : Number(v));

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Only what the user changed, down to the fields of schedule, rest and sync: a save does not
 * overwrite what another client changed meanwhile, nor touch the REST port when it is not
 * being edited.
 */
function changes(draft: Draft, saved: Draft): SettingsPatch {
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(draft) as (keyof Draft)[]) {
    const now = draft[key];
    const was = saved[key];
    if (same(now, was)) continue;
    if (key === 'schedule' || key === 'rest' || key === 'sync') {
      const sub: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(now as object)) {
        if (!same(v, (was as Record<string, unknown>)[k])) sub[k] = v;
      }
      patch[key] = sub;
    } else patch[key] = now;
  }
  return patch as SettingsPatch;
}

export function SettingsView() {
  const settings = useApp((s) => s.settings);
  const save = useApp((s) => s.saveSettings);
  const saving = useApp((s) => s.busy.settings === true);
  const kept = useApp((s) => s.unsavedSettings);
  const keep = useApp((s) => s.keepUnsavedSettings);
  const [draft, setDraft] = useState<Draft | null>(kept?.draft ?? null);
  const [serverErrors, setServerErrors] = useState<Errors>({});

  // The settings the draft started from: while it is unedited it follows newer settings
  // (saved here or by another client); edits are never overwritten.
  const base = useRef<Draft | null>(kept?.base ?? null);
  // Unsaved edits outlive a visit to another view: kept in the store while this one is away.
  const latest = useRef(draft);
  latest.current = draft;
  useEffect(
    () => () => {
      const d = latest.current;
      keep(d && base.current && !same(d, base.current) ? { draft: d, base: base.current } : null);
    },
    [keep],
  );
  useEffect(() => {
    if (!settings) return;
    if (!draft || (base.current && same(draft, base.current))) {
      const next = toDraft(settings);
      base.current = next;
      if (!draft || !same(draft, next)) setDraft(next);
    }
  }, [settings, draft]);
  const errors = useMemo(() => (draft ? validate(draft) : {}), [draft]);
  if (!draft || !settings) return null;

  const all = { ...serverErrors, ...errors };
  const set = (update: (d: Draft) => Draft) => {
    setServerErrors({});
    setDraft(update(draft));
  };
  const toggleMode = (m: Mode) =>
    set((d) => ({
      ...d,
      enabled_modes: d.enabled_modes.includes(m)
        ? d.enabled_modes.filter((x) => x !== m)
        : MODES.filter((x) => x === m || d.enabled_modes.includes(x)),
    }));

  const saved = toDraft(settings);
  const dirty = !same(draft, saved);
  const onSubmit = async () => {
    if (Object.keys(errors).length > 0) return;
    const err = await save(changes(draft, saved));
    // On success the draft is what was saved: it stays, and is the new base.
    if (err) setServerErrors({ [err.field ?? '']: err.message });
    else base.current = draft;
  };

  return (
    <form
      className="stack"
      aria-label="Settings"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit();
      }}
    >
      <section className="panel">
        <h2>Generation</h2>
        <div className="form-grid">
          <Field id="batch_size" label="Batch size (tickets per mode)" error={all.batch_size}>
            <input
              id="batch_size"
              type="number"
              min={1}
              max={1000}
              value={Number.isNaN(draft.batch_size) ? '' : draft.batch_size}
              onChange={(e) => set((d) => ({ ...d, batch_size: num(e.target.value) }))}
            />
          </Field>
          <Field
            id="hybrid_ratio"
            label="Hybrid: share of v2 tickets (0 to 1)"
            error={all.hybrid_ratio}
          >
            <input
              id="hybrid_ratio"
              type="number"
              step={0.05}
              min={0}
              max={1}
              value={Number.isNaN(draft.hybrid_ratio) ? '' : draft.hybrid_ratio}
              onChange={(e) => set((d) => ({ ...d, hybrid_ratio: num(e.target.value) }))}
            />
          </Field>
          <Field
            id="max_workers"
            label="Worker threads (cores used, 1 or 2)"
            error={all.max_workers}
          >
            <select
              id="max_workers"
              value={draft.max_workers}
              onChange={(e) => set((d) => ({ ...d, max_workers: Number(e.target.value) }))}
            >
              <option value={1}>1</option>
              <option value={2}>2</option>
            </select>
          </Field>
        </div>
        <fieldset aria-describedby={all.enabled_modes ? 'enabled_modes-error' : undefined}>
          <legend>Enabled modes</legend>
          {MODES.map((m) => (
            <label key={m} className="check">
              <input
                type="checkbox"
                checked={draft.enabled_modes.includes(m)}
                onChange={() => toggleMode(m)}
              />
              {MODE_LABELS[m]}
            </label>
          ))}
          {all.enabled_modes && (
            <p id="enabled_modes-error" className="field-error" role="alert">
              Enabled modes {all.enabled_modes}
            </p>
          )}
        </fieldset>
      </section>

      <section className="panel">
        <h2>Retention</h2>
        <div className="form-grid">
          <Field id="retention_days" label="Keep tickets for (days)" error={all.retention_days}>
            <input
              id="retention_days"
              type="number"
              min={1}
              max={365}
              value={Number.isNaN(draft.retention_days) ? '' : draft.retention_days}
              onChange={(e) => set((d) => ({ ...d, retention_days: num(e.target.value) }))}
            />
          </Field>
          <label className="check">
            <input
              type="checkbox"
              checked={draft.auto_cleanup}
              onChange={(e) => set((d) => ({ ...d, auto_cleanup: e.target.checked }))}
            />
            Delete older tickets after each run
          </label>
        </div>
      </section>

      <section className="panel">
        <h2>Schedule</h2>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.schedule.enabled}
            onChange={(e) =>
              set((d) => ({ ...d, schedule: { ...d.schedule, enabled: e.target.checked } }))
            }
          />
          Generate after each draw
        </label>
        <fieldset>
          <legend>Days</legend>
          {WEEKDAYS.map((day) => (
            <label key={day} className="check">
              <input
                type="checkbox"
                checked={draft.schedule.days.includes(day)}
                onChange={() =>
                  set((d) => ({
                    ...d,
                    schedule: {
                      ...d.schedule,
                      days: d.schedule.days.includes(day)
                        ? d.schedule.days.filter((x) => x !== day)
                        : WEEKDAYS.filter((x) => x === day || d.schedule.days.includes(x)),
                    },
                  }))
                }
              />
              {day}
            </label>
          ))}
          {all['schedule.days'] && (
            <p className="field-error" role="alert">
              Days {all['schedule.days']}
            </p>
          )}
        </fieldset>
        <div className="form-grid">
          <Field id="schedule.time" label="Time (HH:MM)" error={all['schedule.time']}>
            <input
              id="schedule.time"
              value={draft.schedule.time}
              onChange={(e) =>
                set((d) => ({ ...d, schedule: { ...d.schedule, time: e.target.value } }))
              }
            />
          </Field>
          <Field id="schedule.timezone" label="Time zone" error={all['schedule.timezone']}>
            <input
              id="schedule.timezone"
              value={draft.schedule.timezone}
              onChange={(e) =>
                set((d) => ({ ...d, schedule: { ...d.schedule, timezone: e.target.value } }))
              }
            />
          </Field>
        </div>
      </section>

      <section className="panel">
        <h2>Draw sync</h2>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.sync.enabled}
            onChange={(e) => set((d) => ({ ...d, sync: { ...d.sync, enabled: e.target.checked } }))}
          />
          Sync draws before each run when a draw is due
        </label>
        <Field id="sync.url" label="Source URL" error={all['sync.url']}>
          <input
            id="sync.url"
            className="wide"
            value={draft.sync.url}
            onChange={(e) => set((d) => ({ ...d, sync: { ...d.sync, url: e.target.value } }))}
          />
        </Field>
      </section>

      <RestSection draft={draft} errors={all} set={set} />

      <div className="actions sticky-actions">
        <button
          type="submit"
          className="primary"
          disabled={saving || !dirty || Object.keys(errors).length > 0}
        >
          {saving ? 'Saving…' : 'Save settings'}
        </button>
        {dirty && <span className="muted">Unsaved changes</span>}
        <button
          type="button"
          disabled={!dirty}
          onClick={() => {
            setServerErrors({});
            setDraft(saved);
          }}
        >
          Discard changes
        </button>
        {all[''] && (
          <p className="field-error" role="alert">
            {all['']}
          </p>
        )}
      </div>
    </form>
  );
}

function RestSection({
  draft,
  errors,
  set,
}: {
  draft: Draft;
  errors: Errors;
  set: (u: (d: Draft) => Draft) => void;
}) {
  const token = useApp((s) => s.settings?.rest.token ?? '');
  const regenerate = useApp((s) => s.regenerateToken);
  const transport = useApp((s) => s.transport);
  const copyText = useApp((s) => s.copyText);
  const [shown, setShown] = useState(false);
  return (
    <section className="panel">
      <h2>Local REST API</h2>
      <p className="muted">
        Serves the same API to scripts on 127.0.0.1 only, with a bearer token.
      </p>
      {transport === 'http' && (
        <p className="muted">
          This page is served by the headless engine, whose API runs on the port it was started
          with; these two settings apply to the desktop app.
        </p>
      )}
      <label className="check">
        <input
          type="checkbox"
          checked={draft.rest.enabled}
          onChange={(e) => set((d) => ({ ...d, rest: { ...d.rest, enabled: e.target.checked } }))}
        />
        REST port on
      </label>
      <div className="form-grid">
        <Field id="rest.port" label="Port (0 to 65535)" error={errors['rest.port']}>
          <input
            id="rest.port"
            type="number"
            min={0}
            max={65535}
            value={Number.isNaN(draft.rest.port) ? '' : draft.rest.port}
            onChange={(e) => set((d) => ({ ...d, rest: { ...d.rest, port: num(e.target.value) } }))}
          />
        </Field>
      </div>
      <div className="actions">
        <code className="token" aria-label="API token">
          {token ? (shown ? token : '•'.repeat(12)) : 'not created yet'}
        </code>
        <button type="button" onClick={() => setShown(!shown)} disabled={!token}>
          {shown ? 'Hide token' : 'Show token'}
        </button>
        <button
          type="button"
          onClick={() => void copyText(token, 'the API token')}
          disabled={!token}
        >
          Copy token
        </button>
        <button
          type="button"
          onClick={() => {
            if (window.confirm('Replace the API token? Scripts using the old one stop working.'))
              void regenerate();
          }}
        >
          Regenerate token
        </button>
      </div>
    </section>
  );
}

function Field({
  id,
  label,
  error,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  children: ReactElement<InputHTMLAttributes<HTMLElement>>;
}) {
  // The control says it is invalid and points at its message.
  const control = cloneElement(children, {
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${id}-error` : undefined,
  });
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {control}
      {error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {label.replace(/ \(.*\)$/, '')} {error}
        </p>
      )}
    </div>
  );
}
