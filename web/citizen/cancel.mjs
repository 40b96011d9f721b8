/** Cancelling a booking: registration number and NIK, a confirmation, then the cancellation. */

import { ApiError, newIdempotencyKey, pathOf } from "../shared/api.mjs";
import { isActive } from "../shared/booking.mjs";
import { bindText, h, setFieldError } from "../shared/dom.mjs";
import { arrivalText } from "./describe.mjs";
import { errorText, readNik, readRegistration, setNotice, showApiFieldErrors, showRefusal, startOver } from "./forms.mjs";
import { officeOrNull } from "./offices.mjs";
import { $, api, focusOn, i18n, knownNiks, rerenderable, setBusy, t } from "./page.mjs";

/** The booking asked about, with the NIK typed and the key of its one cancel request. */
const cancelState = { registration: null, nik: null, booking: null, key: null };

const renderCancelQuestion = rerenderable((booking, office) => {
  bindText($("cancel-confirm-text"), () =>
    t("cancel.question", {
      queue: booking.queue_number,
      office: office?.name ?? booking.office_id,
      date: i18n.formatDate(booking.date),
      time: arrivalText(office, booking),
    }),
  );
});

async function submitCancelForm(event) {
  event.preventDefault();
  const form = $("cancel-form");
  const result = $("cancel-result");
  startOver(form, result);
  $("cancel-confirm").hidden = true;
  const registration = readRegistration($("cancel-reg"));
  const nik = readNik($("cancel-nik"));
  if (!registration) return $("cancel-reg").focus();
  if (!nik) return $("cancel-nik").focus();
  const button = form.querySelector('button[type="submit"]');
  setBusy(button, true);
  try {
    const booking = await api.get(pathOf("/bookings/{number}", { number: registration }));
    if (!isActive(booking.status)) {
      const notice = h("p", { class: "notice" });
      setNotice(notice, "warning", () => t("cancel.notActive", { status: t(`status.${booking.status}`) }));
      result.replaceChildren(notice);
      return;
    }
    const office = await officeOrNull(booking.office_id);
    Object.assign(cancelState, { registration, nik, booking, key: newIdempotencyKey("cancel") });
    renderCancelQuestion(booking, office);
    $("cancel-confirm").hidden = false;
    focusOn($("cancel-confirm-text"));
  } catch (error) {
    showRefusal(error, { fields: { registration_number: $("cancel-reg") }, result, notFound: "track.notFound" });
  } finally {
    setBusy(button, false);
  }
}

async function confirmCancel() {
  const button = $("cancel-yes");
  if (button.disabled) return;
  setBusy(button, true);
  const result = $("cancel-result");
  const notice = h("p", { class: "notice", tabindex: "-1" });
  try {
    const cancelled = await api.post(
      pathOf("/bookings/{number}/cancel", { number: cancelState.registration }),
      { nik: cancelState.nik },
      { idempotencyKey: cancelState.key },
    );
    $("cancel-confirm").hidden = true;
    setNotice(notice, "success", () =>
      t("cancel.done", { queue: cancelled.queue_number, date: i18n.formatDate(cancelled.date) }),
    );
    notice.dataset.status = cancelled.status;
    result.replaceChildren(notice);
    knownNiks.delete(cancelState.registration);
    focusOn(notice);
  } catch (error) {
    $("cancel-confirm").hidden = true;
    if (error instanceof ApiError && error.code === "nik_mismatch") {
      setFieldError($("cancel-nik"), () => errorText(error));
      $("cancel-nik").focus();
      return;
    }
    const shown = showApiFieldErrors(error, { nik: $("cancel-nik"), registration_number: $("cancel-reg") });
    if (shown.length) return shown[0].focus();
    setNotice(notice, "error", () => errorText(error));
    result.replaceChildren(notice);
    focusOn(notice);
  } finally {
    setBusy(button, false);
  }
}

export function show(params) {
  if (params.reg) {
    $("cancel-reg").value = params.reg;
    const nik = knownNiks.get(params.reg);
    if (nik) $("cancel-nik").value = nik;
  }
}

export function init() {
  $("cancel-form").addEventListener("submit", submitCancelForm);
  $("cancel-yes").addEventListener("click", confirmCancel);
  $("cancel-no").addEventListener("click", () => {
    $("cancel-confirm").hidden = true;
    $("cancel-form").querySelector('button[type="submit"]').focus();
  });
}
