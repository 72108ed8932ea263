import {
  Bar,
  BarChart,
  CartesianGrid,
  ErrorBar,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { CHANCE_POWERBALL_RATE, CHANCE_WHITE_MEAN } from '../../../shared/odds';
import { MODES, type Mode } from '../../../shared/powerball';
import type { Evaluation, Run } from '../../../shared/schemas';
import { MODE_LABELS, dateTime, seconds } from '../labels';
import { useApp } from '../use-app';

const MODE_COLORS: Record<Mode, string> = {
  random_forest: '#2f7d32',
  lstm: '#7b3fb4',
  v1: '#1565c0',
  v2: '#00838f',
  hybrid: '#ef6c00',
  random: '#757575',
};

export function MetricsView() {
  const status = useApp((s) => s.status);
  const runs = useApp((s) => s.runs);
  const evaluation = useApp((s) => s.evaluation);
  if (!status) return null;
  const m = status.metrics;
  return (
    <div className="stack">
      <section className="panel" aria-labelledby="metrics-title">
        <h2 id="metrics-title">Generation metrics</h2>
        <dl className="cards">
          <Card label="Runs" value={m.total_runs} />
          <Card label="Successful" value={m.successful_runs} />
          <Card label="Failed" value={m.failed_runs} />
          <Card label="Last run" value={dateTime(m.last_run_time)} />
          <Card label="Last status" value={m.last_run_status ?? '—'} />
          <Card
            label="Last duration"
            value={m.last_run_duration === null ? '—' : `${m.last_run_duration.toFixed(2)} s`}
          />
          <Card label="Tickets generated" value={m.tickets_generated} />
          <Card label="Tickets stored" value={status.db_stats.total_tickets} />
        </dl>
        <table className="data" aria-label="Per-mode totals">
          <thead>
            <tr>
              <th>Mode</th>
              <th>Tickets generated</th>
              <th>Runs</th>
              <th>Average duration</th>
              <th>Stored now</th>
            </tr>
          </thead>
          <tbody>
            {MODES.filter((mode) => m.by_mode[mode] || status.db_stats.by_mode[mode]).map(
              (mode) => (
                <tr key={mode}>
                  <td>{MODE_LABELS[mode]}</td>
                  <td className="num">{m.by_mode[mode]?.total_tickets ?? 0}</td>
                  <td className="num">{m.by_mode[mode]?.total_runs ?? 0}</td>
                  <td className="num">
                    {m.by_mode[mode]?.avg_duration == null
                      ? '—'
                      : `${m.by_mode[mode]!.avg_duration!.toFixed(2)} s`}
                  </td>
                  <td className="num">{status.db_stats.by_mode[mode] ?? 0}</td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      </section>
      {evaluation && <ChanceSection evaluation={evaluation} />}
      <section className="panel charts" aria-label="Charts">
        <div className="chart">
          <h3>Duration per mode (s), oldest run first</h3>
          <DurationChart runs={runs} />
        </div>
        <div className="chart">
          <h3>Tickets stored by mode</h3>
          <ResponsiveContainer width="100%" height={220}>
            <BarChart
              data={MODES.map((mode) => ({
                mode: MODE_LABELS[mode],
                tickets: status.db_stats.by_mode[mode] ?? 0,
              }))}
            >
              <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
              <XAxis dataKey="mode" fontSize={11} interval={0} />
              <YAxis fontSize={11} />
              <Tooltip />
              <Bar dataKey="tickets" fill="#1565c0" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </section>
      <RunHistory runs={runs} />
    </div>
  );
}

function Card({ label, value }: { label: string; value: string | number }) {
  return (
    <div className="card">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function DurationChart({ runs }: { runs: readonly Run[] }) {
  const data = [...runs].reverse().map((r, i) => {
    const row: Record<string, number | string | null> = { run: i + 1, id: r.id };
    for (const m of r.modes) row[m.mode] = m.duration_ms === null ? null : m.duration_ms / 1000;
    return row;
  });
  const modes = MODES.filter((mode) => runs.some((r) => r.modes.some((m) => m.mode === mode)));
  if (data.length === 0) return <p className="muted">No runs yet.</p>;
  return (
    <ResponsiveContainer width="100%" height={220}>
      <LineChart data={data}>
        <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
        <XAxis dataKey="run" fontSize={11} />
        <YAxis fontSize={11} />
        <Tooltip />
        <Legend />
        {modes.map((mode) => (
          <Line
            key={mode}
            dataKey={mode}
            name={MODE_LABELS[mode]}
            stroke={MODE_COLORS[mode]}
            dot={false}
            connectNulls
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}

/** How each mode compares with chance: the honest part. */
function ChanceSection({ evaluation }: { evaluation: Evaluation }) {
  const scored = evaluation.modes.filter((m) => m.tickets > 0);
  const chance = CHANCE_WHITE_MEAN;
  const data = scored.map((m) => ({
    mode: MODE_LABELS[m.mode],
    mean: m.mean_white_matches ?? 0,
    ci: m.white_matches_ci95
      ? [
          (m.mean_white_matches ?? 0) - m.white_matches_ci95[0],
          m.white_matches_ci95[1] - (m.mean_white_matches ?? 0),
        ]
      : [0, 0],
  }));
  return (
    <section className="panel" aria-labelledby="chance-title">
      <h2 id="chance-title">Compared with chance</h2>
      <p className="muted">{evaluation.note}</p>
      {scored.length === 0 ? (
        <p>
          No ticket has been scored yet: tickets are scored against the first draw after they were
          made.
        </p>
      ) : (
        <>
          <div className="chart">
            <h3>
              Mean white-ball matches per ticket, with 95% interval (line: chance{' '}
              {chance.toFixed(3)})
            </h3>
            <ResponsiveContainer width="100%" height={240}>
              <BarChart data={data}>
                <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
                <XAxis dataKey="mode" fontSize={11} interval={0} />
                <YAxis fontSize={11} domain={[0, 'auto']} />
                <Tooltip />
                <ReferenceLine y={chance} stroke="#c62828" strokeDasharray="4 4" label="chance" />
                <Bar dataKey="mean" fill="#1565c0" isAnimationActive={false}>
                  <ErrorBar dataKey="ci" width={6} stroke="#333" />
                </Bar>
              </BarChart>
            </ResponsiveContainer>
          </div>
        </>
      )}
      <table className="data" aria-label="Evaluation against chance">
        <thead>
          <tr>
            <th>Mode</th>
            <th>Tickets scored</th>
            <th>Mean white matches (95% interval)</th>
            <th>Powerball hit rate (chance {CHANCE_POWERBALL_RATE.toFixed(4)})</th>
            <th>Verdict</th>
          </tr>
        </thead>
        <tbody>
          {evaluation.modes.map((m) => (
            <tr key={m.mode}>
              <td>{MODE_LABELS[m.mode]}</td>
              <td className="num">{m.tickets}</td>
              <td className="num">
                {m.mean_white_matches === null
                  ? '—'
                  : `${m.mean_white_matches.toFixed(3)} (${m.white_matches_ci95?.map((v) => v.toFixed(3)).join('–')})`}
              </td>
              <td className="num">
                {m.powerball_rate === null ? '—' : m.powerball_rate.toFixed(4)}
              </td>
              <td>{m.verdict}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {scored.length > 0 && (
        <table className="data" aria-label="Prize tiers against expected counts">
          <thead>
            <tr>
              <th>Prize tier</th>
              {scored.map((m) => (
                <th key={m.mode}>{MODE_LABELS[m.mode]}: count (expected)</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {scored[0]!.tiers.map((tier, i) => (
              <tr key={tier.tier}>
                <td>
                  {tier.tier} ({tier.prize})
                </td>
                {scored.map((m) => (
                  <td key={m.mode} className="num">
                    {m.tiers[i]!.count} ({m.tiers[i]!.expected.toFixed(2)})
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The seed and what else the generator was given: enough to repeat the run. */
const runInputsText = (r: Run): string => {
  const parts = [`seed ${r.seed ?? '—'}`, `batch ${r.batch_size}`];
  if (r.inputs) {
    parts.push(`${r.inputs.draws} draws to ${r.inputs.last_draw ?? '—'}`);
    parts.push(`hybrid ratio ${r.inputs.hybrid_ratio}`);
    const w = Object.entries(r.inputs.v1_weights).map(([k, v]) => `${k} ${v.toFixed(3)}`);
    parts.push(`v1 weights: ${w.join(', ')}`);
  }
  return parts.join('; ');
};

function RunHistory({ runs }: { runs: readonly Run[] }) {
  const deleteRun = useApp((s) => s.deleteRun);
  const running = useApp((s) => s.progress?.run_id ?? null);
  return (
    <section className="panel" aria-labelledby="history-title">
      <h2 id="history-title">Run history</h2>
      {runs.length === 0 ? (
        <p className="muted">No runs yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="data" aria-label="Run history">
            <thead>
              <tr>
                <th>Run</th>
                <th>Started</th>
                <th>Trigger</th>
                <th>Status</th>
                <th>Duration</th>
                <th>Tickets</th>
                <th>Modes</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id}>
                  <td className="mono" title={runInputsText(r)}>
                    {r.id}
                  </td>
                  <td>{dateTime(r.started_at)}</td>
                  <td>{r.trigger}</td>
                  <td className={`status-${r.status}`}>{r.status}</td>
                  <td className="num">{seconds(r.duration_ms)}</td>
                  <td className="num">{r.tickets_generated}</td>
                  <td>
                    {r.modes.map((m) => (
                      <span
                        key={m.mode}
                        className={`chip status-${m.status}`}
                        title={m.error ?? undefined}
                      >
                        {MODE_LABELS[m.mode]}: {m.status}
                      </span>
                    ))}
                  </td>
                  <td>
                    <button
                      type="button"
                      disabled={running === r.id}
                      aria-label={`Delete run ${r.id}`}
                      onClick={() => {
                        if (window.confirm(`Delete run ${r.id} and its tickets?`))
                          void deleteRun(r.id);
                      }}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
