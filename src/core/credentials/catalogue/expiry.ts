// Date arithmetic for the catalogue's expiry rules. Dates in credential data are calendar days
// (`2027-03-31`) with no time zone; a credential stays valid *through* its last day, so it
// expires at the start of the next day, UTC. (Europe/London is UTC+1 in summer: a credential
// then lapses at 01:00 local time. The difference is an hour on the last day and not worth a
// time-zone database in the core.)

const DATE_RE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

/** Midnight UTC at the start of a `YYYY-MM-DD` day, or undefined when it is not one. */
export function startOfDay(date: string): Date | undefined {
  const m = DATE_RE.exec(date);
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** The instant a credential whose last valid day is `date` stops being valid. */
export function endOfDay(date: unknown): Date | undefined {
  if (typeof date !== 'string') return undefined;
  const start = startOfDay(date);
  return start ? new Date(start.getTime() + 24 * 60 * 60 * 1000) : undefined;
}

/** `date` plus whole calendar years or months (29 February rolls over to 1 March). */
export function addPeriod(date: string, amount: number, unit: 'years' | 'months'): string | undefined {
  const start = startOfDay(date);
  if (!start || !Number.isInteger(amount)) return undefined;
  const years = unit === 'years' ? amount : 0;
  const months = unit === 'months' ? amount : 0;
  const d = new Date(Date.UTC(start.getUTCFullYear() + years, start.getUTCMonth() + months, start.getUTCDate()));
  return d.toISOString().slice(0, 10);
}
