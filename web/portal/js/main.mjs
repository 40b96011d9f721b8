/**
 * The staff portal: sign-in (the staff user pool, auth/), the shell (who, language, sign-out, the
 * role's screens) and a hash router (#/queue, #/config, ...). GET /staff/me says the office and
 * role, and whether the member must still set up a sign-in code (then nothing else opens until
 * they do); a screen the role may not use is neither in the menu nor loaded (its address shows a
 * notice and calls nothing).
 */

import { ApiError } from "../../shared/api.mjs";
import { todayIn } from "../../shared/dates.mjs";
import { h, replace } from "../../shared/dom.mjs";
import { createI18n } from "../../shared/i18n.mjs";
import { associateTotp, currentUser, forgetTokens, preferTotp, signIn, userPool, verifyTotp } from "./auth/cognito.mjs";
import { cognitoMessage, enrolForm, newPasswordForm, totpForm } from "./auth/steps.mjs";
import { SCREENS, screensFor } from "./screens/index.mjs";
import { isConfigured, loadSettings, publicApi, StaffSession } from "./session.mjs";
import { STRINGS } from "./strings.mjs";
import { describeError } from "./util.mjs";

const i18n = createI18n(STRINGS);
const { t } = i18n;
const $ = (id) => document.getElementById(id);

/** /portal/config.json and its user pool, once loaded. */
let settings = null;
let pool = null;
/** The signed-in state: null before sign-in ({ session, api, fetch, me, office }). */
let current = null;
/** The sign-in's step on display after the password (to write again in another language), or null. */
let shownStep = null;
/** What the screen on display asked to run when it is left (timers, the camera): called with
 * `{ rerendering }`, true when the same screen is drawn again in another language. */
let leaveScreen = null;

function announce(text) {
  // Cleared first: the same message twice is still read out.
  $("status").textContent = "";
  setTimeout(() => {
    $("status").textContent = text;
  }, 50);
}

// --- sign-in ------------------------------------------------------------------------------------

/** The sign-in part, or the shell (who, menu, sign-out, the screen); the loading notice goes either way. */
function showPart(signedIn) {
  $("loading").hidden = true;
  $("sign-in").hidden = signedIn;
  for (const id of ["who", "nav", "sign-out", "screen"]) $(id).hidden = !signedIn;
}

/** The username and password form (again), with `message` above it. */
function showSignIn(message) {
  current = null;
  shownStep = null;
  showPart(false);
  $("sign-in-form").hidden = false;
  replace($("sign-in-step"));
  $("sign-in-step").hidden = true;
  $("sign-in-restart").hidden = true;
  $("sign-in-error").textContent = message ?? "";
  document.title = `${t("signin.title")} · ${t("app.title")}`;
  $(message ? "sign-in-error" : "username").focus?.();
}

/** A step after the password: its form replaces the username and password form. */
function showStep(form) {
  $("sign-in-error").textContent = "";
  $("sign-in-form").hidden = true;
  replace($("sign-in-step"), form);
  $("sign-in-step").hidden = false;
  $("sign-in-restart").hidden = false;
  form.focusFirst();
}

/**
 * Follow a sign-in's steps until the user pool issues tokens: each step's form answers it and
 * shows the next (see auth/cognito.mjs).
 */
async function follow(step, { totpSetUp = false } = {}) {
  shownStep = step.kind === "done" ? null : { step, options: { totpSetUp } };
  if (step.kind === "done") {
    await startSession(step.user, step.session, { totpSetUp });
  } else if (step.kind === "newPassword") {
    showStep(newPasswordForm(t, async (password) => follow(await step.respond(password))));
  } else if (step.kind === "totp") {
    showStep(totpForm(t, async (code) => follow(await step.respond(code))));
  } else if (step.kind === "mfaSetup") {
    showStep(enrolForm(t, step, async (code) => follow(await step.respond(code), { totpSetUp: true })));
  }
}

async function onSignIn(event) {
  event.preventDefault();
  const username = $("username").value.trim().toLowerCase();
  const password = $("password").value;
  if (!username || !password) {
    showSignIn(t("signin.missing"));
    return;
  }
  if (!pool) {
    showSignIn(t("signin.notConfigured"));
    return;
  }
  const button = $("sign-in-button");
  button.disabled = true;
  $("sign-in-error").textContent = "";
  try {
    const step = await signIn(pool, username, password);
    $("password").value = "";
    await follow(step);
  } catch (error) {
    $("password").value = "";
    showSignIn(cognitoMessage(error, t));
  } finally {
    button.disabled = false;
  }
}

