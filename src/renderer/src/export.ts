import type { Ticket } from '../../shared/schemas';

const CSV_HEADER =
  'id,mode,white_1,white_2,white_3,white_4,white_5,powerball,confidence,strategy,pipeline_run_id,created_at';

const csvField = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function ticketsToCsv(tickets: readonly Ticket[]): string {
  const rows = tickets.map((t) =>
    [
      t.id,
      t.mode,
      ...t.white_balls,
      t.powerball,
      t.confidence,
      csvField(t.strategy),
      csvField(t.pipeline_run_id ?? ''),
      t.created_at,
    ].join(','),
  );
  return [CSV_HEADER, ...rows].join('\n') + '\n';
}

export const ticketsToJson = (tickets: readonly Ticket[]): string =>
  JSON.stringify(tickets, null, 2) + '\n';

/** One line per ticket, for the clipboard: `03 11 25 42 60 PB 07`. */
export const ticketsToText = (tickets: readonly Ticket[]): string =>
  tickets
    .map(
      (t) =>
        `${t.white_balls.map((n) => String(n).padStart(2, '0')).join(' ')} PB ${String(t.powerball).padStart(2, '0')}`,
    )
    .join('\n') + '\n';

/** Saves text as a file through the browser's download (works in Electron too). */
export function download(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
