import { memo } from 'react';
import type { Ticket } from '../../../shared/schemas';

export function Balls({ whites, powerball }: { whites: readonly number[]; powerball: number }) {
  return (
    <span className="balls" role="img" aria-label={`${whites.join(', ')}, Powerball ${powerball}`}>
      {whites.map((n, i) => (
        <span key={i} className="ball" aria-hidden="true">
          {n}
        </span>
      ))}
      <span className="ball ball-power" aria-hidden="true">
        {powerball}
      </span>
    </span>
  );
}

// One formatter for every row: building one per call is costly while scrolling.
const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });
const time = (iso: string) => timeFormat.format(new Date(iso));

export const TicketRow = memo(function TicketRow({ ticket }: { ticket: Ticket }) {
  return (
    <div className="ticket-row" role="row" data-testid="ticket">
      <span role="cell" className="ticket-balls">
        <Balls whites={ticket.white_balls} powerball={ticket.powerball} />
      </span>
      <span
        role="cell"
        className="num"
        title="Confidence: 0.5 means as good as chance by the mode's own estimate"
      >
        {ticket.confidence.toFixed(3)}
      </span>
      <span role="cell" className="ellipsis" title={ticket.strategy}>
        {ticket.strategy}
      </span>
      <span role="cell" className="muted ellipsis" title={ticket.created_at}>
        {time(ticket.created_at)}
      </span>
      <span role="cell" className="muted ellipsis" title={ticket.pipeline_run_id ?? ''}>
        {ticket.pipeline_run_id ?? '—'}
      </span>
    </div>
  );
});
