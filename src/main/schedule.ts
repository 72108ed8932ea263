import type { Settings } from '../shared/schemas';
import { addDays, zonedDate, zonedToUtc } from './zoned-time';

type Schedule = Settings['schedule'];

/** Scheduled slots (UTC ms) in [from, to], oldest first. */
function slotsBetween(s: Schedule, from: number, to: number): number[] {
  const out: number[] = [];
  let date = addDays(zonedDate(from, s.timezone).date, -1);
  const last = addDays(zonedDate(to, s.timezone).date, 1);
  for (; date <= last; date = addDays(date, 1)) {
    const at = zonedToUtc(date, s.time, s.timezone);
    const { weekday } = zonedDate(at, s.timezone);
    if ((s.days as string[]).includes(weekday) && at >= from && at <= to) out.push(at);
  }
  return out;
}

/** The next scheduled run after `now`, or null when the schedule is off. */
export function nextSlot(s: Schedule, now: number): number | null {
  if (!s.enabled) return null;
  return slotsBetween(s, now + 1, now + 8 * 86_400_000)[0] ?? null;
}

/** The latest scheduled slot at or before `now` (within a week), or null. */
export function previousSlot(s: Schedule, now: number): number | null {
  if (!s.enabled) return null;
  return slotsBetween(s, now - 8 * 86_400_000, now).at(-1) ?? null;
}
