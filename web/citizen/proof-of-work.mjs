/**
 * The proof of work an office may ask with a booking (or a lottery entry), a reschedule or a
 * complaint (issue 18; the server's side is antrean.domain.challenge). The altcha widget
 * (web/vendor, pinned in web/package-lock.json; ALTCHA PoW v2, as the server's library) fetches a
 * challenge of the office and solves it on its own, in workers, while the citizen reads the form:
 * nothing to see or hear, no cookie, nothing from another origin. The solution goes in the
 * X-Altcha header and is good for one request.
 *
 *   const proof = new ProofOfWork(container);
 *   proof.prepare(office);  // when the form shows: solving starts
 *   const answer = await withProof(proof, office, (headers) => api.post(path, body, { headers }));
 *   // after a refusal: proof.prepare(office) again (the solution sent is used)
 */

import { ApiError, pathOf } from "../shared/api.mjs";
import { bindText, h } from "../shared/dom.mjs";
import { i18n, t } from "./page.mjs";

const HEADER = "X-Altcha";
/** A solution is refused five minutes after its challenge was given: older ones are solved anew. */
const FRESH_MS = 4 * 60 * 1000;
/** The refusals a new solution answers (the request is sent once more with one). */
export const CHALLENGE_CODES = new Set([
  "challenge_required",
  "challenge_invalid",
  "challenge_expired",
  "challenge_reused",
]);
const WIDGET_SETTINGS = {
  auto: "off", // solved when asked (prepare), not on a click
  humanInteractionSignature: false, // no pointer or key samples are collected
  hideFooter: true,
  hideLogo: true,
  minDuration: 0,
};

const apiBase = document.querySelector('meta[name="antrean-api"]')?.getAttribute("content") ?? "";
let library = null;

/** The widget's module, its Indonesian words and its PBKDF2 worker, loaded on first use only. */
function loadWidget() {
  library ??= (async () => {
    await import("../vendor/altcha.mjs");
    await import("../vendor/altcha-id.mjs");
    const worker = new URL("../vendor/altcha-pbkdf2.js", import.meta.url);
    globalThis.$altcha.algorithms.set("PBKDF2/SHA-256", () => new Worker(worker));
  })();
  return library;
}

/** The widget could not solve a challenge (no answer from the API, or the browser gave up). */
export class ProofFailed extends Error {
  constructor() {
    super("proof of work not solved");
    this.name = "ProofFailed";
  }
}

/**
 * `send(headers)`'s answer, sent with a proof of work when the office asks one, and once more with
 * a new one when the office refused it for its proof (it began asking, or the solution got old).
 */
export async function withProof(proof, office, send) {
  try {
    return await send(await proof.headers(office));
  } catch (error) {
    if (!(error instanceof ApiError) || !CHALLENGE_CODES.has(error.code)) throw error;
    return send(await proof.headers(office, true));
  }
}

export class ProofOfWork {
  /** @param {HTMLElement} container where the widget shows (hidden while no office asks) */
  constructor(container) {
    this.container = container;
    this.widget = null;
    this.officeId = null;
    this.solving = null; // Promise<{payload, at}> of the solution not sent yet
    this.solvingFor = null; // ... and the office it is for
    i18n.onChange(() => this.widget?.configure?.({ language: i18n.lang }));
  }

  /** Start solving a challenge of the office now, if it asks for one and none is solving. */
  prepare(office) {
    if (!office?.proof_of_work || (this.solving && this.solvingFor === office.office_id)) return;
    this.solve(office.office_id).catch(() => {});
  }

  /**
   * The headers of one request to the office: none when it asks no proof (unless `required`: it
   * refused a request without one), else a solution never sent, fresh, solved now if need be.
   */
  async headers(office, required = false) {
    if (!office || (!office.proof_of_work && !required)) return {}; // no office known: none to ask for
    let solved = this.solvingFor === office.office_id && this.solving ? await this.solving.catch(() => null) : null;
    if (!solved || Date.now() - solved.at > FRESH_MS) solved = await this.solve(office.office_id);
    this.solving = null; // sent: the next request needs another
    return { [HEADER]: solved.payload };
  }

  solve(officeId) {
    const at = Date.now();
    this.solvingFor = officeId;
    this.solving = (async () => {
      await loadWidget();
      if (this.officeId !== officeId || !this.widget) await this.mount(officeId);
      const result = await this.widget.verify();
      if (!result?.payload) throw new ProofFailed();
      return { payload: result.payload, at };
    })();
    return this.solving;
  }

  async mount(officeId) {
    const widget = document.createElement("altcha-widget");
    widget.setAttribute("challenge", apiBase + pathOf("/offices/{office}/challenge", { office: officeId }));
    widget.setAttribute("language", i18n.lang);
    widget.setAttribute("configuration", JSON.stringify(WIDGET_SETTINGS));
    const loaded = new Promise((resolve) => widget.addEventListener("load", resolve, { once: true }));
    const hint = h("p", { class: "hint" });
    bindText(hint, () => t("pow.hint"));
    this.container.replaceChildren(widget, hint);
    this.container.hidden = false;
    // Its methods exist once the element has mounted (its "load" event).
    if (typeof widget.verify !== "function") await loaded;
    this.widget = widget;
    this.officeId = officeId;
  }
}
