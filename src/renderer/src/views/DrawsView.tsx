import { useRef } from 'react';
import { ERAS } from '../../../shared/powerball';
import { Balls } from '../components/TicketRow';
import { dateTime } from '../labels';
import { useApp } from '../use-app';

export function DrawsView() {
  const summary = useApp((s) => s.drawSummary);
  const recent = useApp((s) => s.recentDraws);
  const busy = useApp((s) => s.busy);
  const importDraws = useApp((s) => s.importDraws);
  const syncDraws = useApp((s) => s.syncDraws);
  const canPickFile = useApp((s) => s.canPickFile);
  const importFromPicker = useApp((s) => s.importFromPicker);
  const fileInput = useRef<HTMLInputElement>(null);
  if (!summary) return null;

  const onPick = () => (canPickFile ? void importFromPicker() : fileInput.current?.click());

  return (
    <div className="stack">
      <section className="panel" aria-labelledby="draws-title">
        <h2 id="draws-title">Draw history</h2>
        {summary.count === 0 ? (
          <p>
            No draws yet. Import a CSV or JSON file (the SHIOL CSV, New York Open Data CSV or JSON,
            or the North Carolina Lottery CSV), or sync from the configured source.
          </p>
        ) : (
          <dl className="cards">
            <div className="card">
              <dt>Draws</dt>
              <dd data-testid="draw-count">{summary.count}</dd>
            </div>
            <div className="card">
              <dt>First</dt>
              <dd>{summary.first}</dd>
            </div>
            <div className="card">
              <dt>Latest</dt>
              <dd>{summary.last}</dd>
            </div>
            <div className="card">
              <dt>Current era (69/26)</dt>
              <dd>{summary.current_era_count}</dd>
            </div>
          </dl>
        )}
        <div className="actions">
          <button type="button" className="primary" disabled={busy.import} onClick={onPick}>
            {busy.import ? 'Importing…' : 'Import a file…'}
          </button>
          <input
            ref={fileInput}
            type="file"
            accept=".csv,.json,text/csv,application/json"
            className="sr-only"
            tabIndex={-1}
            aria-label="Draw history file"
            data-testid="draw-file"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) await importDraws(await file.text());
            }}
          />
          <button type="button" disabled={busy.sync} onClick={() => void syncDraws()}>
            {busy.sync ? 'Syncing…' : 'Sync now'}
          </button>
        </div>
        <p className="muted" data-testid="last-sync">
          {summary.last_sync
            ? `Last sync ${dateTime(summary.last_sync.at)}: ${
                summary.last_sync.ok
                  ? `ok, ${summary.last_sync.inserted} new, ${summary.last_sync.updated} updated`
                  : `failed: ${summary.last_sync.error}`
              }`
            : 'Never synced.'}
        </p>
      </section>
      {summary.count > 0 && (
        <section className="panel" aria-label="Draws by era and latest draws">
          <table className="data" aria-label="Draws by era">
            <thead>
              <tr>
                <th>Era</th>
                <th>From</th>
                <th>Matrix</th>
                <th>Draws</th>
              </tr>
            </thead>
            <tbody>
              {ERAS.map((era) => (
                <tr key={era.id}>
                  <td>{era.id}</td>
                  <td>{era.from}</td>
                  <td>
                    {era.whiteMax}/{era.powerballMax}
                  </td>
                  <td className="num">{summary.by_era[String(era.id)] ?? 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Latest draws</h3>
          <ul className="draw-list">
            {recent.map((d) => (
              <li key={d.draw_date}>
                <span className="mono">{d.draw_date}</span>{' '}
                <Balls whites={d.white_balls} powerball={d.powerball} />
                {d.multiplier ? <span className="muted"> ×{d.multiplier}</span> : null}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
