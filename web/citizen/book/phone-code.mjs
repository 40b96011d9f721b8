/**
 * The confirm step's phone verification, where the office asks for it (office.phone_verification;
 * the server's side is antrean.logic.phone_codes): a 6-digit code is sent to the phone number given
 * (by WhatsApp when that is the chosen channel, else by SMS); the citizen types it and books, and
 * the booking names the verified attempt (phone_verification). A new code can be asked once the
 * countdown the API gives (resend_after, or Retry-After of a refusal) has run out.
 *
 *   const phone = new PhoneCode(container);
 *   phone.prepare(state);                              // the confirm step shows
 *   if (!(await phone.ensure(state))) return;          // before the booking is sent
 *   body = { ...body, ...phone.bodyFields(state) };    // phone_verification, when verified
 *   if (phone.refused(error, state)) return;           // a booking refused for its phone
 */

import { ApiError, pathOf } from "../../shared/api.mjs";
import { bindText, clearFieldError, h, setFieldError } from "../../shared/dom.mjs";
import { errorText, setNotice } from "../forms.mjs";
import { api, focusOn, i18n, setBusy, t } from "../page.mjs";

/** The booking's refusals about its phone: the citizen verifies again. */
const BOOKING_CODES = new Set(["phone_not_verified", "phone_verification_expired", "phone_verification_used"]);
/** The code's refusals after which only a new code helps. */
const NEW_CODE = new Set(["phone_code_locked", "phone_code_expired", "phone_code_not_found"]);

export class PhoneCode {
  /** @param {HTMLElement} container the confirm step's place for it (hidden while no office asks) */
  constructor(container) {
    this.container = container;
    this.attempt = null; // {attempt_id, phone, resend_after: ms}
    this.verified = null; // {attempt_id, phone, until: ms}
    this.timer = null;
    this.state = null; // the booking form's state, as the confirm step last drew it
    this.input = h("input", {
      id: "phone-code",
      name: "phone-code",
      type: "text",
      inputmode: "numeric",
      autocomplete: "one-time-code",
      maxlength: "6",
      pattern: "[0-9]{6}",
      "aria-describedby": "phone-code-hint phone-code-error",
    });
    this.label = h("label", { for: "phone-code" });
    this.hint = h("p", { class: "hint", id: "phone-code-hint" });
    this.error = h("p", { class: "field-error", id: "phone-code-error" });
    this.send = h("button", { type: "button", class: "btn btn-secondary", id: "phone-code-send" });
    this.send.addEventListener("click", () => this.sendCode());
    this.status = h("p", { id: "phone-code-status", role: "status", "aria-live": "polite" });
    this.codeField = h("div", { class: "field" }, this.label, this.input, this.error);
    this.legend = h("h3", { id: "phone-code-title" });
    container.replaceChildren(
      this.legend,
      this.hint,
      h("div", { class: "actions" }, this.send),
      this.codeField,
      this.status,
    );
    container.setAttribute("role", "group");
    container.setAttribute("aria-labelledby", "phone-code-title");
    bindText(this.legend, () => t("phoneCode.title"));
    bindText(this.label, () => t("phoneCode.label"));
    i18n.onChange(() => this.renderSend());
  }

  /** Draw it for the confirm step: hidden unless the office verifies phones. */
  prepare(state) {
    this.state = state;
    const asks = Boolean(state.office?.phone_verification);
    this.container.hidden = !asks;
    if (!asks) return;
    const phone = state.person.phone;
    if (this.verified && (this.verified.phone !== phone || this.verified.until <= Date.now())) this.verified = null;
    if (this.attempt && this.attempt.phone !== phone) this.attempt = null;
    this.render(state);
  }

  render(state) {
    const done = Boolean(this.verified);
    this.codeField.hidden = done || !this.attempt;
    this.send.hidden = done;
    if (done) {
      bindText(this.hint, null);
      setNotice(this.status, "success", () => t("phoneCode.verified"));
    } else {
      const phone = state.person.phone;
      const channel = this.channelOf(state);
      const key = this.attempt ? "phoneCode.sent" : "phoneCode.intro";
      bindText(this.hint, () => t(key, { phone, channel: t(`channel.${channel}`) }));
    }
    this.renderSend();
  }

