/** The offices of the citizens' page: the list (for the <select>s) and each office's detail, fetched once. */

import { bindText, h } from "../shared/dom.mjs";
import { api, t } from "./page.mjs";

let officeList = null;
const officeDetails = new Map();

export function listOffices() {
  officeList ??= api.get("/offices").then((body) => body.offices);
  officeList.catch(() => {
    officeList = null; // try again next time
  });
  return officeList;
}

export function getOffice(officeId) {
  if (!officeDetails.has(officeId)) {
    const request = api.get(`/offices/${encodeURIComponent(officeId)}`);
    officeDetails.set(officeId, request);
    request.catch(() => officeDetails.delete(officeId));
  }
  return officeDetails.get(officeId);
}

/** The office's detail, or null when it cannot be read (what shows it does without). */
export async function officeOrNull(officeId) {
  try {
    return await getOffice(officeId);
  } catch {
    return null;
  }
}

/** Fill a <select> with the offices, grouped by province, keeping `selected` chosen. */
export async function fillOfficeSelect(select, selected) {
  const offices = await listOffices();
  const province = (office) => office.region.split(",").pop().trim();
  const byProvince = new Map();
  for (const office of [...offices].sort((a, b) => a.name.localeCompare(b.name, "id"))) {
    if (!byProvince.has(province(office))) byProvince.set(province(office), []);
    byProvince.get(province(office)).push(office);
  }
  const placeholder = h("option", { value: "" });
  bindText(placeholder, () => t("office.choose"));
  select.replaceChildren(
    placeholder,
    ...[...byProvince.keys()]
      .sort((a, b) => a.localeCompare(b, "id"))
      .map((name) =>
        h(
          "optgroup",
          { label: name },
          byProvince.get(name).map((office) => h("option", { value: office.office_id }, office.name)),
        ),
      ),
  );
  if (selected) select.value = selected;
  return offices;
}
