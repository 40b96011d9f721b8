/** Step 1 of booking: the office, with its address, opening hours and sessions. */

import { clearFieldError, fact, h, setFieldError } from "../../shared/dom.mjs";
import { zoneLabel } from "../../shared/office.mjs";
import { errorText, setNotice } from "../forms.mjs";
import { fillOfficeSelect, getOffice } from "../offices.mjs";
import { $, i18n, t } from "../page.mjs";
import { defineStep, go, state } from "./flow.mjs";

let officesLoaded = false;

async function enterOffice() {
  const select = $("office");
  if (officesLoaded) {
    renderOfficeInfo();
    return;
  }
  try {
    const offices = await fillOfficeSelect(select, state.officeId);
    officesLoaded = true;
    setNotice($("office-status"), null);
    // One office only (a regency's own deployment): choose it for the citizen.
    if (!state.officeId && offices.length === 1) select.value = offices[0].office_id;
    if (select.value) await chooseOffice(select.value);
  } catch (error) {
    setNotice($("office-status"), "error", () => `${t("office.loadFailed")} ${errorText(error)}`);
  }
}

async function chooseOffice(officeId) {
  clearFieldError($("office"));
  if (officeId !== state.officeId) {
    Object.assign(state, { officeId, office: null, service: null, date: null, session: null, window: null });
  }
  if (!officeId) {
    renderOfficeInfo();
    return;
  }
  try {
    const office = await getOffice(officeId);
    if (state.officeId === officeId) state.office = office;
    renderOfficeInfo();
  } catch (error) {
    setNotice($("office-status"), "error", () => errorText(error));
  }
}

const WEEK = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/** "Senin–Kamis 08.00–12.00; Jumat 08.00–10.00": opening hours grouped by equal days. */
function openingHours(office) {
  const groups = [];
  for (const day of WEEK) {
    const hours = office.opening_hours[day];
    const key = hours ? `${hours.open}-${hours.close}` : null;
    const last = groups.at(-1);
    if (key && last?.key === key && WEEK.indexOf(last.to) === WEEK.indexOf(day) - 1) last.to = day;
    else if (key) groups.push({ key, from: day, to: day, hours });
  }
  return groups
    .map(({ from, to, hours }) => {
      const days = from === to ? t(`weekday.${from}`) : `${t(`weekday.${from}`)}–${t(`weekday.${to}`)}`;
      return `${days} ${i18n.formatTime(hours.open)}–${i18n.formatTime(hours.close)}`;
    })
    .join("; ");
}

function renderOfficeInfo() {
  const box = $("office-info");
  const office = state.office;
  box.hidden = !office;
  if (!office) return box.replaceChildren();
  const sessions = office.sessions.map((s) =>
    t("session.name", { code: s.code, start: i18n.formatTime(s.start), end: i18n.formatTime(s.end) }),
  );
  box.replaceChildren(
    h("h3", {}, office.name),
    h(
      "dl",
      { class: "facts" },
      fact(t("office.address"), office.address),
      fact(t("office.hours"), `${openingHours(office)} ${zoneLabel(office.timezone)}`),
      fact(t("office.sessions"), sessions.join(", ")),
    ),
  );
}

async function submitOffice(event) {
  event.preventDefault();
  const select = $("office");
  if (!select.value) {
    setFieldError(select, () => t("office.required"));
    select.focus();
    return;
  }
  await chooseOffice(select.value);
  if (state.office) go("service");
}

export function init() {
  $("office").addEventListener("change", (event) => chooseOffice(event.target.value));
  $("step-office").addEventListener("submit", submitOffice);
  defineStep("office", { enter: enterOffice, render: renderOfficeInfo });
}
