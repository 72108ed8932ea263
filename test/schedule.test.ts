import { describe, expect, it } from 'vitest';
import { nextSlot, previousSlot } from '../src/main/schedule';
import { latestDueDrawDate, RESULTS_DELAY_MS } from '../src/main/pipeline';
import { drawInstant, zonedToUtc } from '../src/main/zoned-time';
import { DEFAULT_SETTINGS } from '../src/shared/schemas';

const schedule = DEFAULT_SETTINGS.schedule;
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe('schedule', () => {
  it('runs after each draw: Mon, Wed and Sat at 23:05 New York time, across DST', () => {
    // Thu 2026-03-05, noon UTC -> Sat 03-07 23:05 EST = 04:05 UTC on 03-08.
    expect(iso(nextSlot(schedule, Date.UTC(2026, 2, 5, 12)))).toBe('2026-03-08T04:05:00.000Z');
    // After that: Mon 03-09 23:05 EDT (DST began 03-08) = 03:05 UTC on 03-10.
    expect(iso(nextSlot(schedule, Date.UTC(2026, 2, 8, 5)))).toBe('2026-03-10T03:05:00.000Z');
    expect(iso(previousSlot(schedule, Date.UTC(2026, 2, 10, 3, 4)))).toBe(
      '2026-03-08T04:05:00.000Z',
    );
    expect(nextSlot({ ...schedule, enabled: false }, Date.now())).toBeNull();
  });

  it('follows a custom schedule and time zone', () => {
    const s = { enabled: true, days: ['tue' as const], time: '07:30', timezone: 'Asia/Tokyo' };
    // Tue 2026-12-08 07:30 JST = Mon 22:30 UTC.
    expect(iso(nextSlot(s, Date.UTC(2026, 11, 3)))).toBe('2026-12-07T22:30:00.000Z');
  });

  it('knows which draw should be published by now', () => {
    // Sat 2025-10-04's draw is at 22:59 EDT; an hour later it counts as due.
    expect(latestDueDrawDate(drawInstant('2025-10-04') + RESULTS_DELAY_MS)).toBe('2025-10-04');
    // The default 23:05 slot counts that night's draw as due.
    expect(latestDueDrawDate(zonedToUtc('2025-10-04', '23:05', 'America/New_York'))).toBe(
      '2025-10-04',
    );
    expect(latestDueDrawDate(drawInstant('2025-10-04') + RESULTS_DELAY_MS - 1)).toBe('2025-10-01');
    expect(latestDueDrawDate(zonedToUtc('2025-10-06', '12:00', 'America/New_York'))).toBe(
      '2025-10-04',
    );
  });
});
