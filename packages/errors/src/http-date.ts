const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const SHORT_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

// RFC 9110 §5.6.7: IMF-fixdate, obsolete RFC 850, and ANSI C asctime. Case-sensitive, GMT only.
const IMF_FIXDATE =
  /^([A-Z][a-z]{2}), (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const RFC_850 = /^([A-Z][a-z]{5,8}), (\d{2})-([A-Z][a-z]{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const ASCTIME = /^([A-Z][a-z]{2}) ([A-Z][a-z]{2}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

interface DateParts {
  weekday: string;
  days: readonly string[];
  day: string;
  month: string;
  year: number;
  hour: string;
  minute: string;
  second: string;
}

/**
 * Parses an HTTP-date (RFC 9110 §5.6.7) to epoch milliseconds: IMF-fixdate
 * (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) or asctime
 * (`Sun Nov  6 08:49:37 1994`). Always UTC, whatever the process's `TZ`: asctime carries no zone
 * and is read as UTC (§5.6.7 "MUST be in UTC"). Other zones, impossible dates (31 Feb, 24:00:00,
 * a weekday that does not match) and any other shape → `undefined`. A two-digit RFC 850 year more
 * than 50 years in the future is taken as the past century (§5.6.7).
 */
export function parseHttpDate(value: string, now: number = Date.now()): number | undefined {
  const parts = matchParts(value.trim(), now);
  if (parts === undefined) return undefined;
  const month = MONTHS.indexOf(parts.month);
  if (month < 0) return undefined;
  const [day, hour, minute, second] = [parts.day, parts.hour, parts.minute, parts.second].map(
    Number,
  ) as [number, number, number, number];
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  // A leap second (:60) is representable in HTTP but not in Date: count it as the next second.
  const time =
    Date.UTC(parts.year, month, day, hour, minute, Math.min(second, 59)) +
    (second === 60 ? 1000 : 0);
  const date = new Date(Date.UTC(parts.year, month, day));
  // Date.UTC rolls 31 Feb over to March: a date that does not round-trip does not exist.
  if (
    date.getUTCFullYear() !== parts.year ||
    date.getUTCMonth() !== month ||
    date.getUTCDate() !== day
  ) {
    return undefined;
  }
  if (parts.days[date.getUTCDay()] !== parts.weekday) return undefined;
  return time;
}

function matchParts(value: string, now: number): DateParts | undefined {
  // IMF-fixdate and RFC 850 share their field order; RFC 850 has long weekdays and a 2-digit year.
  for (const [pattern, days, twoDigitYear] of [
    [IMF_FIXDATE, SHORT_DAYS, false],
    [RFC_850, LONG_DAYS, true],
  ] as const) {
    const match = pattern.exec(value);
    if (match) {
      const [, weekday, day, month, year, hour, minute, second] = match as unknown as string[];
      const yearNumber = twoDigitYear ? fullYear(Number(year), now) : Number(year);
      return { weekday, days, day, month, year: yearNumber, hour, minute, second } as DateParts;
    }
  }
  const match = ASCTIME.exec(value);
  if (match) {
    const [, weekday, month, day, hour, minute, second, year] = match as unknown as string[];
    return {
      weekday,
      days: SHORT_DAYS,
      day: (day as string).trim(),
      month,
      year: Number(year),
      hour,
      minute,
      second,
    } as DateParts;
  }
  return undefined;
}

/** RFC 9110 §5.6.7: a two-digit year that appears more than 50 years in the future is in the past century. */
function fullYear(twoDigits: number, now: number): number {
  const current = new Date(now).getUTCFullYear();
  let year = Math.floor(current / 100) * 100 + twoDigits;
  if (year > current + 50) year -= 100;
  return year;
}
