import type { ModeProgress } from '../../../shared/schemas';
import { useApp } from '../use-app';
import { MODE_LABELS, seconds } from '../labels';

const PHASES: Record<ModeProgress['phase'], string> = {
  queued: 'queued',
  train: 'training',
  generate: 'generating',
  done: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
};

export function GeneratePanel() {
  const running = useApp((s) => s.busy.generate === true);
  const progress = useApp((s) => s.progress);
  const finished = useApp((s) => s.finishedRun);
  const hasDraws = useApp((s) => (s.drawSummary?.count ?? 0) > 0);
  const generate = useApp((s) => s.generate);
  const cancel = useApp((s) => s.cancel);

  return (
    <section className="panel" aria-labelledby="generate-title">
      <div className="panel-head">
        <h2 id="generate-title">Generate</h2>
        <div className="actions">
          <button
            type="button"
            className="primary"
            disabled={running || !hasDraws}
            title={hasDraws ? undefined : 'Import or sync the draw history first'}
            onClick={() => void generate()}
          >
            {running ? 'Generating…' : 'Generate now'}
          </button>
          {running && (
            <button type="button" onClick={() => void cancel()}>
              Cancel
            </button>
          )}
        </div>
      </div>
      {progress && (
        <div className="progress-list" aria-live="polite">
          <p className="muted">
            Run {progress.run_id}: {progress.step}
          </p>
          {progress.modes.map((m) => (
            <div key={m.mode} className="progress-row">
              <span className="progress-label">{MODE_LABELS[m.mode]}</span>
              <progress
                max={m.total || 1}
                value={m.phase === 'done' ? m.total : m.done}
                aria-label={`${MODE_LABELS[m.mode]} progress`}
              />
              <span className={`phase phase-${m.phase}`}>
                {PHASES[m.phase]} {m.phase === 'generate' ? `${m.done}/${m.total}` : ''}
              </span>
            </div>
          ))}
        </div>
      )}
      {!running && finished && (
        <div className="run-summary" role="status" aria-label="Run result">
          <p>
            Run {finished.id}:{' '}
            <strong className={`status-${finished.status}`}>{finished.status}</strong>,{' '}
            {finished.tickets_generated} tickets in {seconds(finished.duration_ms)}
            {finished.error ? ` (${finished.error})` : ''}
          </p>
          <ul>
            {finished.modes.map((m) => (
              <li key={m.mode}>
                {MODE_LABELS[m.mode]}: <span className={`status-${m.status}`}>{m.status}</span>
                {m.status === 'success' ? `, ${m.tickets} tickets` : ''}
                {m.error ? ` — ${m.error}` : ''}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
