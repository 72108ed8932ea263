/** Wall-clock times in a named time zone, via Intl (no time-zone library needed). */

const formatters = new Map<string, Intl.DateTimeFormat>();

function parts(utcMs: number, tz: string) {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formatters.set(tz, f);
  }
  const out: Record<string, string> = {};
  for (const p of f.formatToParts(new Date(utcMs))) out[p.type] = p.value;
  return out;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function offsetMs(utcMs: number, tz: string): number {
  const p = parts(utcMs, tz);
  const asUtc = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** The UTC instant of `date` (YYYY-MM-DD) at `time` (HH:MM) in `tz`. */
export function zonedToUtc(date: string, time: string, tz: string): number {
  const naive = Date.parse(`${date}T${time}:00Z`);
  const first = naive - offsetMs(naive, tz);
  const second = naive - offsetMs(first, tz); // settles across a DST change
  return second;
}

/** The local date (YYYY-MM-DD) and weekday (mon..sun) of an instant in `tz`. */
export function zonedDate(utcMs: number, tz: string): { date: string; weekday: string } {
  const p = parts(utcMs, tz);
  return { date: `${p.year}-${p.month}-${p.day}`, weekday: p.weekday!.toLowerCase().slice(0, 3) };
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Powerball draws close at 22:59 in New York on the draw date. */
export const DRAW_TIME_ZONE = 'America/New_York';
export const drawInstant = (drawDate: string) => zonedToUtc(drawDate, '22:59', DRAW_TIME_ZONE);