  channelOf(state) {
    return state.person.channel === "whatsapp" ? "whatsapp" : "sms";
  }

  /** The send button: "send", or "send again" with the seconds left before it may. */
  renderSend() {
    const left = this.attempt ? Math.ceil((this.attempt.resend_after - Date.now()) / 1000) : 0;
    this.send.disabled = left > 0;
    this.send.setAttribute("aria-disabled", String(left > 0));
    if (!this.attempt) this.send.textContent = t("phoneCode.send");
    else if (left > 0) this.send.textContent = t("phoneCode.resendIn", { seconds: left });
    else this.send.textContent = t("phoneCode.resend");
    if (left > 0 && !this.timer) {
      this.timer = setInterval(() => {
        if (this.attempt && this.attempt.resend_after > Date.now()) return this.renderSend();
        clearInterval(this.timer);
        this.timer = null;
        this.renderSend();
      }, 1000);
    }
  }

  /** The countdown to the next code (ms since the epoch), from the API's time or a refusal's Retry-After. */
  waitUntil(at) {
    if (this.attempt) this.attempt.resend_after = at;
    this.renderSend();
  }

  async sendCode() {
    const state = this.state;
    if (!state || this.send.disabled) return;
    const phone = state.person.phone;
    setBusy(this.send, true);
    setNotice(this.status, "info", () => t("phoneCode.sending"));
    try {
      const path = pathOf("/offices/{office}/phone-codes", { office: state.officeId });
      const sent = await api.post(path, { phone, channel: this.channelOf(state) });
      this.attempt = { attempt_id: sent.attempt_id, phone, resend_after: Date.parse(sent.resend_after) };
      this.input.value = "";
      clearFieldError(this.input);
      setNotice(this.status, null);
      this.render(state);
      focusOn(this.input);
    } catch (error) {
      setNotice(this.status, "error", () => errorText(error));
      if (error instanceof ApiError && error.status === 429 && error.retryAfter && this.attempt) {
        this.waitUntil(Date.now() + error.retryAfter * 1000);
      }
    } finally {
      setBusy(this.send, false);
      this.renderSend();
    }
  }

  /**
   * Before the booking: true when the office asks nothing or the phone is verified (a typed code
   * is checked now); false, with the reason shown and focus on what to do, otherwise.
   */
  async ensure(state) {
    this.state = state;
    if (!state.office?.phone_verification || this.verified) return true;
    if (!this.attempt) {
      setNotice(this.status, "error", () => t("phoneCode.sendFirst"));
      focusOn(this.send);
      return false;
    }
    const code = this.input.value.replace(/\D/g, "");
    if (code.length !== 6) {
      setFieldError(this.input, () => t("phoneCode.sixDigits"));
      focusOn(this.input);
      return false;
    }
    clearFieldError(this.input);
    try {
      const path = pathOf("/offices/{office}/phone-codes/{attempt}/verify", {
        office: state.officeId,
        attempt: this.attempt.attempt_id,
      });
      const verified = await api.post(path, { code });
      const until = Date.parse(verified.valid_until);
      this.verified = { attempt_id: verified.attempt_id, phone: this.attempt.phone, until };
      this.render(state);
      return true;
    } catch (error) {
      this.showCodeError(error, state);
      return false;
    }
  }

  showCodeError(error, state) {
    if (error instanceof ApiError && error.code === "phone_code_wrong") {
      setFieldError(this.input, () => t("phoneCode.wrong", { tries: error.detail.tries_left }));
    } else {
      setFieldError(this.input, () => errorText(error));
      if (error instanceof ApiError && NEW_CODE.has(error.code) && this.attempt) this.waitUntil(0);
    }
    this.input.select();
    focusOn(this.input);
    this.render(state);
  }

  /** What the booking request carries for it. */
  bodyFields(state) {
    const verified = this.verified && this.verified.phone === state.person.phone;
    return verified ? { phone_verification: this.verified.attempt_id } : {};
  }

  /** A booking refused for its phone: verify again (true: handled, shown here). */
  refused(error, state) {
    if (!(error instanceof ApiError) || !BOOKING_CODES.has(error.code)) return false;
    this.verified = null;
    this.attempt = null;
    this.prepare(state);
    setNotice(this.status, "error", () => errorText(error));
    focusOn(this.send);
    return true;
  }
}