/** Why the staff API or the identity pool refused a signed-in user, for the person at the desk. */
function startError(error) {
  if (error instanceof ApiError && error.status === 403 && error.code === "forbidden") return t("signin.notStaff");
  if (error instanceof ApiError) return describeError(error, i18n);
  return cognitoMessage(error, t);
}

/**
 * The API client of the screens: a 403 `mfa_required` (the office turned codes on meanwhile)
 * opens the code's set-up; a 403 `forbidden` is checked against GET /staff/me, and a member no
 * longer active is signed out with the reason (a disabled account is refused at its next call).
 */
function guardedApi(session) {
  const request = async (method, path, options) => {
    try {
      return await session.api.request(method, path, options);
    } catch (error) {
      if (error instanceof ApiError && error.status === 403 && current?.session === session) {
        if (error.code === "mfa_required") showEnrolment();
        else if (error.code === "forbidden") await checkStillStaff(session);
      }
      throw error;
    }
  };
  return {
    request,
    get: (path, options) => request("GET", path, options),
    post: (path, body, options) => request("POST", path, { ...options, body }),
    put: (path, body, options) => request("PUT", path, { ...options, body }),
  };
}

async function checkStillStaff(session) {
  try {
    await session.api.get("/staff/me");
  } catch (error) {
    if (error instanceof ApiError && error.status === 403 && current?.session === session) {
      await endSession(t("account.ended"));
    }
  }
}

/** Credentials for the signed-in user, who they are at the office, then the shell (or the code's set-up). */
async function startSession(user, cognitoSession, { totpSetUp = false } = {}) {
  // A renewal the user pool refused (refresh token revoked, account disabled): sign in again.
  const session = new StaffSession(settings, user, cognitoSession, (error) => {
    if (current?.session !== session) return;
    const disabled = error?.code === "NotAuthorizedException" && /disabled/i.test(String(error.message));
    endSession(t(disabled ? "signin.disabled" : "signin.ended"), { revoke: false });
  });
  try {
    await session.open();
    let me = await session.api.get("/staff/me");
    if (totpSetUp && !me.mfa_enabled) {
      // The user pool had the code set up during the sign-in: make it the preferred one, and record it.
      await preferTotp(user);
      me = await session.api.post("/staff/me/mfa");
    }
    const office = await publicApi.get(`/offices/${encodeURIComponent(me.office_id)}`);
    current = { session, api: guardedApi(session), fetch: session.fetch, me, office };
  } catch (error) {
    // Refused: revoke and forget the tokens. Not reached (network): keep them, a reload tries again.
    const unreachable = (error instanceof ApiError && error.status === 0) || error?.code === "NetworkError";
    if (unreachable) session.close();
    else await session.signOut().catch(() => {});
    showSignIn(startError(error));
    return;
  }
  if (current.me.mfa_required && !current.me.mfa_enabled) showEnrolment();
  else showShell();
}

/** Leave the session: revoke it (unless it already ended), forget everything, show the sign-in. */
async function endSession(message, { revoke = true } = {}) {
  const ending = current;
  leaveScreen?.();
  leaveScreen = null;
  current = null;
  replace($("screen"));
  history.replaceState(null, "", location.pathname + location.search);
  let failure = null;
  if (ending) {
    if (revoke) failure = await ending.session.signOut();
    else ending.session.close();
  }
  forgetTokens(pool);
  showSignIn(message);
  return failure;
}

async function signOut() {
  const failure = await endSession();
  announce(t(failure ? "signout.offline" : "signout.done"));
}

// --- the code's set-up for a signed-in member (the API's mfa_required) --------------------------

async function showEnrolment() {
  if (!current || current.enrolling) return;
  const ours = current;
  ours.enrolling = true;
  ours.enrolError = null;
  leaveScreen?.();
  leaveScreen = null;
  renderEnrolment(ours);
  try {
    ours.totpSecret = await associateTotp(ours.session.user);
  } catch (error) {
    ours.enrolError = error; // shown with a way out: sign out
  }
  if (current === ours) renderEnrolment(ours);
}

/** The set-up's page (again after a language change, with the same key). */
function renderEnrolment(ours) {
  showPart(true);
  $("nav").hidden = true;
  renderWho();
  const container = $("screen");
  const messages = h("div", { class: "messages" });
  replace(container, h("h1", { tabindex: "-1" }, t("enrol.title")), messages);
  document.title = `${t("enrol.title")} · ${t("app.title")}`;
  if (ours.enrolError) {
    replace(messages, h("p", { class: "notice notice-error", role: "alert" }, t("enrol.failed", { reason: cognitoMessage(ours.enrolError, t) })));
  }
  if (!ours.totpSecret) {
    container.querySelector("h1").focus();
    return;
  }
  const { user } = ours.session;
  const form = enrolForm(t, { username: ours.session.username, secret: ours.totpSecret }, async (code) => {
    await verifyTotp(user, code);
    try {
      ours.me = await ours.session.api.post("/staff/me/mfa");
    } catch (error) {
      replace(messages, h("p", { class: "notice notice-error", role: "alert" }, describeError(error, i18n)));
      return;
    }
    ours.enrolling = false;
    ours.totpSecret = null;
    showShell();
    announce(t("enrol.done"));
  });
  // The set-up's own heading is the page's h1.
  form.querySelector("h2").remove();
  container.append(form);
  form.focusFirst();
}

