/**
 * The sign-in's steps after the password, and the TOTP set-up, as forms: each form checks its
 * input, hands it to `submit` and shows the refusal (Cognito's error, in the page's language)
 * under its field, so the same step can be answered again.
 */

import { h, setFieldError } from "../../../shared/dom.mjs";
import { qrSvg } from "../../../shared/qr.mjs";
import { busy, field } from "../ui.mjs";
import { totpUri } from "./cognito.mjs";

/** The password rule of template.yaml's StaffUserPool (see auth/strings.mjs). */
export function meetsPolicy(password) {
  return password.length >= 12 && /[A-Z]/.test(password) && /[a-z]/.test(password) && /[0-9]/.test(password);
}

/** Cognito's refusal in the page's words: one i18n key per kind of refusal. */
export function cognitoMessage(error, t) {
  const code = error?.code ?? error?.name ?? "";
  const said = String(error?.message ?? "");
  // Cognito tells a wrong password, a lockout and a disabled account apart only by the message of
  // one NotAuthorizedException (documented texts); the code alone would call all three "wrong".
  if (code === "NotAuthorizedException") {
    if (/disabled/i.test(said)) return t("signin.disabled");
    if (/attempts exceeded|locked/i.test(said)) return t("signin.locked");
    if (/session/i.test(said)) return t("signin.sessionExpired");
    return t("signin.wrong");
  }
  const byCode = {
    UserNotFoundException: "signin.wrong",
    CodeMismatchException: "totp.wrong",
    EnableSoftwareTokenMFAException: "totp.wrong",
    ExpiredCodeException: "totp.wrong",
    InvalidPasswordException: "newPassword.weak",
    PasswordResetRequiredException: "signin.resetRequired",
    TooManyRequestsException: "signin.tooMany",
    LimitExceededException: "signin.tooMany",
    TooManyFailedAttemptsException: "signin.locked",
    NetworkError: "error.network",
  };
  return byCode[code] ? t(byCode[code]) : t("signin.failed", { code: code || said || "?" });
}

function codeInput() {
  return h("input", {
    type: "text",
    inputmode: "numeric",
    autocomplete: "one-time-code",
    maxlength: 6,
    pattern: "[0-9]{6}",
    spellcheck: "false",
    required: true,
    class: "input-code",
  });
}

/** A form of one step: a heading, an intro, fields, and a submit button; `onSubmit` returns false to keep the form. */
function stepForm({ title, intro, fields, submitLabel, onSubmit, extra = [] }) {
  const button = h("button", { type: "submit", class: "btn" }, submitLabel);
  const heading = h("h2", { tabindex: "-1" }, title);
  const form = h(
    "form",
    {
      class: "card",
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        await busy(button, onSubmit);
      },
    },
    heading,
    intro ? h("p", { class: "hint" }, intro) : null,
    ...extra,
    ...fields,
    h("div", { class: "actions" }, button),
  );
  form.focusFirst = () => form.querySelector("input")?.focus();
  return form;
}

/**
 * The new-password step: two fields, the rule, the refusal. `submit(password)` returns the next
 * step's promise (or rejects with Cognito's error).
 */
export function newPasswordForm(t, submit) {
  const password = h("input", { type: "password", autocomplete: "new-password", spellcheck: "false", required: true });
  const again = h("input", { type: "password", autocomplete: "new-password", spellcheck: "false", required: true });
  return stepForm({
    title: t("newPassword.title"),
    intro: t("newPassword.intro"),
    fields: [
      field({ label: t("newPassword.password"), hint: t("newPassword.policy"), input: password }),
      field({ label: t("newPassword.confirm"), input: again }),
    ],
    submitLabel: t("newPassword.submit"),
    onSubmit: async () => {
      setFieldError(password, "");
      setFieldError(again, "");
      if (!meetsPolicy(password.value)) {
        setFieldError(password, t("newPassword.weak"));
        password.focus();
        return;
      }
      if (password.value !== again.value) {
        setFieldError(again, t("newPassword.mismatch"));
        again.focus();
        return;
      }
      try {
        await submit(password.value);
      } catch (error) {
        setFieldError(password, cognitoMessage(error, t));
        password.focus();
      }
    },
  });
}

/** The code step of a sign-in: `submit(code)`. */
export function totpForm(t, submit) {
  const code = codeInput();
  return stepForm({
    title: t("totp.title"),
    intro: t("totp.intro"),
    fields: [field({ label: t("totp.code"), input: code })],
    submitLabel: t("totp.submit"),
    onSubmit: async () => checkedCode(t, code, submit),
  });
}

async function checkedCode(t, input, submit) {
  setFieldError(input, "");
  const value = input.value.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(value)) {
    setFieldError(input, t("totp.invalid"));
    input.focus();
    return;
  }
  try {
    await submit(value);
  } catch (error) {
    setFieldError(input, cognitoMessage(error, t));
    input.value = "";
    input.focus();
  }
}

/** The secret in groups of four, as an authenticator app asks for it to be typed. */
function grouped(secret) {
  return secret.replace(/(.{4})/g, "$1 ").trim();
}

/**
 * TOTP set-up: the QR code of the otpauth:// address (an authenticator app scans it), the secret
 * as text (to type instead), and the first code. `submit(code)` verifies it.
 */
export function enrolForm(t, { username, secret }, submit) {
  const code = codeInput();
  const qr = qrSvg(totpUri(username, secret), t("enrol.qr"), { className: "qr-code totp-qr" });
  return stepForm({
    title: t("enrol.title"),
    intro: t("enrol.intro"),
    extra: [
      h(
        "ol",
        { class: "enrol-steps" },
        h("li", {}, t("enrol.step1")),
        h("li", {}, t("enrol.step2"), h("div", { class: "totp-qr-wrap" }, qr), h("p", {}, `${t("enrol.secret")}: `, h("code", { class: "totp-secret", dataset: { secret } }, grouped(secret)))),
        h("li", {}, t("enrol.step3")),
      ),
    ],
    fields: [field({ label: t("totp.code"), input: code })],
    submitLabel: t("enrol.submit"),
    onSubmit: async () => checkedCode(t, code, submit),
  });
}
