/**
 * "Add to calendar": an iCalendar (RFC 5545) file of the visit, with UTC times (so no VTIMEZONE
 * is needed) computed from the office's own time zone.
 */

/** The UTC instant of a wall-clock time in `timeZone` ("2026-11-26", "08:24:00", "Asia/Jakarta"). */
export function zonedTimeToUtc(isoDate, time, timeZone) {
  const [year, month, day] = isoDate.split("-").map(Number);
  const [hours, minutes, seconds = 0] = time.split(":").map(Number);
  const wall = Date.UTC(year, month - 1, day, hours, minutes, seconds);
  // The zone's offset at that moment: format the guess in the zone and compare (twice, in case
  // the offset differs across the guess; Indonesia has no daylight saving time, others may).
  let utc = wall;
  for (let i = 0; i < 2; i += 1) utc = wall - offsetMs(utc, timeZone);
  return new Date(utc);
}

function offsetMs(instant, timeZone) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    })
      .formatToParts(new Date(instant))
      .map((part) => [part.type, part.value]),
  );
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** 20261126T012400Z */
function icsUtc(date) {
  return date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/** Escape a TEXT value (RFC 5545 3.3.11). */
function text(value) {
  return String(value).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
}

/** Fold a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character. */
function fold(line) {
  const encoder = new TextEncoder();
  const pieces = [];
  let current = "";
  let octets = 0;
  for (const character of line) {
    const size = encoder.encode(character).length;
    const limit = pieces.length === 0 ? 75 : 74; // continuation lines start with a space
    if (octets + size > limit) {
      pieces.push(current);
      current = "";
      octets = 0;
    }
    current += character;
    octets += size;
  }
  pieces.push(current);
  return pieces.join("\r\n ");
}

/**
 * @param {{uid: string, start: Date, end: Date, summary: string, location?: string,
 *          description?: string, alarmMinutes?: number, stamp?: Date, sequence?: number}} event
 * `sequence`: the event's revision (a moved booking's moves), so that a calendar that has the
 * event by its UID takes the file as its new version rather than a second event.
 */
export function buildIcs({
  uid,
  start,
  end,
  summary,
  location,
  description,
  alarmMinutes,
  stamp = new Date(),
  sequence = 0,
}) {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Antrean Disdukcapil//Web form//ID",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    "BEGIN:VEVENT",
    `UID:${text(uid)}`,
    `DTSTAMP:${icsUtc(stamp)}`,
    ...(sequence ? [`SEQUENCE:${sequence}`] : []),
    `DTSTART:${icsUtc(start)}`,
    `DTEND:${icsUtc(end)}`,
    `SUMMARY:${text(summary)}`,
    ...(location ? [`LOCATION:${text(location)}`] : []),
    ...(description ? [`DESCRIPTION:${text(description)}`] : []),
    ...(alarmMinutes
      ? ["BEGIN:VALARM", "ACTION:DISPLAY", `DESCRIPTION:${text(summary)}`, `TRIGGER:-PT${alarmMinutes}M`, "END:VALARM"]
      : []),
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return `${lines.map(fold).join("\r\n")}\r\n`;
}
