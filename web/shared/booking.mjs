/** What every page knows of a booking: the form of its registration number, and its statuses. */

const CROCKFORD = /^[0-9A-HJKMNP-TV-Z]{10}$/;

/**
 * What a person typed or a QR code held, as `XXXXX-XXXXX` (any case, spaces, hyphens, O for 0,
 * I or L for 1, as the API accepts), or null when it cannot be a registration number. The check
 * character is the API's to verify: a typo comes back as a 422 with its message.
 */
export function normalizeRegistration(raw) {
  const compact = String(raw ?? "")
    .toUpperCase()
    .replace(/[\s-]/g, "")
    .replace(/[IL]/g, "1")
    .replace(/O/g, "0");
  return CROCKFORD.test(compact) ? `${compact.slice(0, 5)}-${compact.slice(5)}` : null;
}

/**
 * The registration number in a scanned QR code: the bare number, or a link that carries it
 * (`...?reg=XXXXX-XXXXX`, or as the last part of the path).
 */
export function registrationFromScan(text) {
  const direct = normalizeRegistration(text);
  if (direct) return direct;
  try {
    const url = new URL(text);
    for (const value of [...url.searchParams.values(), ...url.pathname.split("/").reverse()]) {
      const found = normalizeRegistration(value);
      if (found) return found;
    }
  } catch {
    /* not a URL */
  }
  const match = String(text).toUpperCase().match(/[0-9A-Z]{5}-[0-9A-Z]{5}/);
  return match ? normalizeRegistration(match[0]) : null;
}

/** The attributes of a field where a registration number is typed (no autocorrect, capitals). */
export const REGISTRATION_INPUT = Object.freeze({
  type: "text",
  autocomplete: "off",
  spellcheck: "false",
  autocapitalize: "characters",
});

/** Statuses before the visit: the booking can still get documents, be checked in or cancelled. */
const ACTIVE = new Set(["booked", "documents_submitted"]);

export function isActive(status) {
  return ACTIVE.has(status);
}
