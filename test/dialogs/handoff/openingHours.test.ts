import { describe, expect, it } from 'vitest';
import { describeOpening, isOpen, nextOpening, parseOpeningHours, type OpeningHours } from '../../../dialogs/handoff/openingHours.ts';

function hours(spec: string, zone = 'Europe/Berlin'): OpeningHours {
  const parsed = parseOpeningHours(spec, zone);
  if (Array.isArray(parsed)) throw new Error(parsed.join('; '));
  return parsed;
}

describe('openingHours', () => {
  const office = hours('Mon-Fri 08:00-18:00; Sat 09:00-12:00');

  it('is open inside the local hours and closed outside, in the desk time zone', () => {
    expect(isOpen(office, new Date('2026-12-02T07:30:00Z'))).toBe(true); // Wed 08:30 in Berlin (UTC+1)
    expect(isOpen(office, new Date('2026-12-02T06:30:00Z'))).toBe(false); // Wed 07:30
    expect(isOpen(office, new Date('2026-12-02T17:00:00Z'))).toBe(false); // Wed 18:00: closing time is exclusive
    expect(isOpen(office, new Date('2026-12-05T10:00:00Z'))).toBe(true); // Sat 11:00
    expect(isOpen(office, new Date('2026-12-06T10:00:00Z'))).toBe(false); // Sun
  });

  it('finds the next opening across the weekend and across a DST change', () => {
    expect(nextOpening(office, new Date('2026-12-05T12:00:00Z'))?.toISOString()).toBe('2026-12-07T07:00:00.000Z'); // Sat 13:00 -> Mon 08:00
    expect(nextOpening(office, new Date('2026-12-02T18:00:00Z'))?.toISOString()).toBe('2026-12-03T07:00:00.000Z');
    // Berlin moves to summer time on Sunday 2027-03-28: Monday 08:00 is then 06:00 UTC.
    expect(nextOpening(office, new Date('2027-03-27T12:00:00Z'))?.toISOString()).toBe('2027-03-29T06:00:00.000Z');
    expect(describeOpening(office, new Date('2026-12-07T07:00:00Z'), 'en-US')).toBe('Monday 8:00 AM (Europe/Berlin)');
  });

  it('reports every malformed group and an unknown zone', () => {
    expect(parseOpeningHours('Mon-Fri 8-18; Sun-Mon 09:00-12:00; Tue 10:00-09:00', 'Mars/Olympus')).toEqual([
      '"Mars/Olympus" is not an IANA time zone (for example Europe/Berlin)',
      '"Mon-Fri 8-18" is not like "Mon-Fri 08:00-18:00"',
      '"Sun-Mon 09:00-12:00" is not like "Mon-Fri 08:00-18:00"',
      '"Tue 10:00-09:00" is not like "Mon-Fri 08:00-18:00"',
    ]);
    expect(hours('Mon,Wed,Fri 10:00-12:00', 'UTC').ranges).toEqual([{ days: [1, 3, 5], from: 600, to: 720 }]);
  });
});