// --- the shell ----------------------------------------------------------------------------------

function renderWho() {
  const { me, office } = current;
  replace(
    $("who"),
    h("span", { class: "who-name" }, me.name),
    " · ",
    i18n.t(`role.${me.role}`),
    " · ",
    h("span", { class: "who-office" }, office.name),
  );
}

function renderNav(active) {
  const items = screensFor(current.me.role).map((screen) =>
    h(
      "a",
      { href: `#/${screen.id}`, "aria-current": screen.id === active ? "page" : undefined, dataset: { screen: screen.id } },
      i18n.t(screen.title),
    ),
  );
  replace($("nav"), h("ul", {}, items.map((item) => h("li", {}, item))));
}

function showShell() {
  showPart(true);
  renderWho();
  route();
}

function context() {
  const { api, fetch, me, office } = current;
  const base = `/staff/offices/${encodeURIComponent(me.office_id)}`;
  return {
    api,
    fetch,
    me,
    office,
    i18n,
    t: i18n.t,
    announce,
    /** `/staff/offices/<office>` + suffix. */
    path: (suffix = "") => base + suffix,
    today: () => todayIn(office.timezone),
  };
}

/** Show the screen of the address; `rerendering` when it is the same one again in another language. */
function route({ rerendering = false } = {}) {
  if (!current || current.enrolling) return;
  leaveScreen?.({ rerendering });
  leaveScreen = null;
  const allowed = screensFor(current.me.role);
  const wanted = location.hash.replace(/^#\/?/, "").split("?")[0];
  const screen = wanted ? SCREENS.find((s) => s.id === wanted) : allowed[0];
  const container = $("screen");
  renderNav(screen?.id);
  if (!screen || !allowed.includes(screen)) {
    // Never loaded, so nothing is asked of the API: the role may not see it.
    replace(
      container,
      h("h1", { tabindex: "-1" }, i18n.t("denied.title")),
      h("p", { class: "notice notice-warning", role: "alert" }, i18n.t("denied.text")),
      allowed.length ? h("p", {}, h("a", { href: `#/${allowed[0].id}` }, i18n.t(allowed[0].title))) : null,
    );
    document.title = `${i18n.t("denied.title")} · ${i18n.t("app.title")}`;
    container.querySelector("h1").focus();
    return;
  }
  document.title = `${i18n.t(screen.title)} · ${i18n.t("app.title")}`;
  replace(container);
  leaveScreen = screen.render(context(), container) ?? null;
  container.querySelector("h1")?.focus();
}

// --- start --------------------------------------------------------------------------------------

function updateLanguageSwitch() {
  const other = i18n.lang === "id" ? "en" : "id";
  $("lang-switch").textContent = other === "en" ? "English" : "Bahasa Indonesia";
  $("lang-switch").lang = other;
}

$("lang-switch").addEventListener("click", () => i18n.setLang(i18n.lang === "id" ? "en" : "id"));
i18n.onChange(() => {
  updateLanguageSwitch();
  if (current?.enrolling) {
    renderEnrolment(current);
  } else if (current) {
    renderWho();
    route({ rerendering: true });
  } else {
    document.title = `${t("signin.title")} · ${t("app.title")}`;
    // A step after the password is written again in the new language (what was typed in it goes).
    if (shownStep) follow(shownStep.step, shownStep.options);
  }
});
$("sign-in-form").addEventListener("submit", onSignIn);
$("sign-in-again").addEventListener("click", () => {
  forgetTokens(pool);
  showSignIn();
});
$("sign-out").addEventListener("click", signOut);
window.addEventListener("hashchange", () => route());

i18n.apply(document);
updateLanguageSwitch();

async function boot() {
  try {
    settings = await loadSettings();
  } catch {
    showSignIn(t("error.network"));
    return;
  }
  if (!isConfigured(settings)) {
    showSignIn(t("signin.notConfigured"));
    return;
  }
  pool = userPool(settings);
  // Still signed in in this tab (a reload): new credentials from the kept tokens.
  const restored = await currentUser(pool);
  if (restored) await startSession(restored.user, restored.session);
  else showSignIn();
}

boot();
