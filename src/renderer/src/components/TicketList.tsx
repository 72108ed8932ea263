import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { Ticket } from '../../../shared/schemas';
import { TicketRow } from './TicketRow';

const ROW_HEIGHT = 44;

/** Only the rows in view are in the DOM, so a 10,000-ticket batch scrolls smoothly. */
export function TicketList({ tickets }: { tickets: readonly Ticket[] }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: tickets.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    initialRect: { width: 800, height: 600 },
  });
  return (
    <div className="ticket-table" role="table" aria-label="Tickets" aria-rowcount={tickets.length}>
      <div className="ticket-row ticket-head" role="row">
        <span role="columnheader">Numbers</span>
        <span role="columnheader">Confidence</span>
        <span role="columnheader">Strategy</span>
        <span role="columnheader">Created</span>
        <span role="columnheader">Run</span>
      </div>
      <div
        ref={scroller}
        className="ticket-scroll"
        tabIndex={0}
        aria-label={`${tickets.length} tickets, scrollable`}
        data-testid="ticket-scroll"
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => (
            <div
              key={item.key}
              className="ticket-slot"
              style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
            >
              <TicketRow ticket={tickets[item.index]!} />
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
