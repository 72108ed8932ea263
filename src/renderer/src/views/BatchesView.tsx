import type { KeyboardEvent } from 'react';
import type { Mode } from '../../../shared/powerball';
import { GeneratePanel } from '../components/GeneratePanel';
import { TicketList } from '../components/TicketList';
import { download, ticketsToCsv, ticketsToJson, ticketsToText } from '../export';
import { MODE_LABELS, dateTime } from '../labels';
import { ALL_RUNS, MAX_LISTED } from '../store';
import { useApp } from '../use-app';

export function BatchesView() {
  const settings = useApp((s) => s.settings);
  const drawCount = useApp((s) => s.drawSummary?.count ?? 0);
  const total = useApp((s) => s.status?.db_stats.total_tickets ?? 0);
  const setView = useApp((s) => s.setView);

  return (
    <div className="stack">
      {drawCount === 0 && (
        <section className="panel empty" aria-label="No draws yet">
          <h2>Welcome</h2>
          <p>
            There is no draw history yet. The modes learn from past draws, so import a file or sync
            from the official source first.
          </p>
          <button type="button" className="primary" onClick={() => setView('draws')}>
            Import or sync draws
          </button>
        </section>
      )}
      <GeneratePanel />
      {drawCount > 0 && total === 0 && (
        <section className="panel empty" aria-label="No tickets yet">
          <p>No tickets yet. Press “Generate now” to make the first batch for each mode.</p>
        </section>
      )}
      {settings && total > 0 && <BatchPanel modes={settings.enabled_modes} />}
    </div>
  );
}

function BatchPanel({ modes }: { modes: readonly Mode[] }) {
  const selected = useApp((s) => s.selectedMode);
  const selectMode = useApp((s) => s.selectMode);
  const batch = useApp((s) => s.batch);
  const runs = useApp((s) => s.runs);
  const runFilter = useApp((s) => s.runFilter);
  const setRunFilter = useApp((s) => s.setRunFilter);
  const copyText = useApp((s) => s.copyText);
  const tickets = batch?.tickets ?? [];
  // Arrow keys move between the mode tabs (the WAI-ARIA tabs pattern).
  const onTabKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    const from = modes.find((m) => `tab-${m}` === (e.target as HTMLElement).id) ?? selected;
    if (step === 0 || !from) return;
    e.preventDefault();
    const next = modes[(modes.indexOf(from) + step + modes.length) % modes.length]!;
    void selectMode(next);
    document.getElementById(`tab-${next}`)?.focus();
  };
  const name = `shiol-${batch?.mode ?? 'tickets'}-${batch?.runId ?? 'latest'}`;

  return (
    <section className="panel" aria-labelledby="batches-title">
      <div className="panel-head">
        <h2 id="batches-title">Batches</h2>
        <label className="inline">
          Run
          <select
            value={runFilter ?? ''}
            onChange={(e) => void setRunFilter(e.target.value || null)}
            aria-label="Filter by run"
          >
            <option value="">Latest batch</option>
            <option value={ALL_RUNS}>
              All stored tickets (newest {MAX_LISTED.toLocaleString()})
            </option>
            {runs.map((r) => (
              <option key={r.id} value={r.id}>
                {r.id} ({dateTime(r.started_at)}, {r.status})
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="tabs" role="tablist" aria-label="Modes" onKeyDown={onTabKey}>
        {modes.map((m) => (
          <button
            key={m}
            id={`tab-${m}`}
            type="button"
            role="tab"
            aria-selected={selected === m}
            aria-controls="mode-panel"
            tabIndex={selected === m ? 0 : -1}
            className="tab"
            onClick={() => void selectMode(m)}
          >
            {MODE_LABELS[m]}
          </button>
        ))}
      </div>
      <div
        id="mode-panel"
        role="tabpanel"
        aria-labelledby={selected ? `tab-${selected}` : undefined}
      >
        <div className="panel-head">
          <p className="muted" data-testid="batch-count">
            {tickets.length} tickets{batch?.runId ? ` from run ${batch.runId}` : ''}
          </p>
          <div className="actions">
            <button
              type="button"
              disabled={tickets.length === 0}
              onClick={() => void copyText(ticketsToText(tickets), `${tickets.length} tickets`)}
            >
              Copy
            </button>
            <button
              type="button"
              disabled={tickets.length === 0}
              onClick={() => download(`${name}.csv`, ticketsToCsv(tickets), 'text/csv')}
            >
              Export CSV
            </button>
            <button
              type="button"
              disabled={tickets.length === 0}
              onClick={() => download(`${name}.json`, ticketsToJson(tickets), 'application/json')}
            >
              Export JSON
            </button>
          </div>
        </div>
        {tickets.length === 0 ? (
          <p className="muted">This mode has no tickets in this run.</p>
        ) : (
          <TicketList tickets={tickets} />
        )}
      </div>
    </section>
  );
}
