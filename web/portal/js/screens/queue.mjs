/**
 * Today's queue board: check in (typed, or the proof's QR through the camera where the browser
 * has BarcodeDetector), call the next citizen to a counter, mark served or absent; who is at each
 * counter, who waits in calling order, and every booking of the day by session. Priority citizens
 * are marked with their group; the desk sets a group checked there, or removes a false claim,
 * with a reason (audited).
 */

import { isActive, normalizeRegistration, registrationFromScan } from "../../../shared/booking.mjs";
import { h, replace } from "../../../shared/dom.mjs";
import { serviceName } from "../../../shared/office.mjs";
import { canScan, startScan } from "../scanner.mjs";
import { busy, field, notice, table } from "../ui.mjs";
import { describeError, hhmm, sessionName, statusBadge } from "../util.mjs";
import { registrationInput } from "./lookup.mjs";

const COUNTER_KEY = "antrean.portal.counter";
const PRIORITY_GROUPS = ["elderly", "disability", "pregnant", "infant"];
/** Statuses whose priority the desk may change (logic/priority.py MARKABLE): until the call. */
const MARKABLE = new Set(["booked", "documents_submitted", "checked_in"]);
const REFRESH_MS = 15000;

function render(ctx, container) {
  const { api, i18n, t, path, office } = ctx;
  let stopCamera = null;
  let lastQueue = null;
  const clock = new Intl.DateTimeFormat(i18n.locale, { timeZone: office.timezone, hour: "2-digit", minute: "2-digit", second: "2-digit" });

  const messages = h("div", { class: "messages" });
  const updated = h("span", { class: "hint" });
  const boardSlot = h("div", { class: "board-slot" }, h("p", { class: "hint" }, t("loading")));

  function say(kind, text) {
    replace(messages, notice(kind, text));
    if (kind !== "error") ctx.announce(text);
  }

  async function load() {
    try {
      lastQueue = await api.get(path("/queue"));
      replace(updated, t("queue.updated", { time: clock.format(new Date()) }));
      replace(boardSlot, board(lastQueue));
    } catch (error) {
      say("error", describeError(error, i18n));
    }
  }

  async function step(registration, action, button) {
    await busy(button, async () => {
      try {
        const booking = await api.post(path(`/bookings/${encodeURIComponent(registration)}/${action}`));
        say("success", t(`queue.done.${action}`, { number: booking.queue_number, name: booking.name }));
        await load();
      } catch (error) {
        say("error", describeError(error, i18n));
      }
    });
  }

  // --- call next ---
  const counter = h("input", {
    type: "number",
    min: 1,
    max: 99,
    inputmode: "numeric",
    required: true,
    value: sessionStorage.getItem(COUNTER_KEY) ?? "1",
    class: "counter-input",
  });
  const callButton = h("button", { type: "submit", class: "btn" }, t("queue.callNext"));
  const callForm = h(
    "form",
    {
      class: "card stack",
      "aria-labelledby": "call-title",
      onsubmit: async (event) => {
        event.preventDefault();
        const number = Number(counter.value);
        if (!Number.isInteger(number) || number < 1 || number > 99) {
          say("error", t("queue.counterInvalid"));
          counter.focus();
          return;
        }
        sessionStorage.setItem(COUNTER_KEY, String(number));
        await busy(callButton, async () => {
          try {
            const booking = await api.post(path("/queue/call-next"), { counter: number });
            say("success", t("queue.called", { number: booking.queue_number, name: booking.name, counter: number }));
            await load();
          } catch (error) {
            say("error", describeError(error, i18n));
          }
        });
      },
    },
    h("h2", { id: "call-title" }, t("queue.callTitle")),
    field({ label: t("queue.counter"), hint: t("queue.counterHint"), input: counter }),
    h("div", { class: "actions" }, callButton),
  );

  // --- check in ---
  const registration = registrationInput();
  const checkInButton = h("button", { type: "submit", class: "btn" }, t("queue.checkIn"));
  const video = h("video", { class: "scanner", muted: true, playsinline: true, hidden: true, "aria-hidden": "true" });
  const scanButton = h("button", { type: "button", class: "btn btn-secondary", hidden: !canScan() }, t("queue.scan"));

  async function checkIn(raw) {
    const number = normalizeRegistration(raw);
    if (!number) {
      say("error", t("registration.invalid"));
      registration.focus();
      return;
    }
    registration.value = number;
    await step(number, "check-in", checkInButton);
    registration.select();
  }

  function stopScanning() {
    stopCamera?.();
    stopCamera = null;
    video.hidden = true;
    scanButton.textContent = t("queue.scan");
  }

  scanButton.addEventListener("click", async () => {
    if (stopCamera) {
      stopScanning();
      return;
    }
    try {
      video.hidden = false;
      scanButton.textContent = t("queue.scanStop");
      stopCamera = await startScan(video, (text) => {
        const number = registrationFromScan(text);
        if (!number) return false;
        stopScanning();
        checkIn(number);
        return true;
      });
    } catch {
      stopScanning();
      say("error", t("queue.scanFailed"));
    }
  });

  const checkInForm = h(
    "form",
    {
      class: "card stack",
      "aria-labelledby": "check-in-title",
      onsubmit: (event) => {
        event.preventDefault();
        checkIn(registration.value);
      },
    },
    h("h2", { id: "check-in-title" }, t("queue.checkInTitle")),
    field({ label: t("registration.label"), hint: t("queue.checkInHint"), input: registration }),
    h("div", { class: "actions" }, checkInButton, scanButton),
    video,
  );

  // --- priority service at the desk ---
  const priorityGroup = h(
    "select",
    { required: true },
    h("option", { value: "" }, t("priority.none")),
    PRIORITY_GROUPS.map((group) => h("option", { value: group }, t(`priority.group.${group}`))),
  );
  const priorityReason = h("input", { type: "text", maxlength: 200, required: true });
  const priorityTitle = h("h2", { id: "priority-title", tabindex: "-1" });
  const prioritySave = h("button", { type: "submit", class: "btn" }, t("priority.save"));
  const priorityCancel = h("button", { type: "button", class: "btn btn-secondary" }, t("priority.cancel"));
  let priorityOf = null; // the booking whose priority the form changes
  const priorityForm = h(
    "form",
    {
      class: "card stack priority-form",
      "aria-labelledby": "priority-title",
      hidden: true,
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        const booking = priorityOf;
        const group = priorityGroup.value || null;
        const reason = priorityReason.value.trim();
        if (!reason) {
          say("error", t("priority.reasonMissing"));
          priorityReason.focus();
          return;
        }
        const names = { number: booking.queue_number, name: booking.name };
        const question = group
          ? t("priority.confirmSet", { ...names, group: t(`priority.group.${group}`) })
          : t("priority.confirmRemove", names);
        if (!window.confirm(question)) return;
        await busy(prioritySave, async () => {
          try {
            const after = await api.post(path(`/bookings/${encodeURIComponent(booking.registration_number)}/priority`), {
              group,
              reason,
            });
            closePriority();
            say(
              "success",
              after.priority
                ? t("priority.done", { ...names, group: t(`priority.group.${after.priority}`) })
                : t("priority.removed", names),
            );
            await load();
          } catch (error) {
            say("error", describeError(error, i18n));
          }
        });
      },
    },
    priorityTitle,
    h("p", { class: "hint" }, t("priority.formIntro")),
    field({ label: t("priority.group"), input: priorityGroup }),
    field({ label: t("priority.reason"), hint: t("priority.reasonHint"), input: priorityReason }),
    h("div", { class: "actions" }, prioritySave, priorityCancel),
  );
  priorityCancel.addEventListener("click", () => closePriority());

  function openPriority(booking) {
    priorityOf = booking;
    replace(priorityTitle, t("priority.formTitle", { number: booking.queue_number, name: booking.name }));
    priorityGroup.value = booking.priority ?? "";
    priorityReason.value = "";
    priorityForm.hidden = false;
    priorityGroup.focus();
  }

  function closePriority() {
    priorityOf = null;
    priorityForm.hidden = true;
  }

  /** The marker of a priority citizen, with the group in words (staff only: never on public pages). */
  function priorityMarker(booking) {
    if (!booking?.priority) return null;
    return h(
      "span",
      { class: "badge badge-warn priority-marker", dataset: { priority: booking.priority } },
      t("priority.marker", { group: t(`priority.group.${booking.priority}`) }),
    );
  }

  // --- the board ---
  function board(queue) {
    const byNumber = new Map(queue.bookings.map((b) => [b.registration_number, b]));
    // Served from the table above; a citizen still "called" but no longer shown at a counter
    // (the counter called someone else meanwhile) keeps the buttons here.
    const atCounter = new Set(queue.now_serving.map((c) => c.registration_number));
    const serving = queue.now_serving.length
      ? table({
          head: [t("queue.counter"), t("queue.number"), t("queue.name"), t("queue.actions")],
          rows: [...queue.now_serving]
            .sort((a, b) => a.counter - b.counter)
            .map((c) => [
              h("strong", { class: "counter-number" }, String(c.counter)),
              h("strong", { class: "queue-number" }, c.queue_number),
              c.name,
              actions(byNumber.get(c.registration_number) ?? { ...c, status: "called" }),
            ]),
        })
      : h("p", { class: "hint" }, t("queue.nobodyServing"));

    // Today's estimated call of each waiting citizen (logic.position), in the office's time.
    const estimates = new Map((queue.estimates ?? []).map((e) => [e.registration_number, e]));
    const estimateOf = (number) => {
      const e = estimates.get(number);
      if (!e) return null;
      return h("small", { class: "hint estimate" }, " · ", t("queue.estimate", { time: i18n.formatTime(e.estimated_call_at.slice(11, 16)) }));
    };
    const waiting = queue.waiting.length
      ? h(
          "ol",
          { class: "waiting", "aria-label": t("queue.waitingTitle") },
          queue.waiting.map((number) => {
            const b = byNumber.get(number);
            return h("li", {}, h("strong", { class: "queue-number" }, b?.queue_number ?? number), " ", b?.name ?? "", " ", priorityMarker(b), estimateOf(number));
          }),
        )
      : h("p", { class: "hint" }, t("queue.nobodyWaiting"));

    const sessions = [...new Set(queue.bookings.map((b) => b.session))];
    const all = queue.bookings.length
      ? sessions.map((session) =>
          table({
            caption: sessionName(session, i18n),
            head: [t("queue.number"), t("queue.name"), t("queue.service"), t("queue.arrival"), t("queue.status"), t("queue.actions")],
            rows: queue.bookings
              .filter((b) => b.session === session)
              .map((b) => [
                h("strong", { class: "queue-number" }, b.queue_number),
                h("span", {}, b.name, " ", priorityMarker(b), h("br"), h("small", { class: "hint" }, b.registration_number)),
                serviceName(office, b.service, i18n),
                hhmm(b.arrival_time),
                statusBadge(b.status, i18n),
                atCounter.has(b.registration_number) ? t("queue.atCounter", { counter: b.counter }) : actions(b),
              ]),
          }),
        )
      : h("p", { class: "hint" }, t("queue.noBookings"));

    return h(
      "div",
      { class: "board" },
      h("section", { "aria-labelledby": "serving-title" }, h("h2", { id: "serving-title" }, t("queue.servingTitle")), serving),
      h(
        "section",
        { "aria-labelledby": "waiting-title" },
        h("h2", { id: "waiting-title" }, t("queue.waitingTitle"), " ", h("span", { class: "badge badge-neutral" }, String(queue.waiting.length))),
        waiting,
      ),
      h("section", { "aria-labelledby": "all-title", class: "board-all" }, h("h2", { id: "all-title" }, t("queue.allTitle")), all),
    );
  }

  function actions(booking) {
    const button = (action, label, className = "btn btn-secondary btn-small") => {
      const element = h("button", {
        type: "button",
        class: className,
        "aria-label": `${label} ${booking.queue_number}`,
        dataset: { action, registration: booking.registration_number },
      }, label);
      element.addEventListener("click", () => step(booking.registration_number, action, element));
      return element;
    };
    const priority = h(
      "button",
      {
        type: "button",
        class: "btn btn-secondary btn-small",
        "aria-label": `${t("priority.button")} ${booking.queue_number}`,
        dataset: { action: "priority", registration: booking.registration_number },
      },
      t("priority.button"),
    );
    priority.addEventListener("click", () => openPriority(booking));
    if (isActive(booking.status)) {
      return h("div", { class: "row-actions" }, button("check-in", t("queue.checkIn")), priority);
    }
    if (MARKABLE.has(booking.status)) return priority;
    if (booking.status === "called") {
      return h("div", { class: "row-actions" }, button("serve", t("queue.serve"), "btn btn-small"), button("no-show", t("queue.noShow")));
    }
    return "";
  }

  const refresh = h("button", { type: "button", class: "btn btn-secondary btn-small" }, t("queue.refresh"));
  refresh.addEventListener("click", () => busy(refresh, load));

  replace(
    container,
    h("div", { class: "screen-head" }, h("h1", { tabindex: "-1" }, t("queue.title")), h("p", {}, i18n.formatDate(ctx.today()), " ", updated, " ", refresh)),
    messages,
    h("div", { class: "desk-grid" }, h("div", { class: "desk-forms" }, callForm, checkInForm, priorityForm), boardSlot),
  );

  load();
  const timer = setInterval(() => {
    if (document.visibilityState === "visible") load();
  }, REFRESH_MS);
  return () => {
    clearInterval(timer);
    stopScanning();
  };
}

export default { id: "queue", title: "screen.queue", roles: ["operator", "supervisor"], render };
