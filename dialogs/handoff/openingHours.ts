import { DateTime, IANAZone } from 'luxon';

/** When people staff the desk: weekly ranges (1 = Monday … 7 = Sunday, minutes since local midnight) in one IANA zone. */
export type OpeningHours = { zone: string; ranges: Array<{ days: number[]; from: number; to: number }> };

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const GROUP = /^([a-z]{3}(?:-[a-z]{3})?(?:,[a-z]{3}(?:-[a-z]{3})?)*)\s+(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/i;

/**
 * Parses `Mon-Fri 08:00-18:00; Sat 09:00-12:00` (groups split by `;`, days as ranges or lists) in `zone`.
 * Returns the hours, or the problems found (all of them), worded for a configuration error.
 */
export function parseOpeningHours(spec: string, zone: string): OpeningHours | string[] {
  const problems: string[] = [];
  if (!IANAZone.isValidZone(zone)) problems.push(`"${zone}" is not an IANA time zone (for example Europe/Berlin)`);
  const ranges: OpeningHours['ranges'] = [];
  for (const group of spec.split(';').map((g) => g.trim()).filter(Boolean)) {
    const match = GROUP.exec(group);
    const days = match?.[1] ? parseDays(match[1]) : undefined;
    const [from, to] = match ? [Number(match[2]) * 60 + Number(match[3]), Number(match[4]) * 60 + Number(match[5])] : [0, 0];
    if (!match || !days || from >= to || to > 24 * 60) problems.push(`"${group}" is not like "Mon-Fri 08:00-18:00"`);
    else ranges.push({ days, from, to });
  }
  if (ranges.length === 0 && problems.length === 0) problems.push('no opening hours given');
  return problems.length > 0 ? problems : { zone, ranges };
}

function parseDays(text: string): number[] | undefined {
  const days = new Set<number>();
  for (const part of text.toLowerCase().split(',')) {
    const [first, last = first] = part.split('-').map((d) => DAYS.indexOf(d) + 1);
    if (!first || !last || first > last) return undefined;
    for (let d = first; d <= last; d += 1) days.add(d);
  }
  return [...days];
}

/** Whether the desk is staffed at `at`. */
export function isOpen(hours: OpeningHours, at: Date): boolean {
  const local = DateTime.fromJSDate(at, { zone: hours.zone });
  const minute = local.hour * 60 + local.minute;
  return hours.ranges.some((r) => r.days.includes(local.weekday) && minute >= r.from && minute < r.to);
}

/** The next moment the desk opens after `at` (within a week), or undefined when it never opens. */
export function nextOpening(hours: OpeningHours, at: Date): Date | undefined {
  const start = DateTime.fromJSDate(at, { zone: hours.zone });
  const candidates: DateTime[] = [];
  for (let offset = 0; offset <= 7; offset += 1) {
    const day = start.plus({ days: offset }).startOf('day');
    for (const range of hours.ranges.filter((r) => r.days.includes(day.weekday))) {
      // Built from wall-clock fields, so a DST change in between does not shift the opening time.
      const opens = day.set({ hour: Math.floor(range.from / 60), minute: range.from % 60 });
      if (opens > start) candidates.push(opens);
    }
  }
  const first = candidates.sort((a, b) => a.toMillis() - b.toMillis())[0];
  return first?.toJSDate();
}

/** "Monday 8:00 AM (Europe/Berlin)" in the person's locale: when a person will be back. */
export function describeOpening(hours: OpeningHours, when: Date, locale: string): string {
  const local = DateTime.fromJSDate(when, { zone: hours.zone }).setLocale(locale);
  return `${local.toFormat('cccc')} ${local.toLocaleString(DateTime.TIME_SIMPLE)} (${hours.zone})`;
}
