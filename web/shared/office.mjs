/** How the pages name an office's things: its services, its time zone. */

/** A service's name in the page's language, from the office's public detail (the code without it). */
export function serviceName(office, code, i18n) {
  const service = office?.services.find((s) => s.code === code);
  return service ? i18n.pick(service, "name") : code;
}

/** WIB / WITA / WIT for Indonesia's zones, the zone's name otherwise. */
export function zoneLabel(timezone) {
  return (
    {
      "Asia/Jakarta": "WIB",
      "Asia/Pontianak": "WIB",
      "Asia/Makassar": "WITA",
      "Asia/Jayapura": "WIT",
    }[timezone] ?? timezone
  );
}
