/**
 * The staff portal: sign-in, the shell (who, language, sign-out, the role's screens) and a hash
 * router (#/queue, #/config, ...). GET /staff/me says the office and role; a screen the role may
 * not use is neither in the menu nor loaded (its address shows a notice and calls nothing).
 */

import { ApiError } from "../../shared/api.mjs";
import { todayIn } from "../../shared/dates.mjs";
import { h, replace } from "../../shared/dom.mjs";
import { createI18n } from "../../shared/i18n.mjs";
import { SCREENS, screensFor } from "./screens/index.mjs";
import {
  forgetCredentials,
  loadSettings,
  publicApi,
  rememberCredentials,
  signedClient,
  storedCredentials,
} from "./session.mjs";
import { STRINGS } from "./strings.mjs";
import { describeError } from "./util.mjs";

const i18n = createI18n(STRINGS);
const $ = (id) => document.getElementById(id);

/** The signed-in state: null before sign-in. */
let current = null;
/** What the screen on display asked to run when it is left (timers, the camera). */
let leaveScreen = null;

function announce(text) {
  // Cleared first: the same message twice is still read out.
  $("status").textContent = "";
  setTimeout(() => {
    $("status").textContent = text;
  }, 50);
}

// --- sign-in ------------------------------------------------------------------------------------

/** The sign-in form, or the shell (who, menu, sign-out, the screen); the loading notice goes either way. */
function showPart(signedIn) {
  $("loading").hidden = true;
  $("sign-in").hidden = signedIn;
  for (const id of ["who", "nav", "sign-out", "screen"]) $(id).hidden = !signedIn;
}

function showSignIn(message) {
  current = null;
  showPart(false);
  $("sign-in-error").textContent = message ?? "";
  document.title = `${i18n.t("signin.title")} · ${i18n.t("app.title")}`;
  $(message ? "sign-in-error" : "access-key-id").focus?.();
}

/** Why a sign-in failed, for the person at the desk. */
function signInError(error) {
  if (error instanceof ApiError && error.status === 403) {
    if (error.code === "forbidden") return i18n.t("signin.notStaff");
    // API Gateway's own refusal: unknown key, wrong secret, or a clock more than 5 minutes off.
    const said = error.detail?.message ?? error.message;
    const clock = /expired|date/i.test(said) ? ` ${i18n.t("signin.clock")}` : "";
    return `${i18n.t("signin.wrongKey")}${clock}`;
  }
  return describeError(error, i18n);
}

async function start(credentials) {
  const settings = await loadSettings();
  const client = signedClient(credentials, settings);
  const me = await client.api.get("/staff/me");
  const office = await publicApi.get(`/offices/${encodeURIComponent(me.office_id)}`);
  current = { ...client, me, office, credentials };
  rememberCredentials(credentials);
  showShell();
}

async function onSignIn(event) {
  event.preventDefault();
  const credentials = {
    accessKeyId: $("access-key-id").value.trim(),
    secretAccessKey: $("secret-access-key").value.trim(),
    sessionToken: $("session-token").value.trim(),
  };
  if (!credentials.accessKeyId || !credentials.secretAccessKey) {
    showSignIn(i18n.t("signin.missing"));
    return;
  }
  const button = $("sign-in-button");
  button.disabled = true;
  $("sign-in-error").textContent = "";
  try {
    await start(credentials);
    $("sign-in-form").reset();
  } catch (error) {
    forgetCredentials();
    showSignIn(signInError(error));
  } finally {
    button.disabled = false;
  }
}

function signOut() {
  leaveScreen?.();
  leaveScreen = null;
  forgetCredentials();
  replace($("screen"));
  history.replaceState(null, "", location.pathname + location.search);
  showSignIn();
  announce(i18n.t("signout.done"));
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

function route() {
  if (!current) return;
  leaveScreen?.();
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
  if (current) {
    renderWho();
    route();
  } else {
    document.title = `${i18n.t("signin.title")} · ${i18n.t("app.title")}`;
  }
});
$("sign-in-form").addEventListener("submit", onSignIn);
$("sign-out").addEventListener("click", signOut);
window.addEventListener("hashchange", route);

i18n.apply(document);
updateLanguageSwitch();

const saved = storedCredentials();
if (saved) {
  start(saved).catch((error) => {
    // Refused: forget the keys. Not reached (network): keep them, a reload tries again.
    if (error instanceof ApiError && error.status === 403) forgetCredentials();
    showSignIn(signInError(error));
  });
} else {
  showSignIn();
}
