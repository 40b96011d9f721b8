/**
 * The office's configuration (supervisor): GET config, edit, PUT with the version read. A quota
 * below what opened days already hold is refused with the numbers (date, session, booked, new
 * capacity), shown as a table; a change made meanwhile by someone else is refused too, with a
 * reload. Closures: the list, and closing a day (its bookings move to later days).
 */

import { h, replace } from "../../../shared/dom.mjs";
import { busy, field, group, notice, table } from "../ui.mjs";
import { describeError, hhmm } from "../util.mjs";

const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const SERVICES = ["kk", "ktp_el", "pindah_datang", "kia", "akta_kelahiran", "akta_kematian"];

const numberInput = (value, { min, max, required = true } = {}) =>
  h("input", { type: "number", inputmode: "numeric", min, max, step: 1, required, value: value ?? "" });
const textInput = (value, maxlength) => h("input", { type: "text", maxlength, value: value ?? "" });
const timeInput = (value, label) => h("input", { type: "time", value: hhmm(value), "aria-label": label, required: true });
const checkbox = (checked) => h("input", { type: "checkbox", checked: Boolean(checked) });
const optionalNumber = (input) => (input.value === "" ? null : Number(input.value));

function checkboxField(input, label) {
  return h("label", { class: "choice" }, input, h("span", { class: "choice-body" }, h("span", { class: "choice-title" }, label)));
}

function render(ctx, container) {
  const { api, t, i18n, path } = ctx;
  const messages = h("div", { class: "messages" });
  const body = h("div", {}, h("p", { class: "hint" }, t("loading")));

  async function load() {
    try {
      replace(body, form(await api.get(path("/config"))));
    } catch (error) {
      replace(messages, notice("error", describeError(error, i18n)));
    }
  }

  function refused(error) {
    const conflicts = Array.isArray(error.detail?.conflicts) ? error.detail.conflicts : [];
    const reload = h("button", { type: "button", class: "btn btn-secondary btn-small" }, t("config.reload"));
    reload.addEventListener("click", () => {
      replace(messages);
      busy(reload, load);
    });
    return notice(
      "error",
      h("p", {}, describeError(error, i18n)),
      conflicts.length
        ? table({
            caption: t("config.conflicts"),
            head: [t("config.conflictDate"), t("config.conflictSession"), t("config.conflictBooked"), t("config.conflictCapacity")],
            rows: conflicts.map((c) => [i18n.formatDate(c.date), c.session, String(c.booked), String(c.new_capacity)]),
            className: "data conflicts",
          })
        : null,
      error.code === "config_changed" ? h("p", {}, reload) : null,
    );
  }

  function form(view) {
    const config = view.config;
    const inputs = {
      name: textInput(config.name, 120),
      region: textInput(config.region, 120),
      address: textInput(config.address, 300),
      booking_window_days: numberInput(config.booking_window_days, { min: 1, max: 90 }),
      daily_quota: numberInput(config.daily_quota, { min: 1, max: 5000 }),
      priority_share_percent: numberInput(config.priority_share_percent ?? 0, { min: 0, max: 50 }),
      priority_after: numberInput(config.priority_after ?? 0, { min: 0, max: 20 }),
      priority_release_days_before: numberInput(config.priority_release_days_before ?? 1, { min: 0, max: 7 }),
      priority_release_time: timeInput(config.priority_release_time ?? "18:00", t("config.priorityReleaseTime")),
      walk_in_cap: numberInput(config.walk_in_cap, { min: 0, max: 5000 }),
      recall_after: numberInput(config.recall_after, { min: 1, max: 100, required: false }),
      opening_lottery_minutes: numberInput(config.opening_lottery_minutes, { min: 1, max: 60, required: false }),
      challenge_cost: numberInput(config.challenge_cost ?? 500, { min: 0, max: 20000 }),
      challenge_cost_opening: numberInput(config.challenge_cost_opening, { min: 0, max: 20000, required: false }),
      reopen_delay_min_minutes: numberInput(config.reopen_delay_min_minutes ?? 0, { min: 0, max: 240 }),
      reopen_delay_max_minutes: numberInput(config.reopen_delay_max_minutes ?? 0, { min: 0, max: 240 }),
      no_show_limit: numberInput(config.no_show_limit, { min: 1, max: 20, required: false }),
      no_show_block_days: numberInput(config.no_show_block_days ?? 30, { min: 1, max: 365 }),
      phone_verification: checkbox(config.phone_verification ?? false),
      verification_codes_per_day: numberInput(config.verification_codes_per_day ?? 500, { min: 1, max: 100000 }),
      survey_days: numberInput(config.survey_days, { min: 1, max: 60 }),
      survey_min_responses: numberInput(config.survey_min_responses, { min: 1, max: 100 }),
      turn_soon_before: numberInput(config.turn_soon_before ?? 5, { min: 0, max: 50 }),
      turn_soon_lead_minutes: numberInput(config.turn_soon_lead_minutes ?? 30, { min: 0, max: 240 }),
      turn_soon_minutes: numberInput(config.turn_soon_minutes, { min: 1, max: 120, required: false }),
      estimate_window_days: numberInput(config.estimate_window_days ?? 28, { min: 7, max: 90 }),
      reschedule_until_days_before: numberInput(config.reschedule_until_days_before, { min: 0, max: 30 }),
      max_moves: numberInput(config.max_moves, { min: 0, max: 10 }),
      release_unclaimed: checkbox(config.release_unclaimed),
      observe_cuti_bersama: checkbox(config.observe_cuti_bersama),
      staff_mfa_required: checkbox(config.staff_mfa_required),
      upload_min_bytes: numberInput(config.upload_min_bytes, { min: 1, max: 1048576 }),
      upload_max_bytes: numberInput(config.upload_max_bytes, { min: 1024, max: 20971520 }),
    };
    const sessions = config.sessions.map((s) => ({
      code: s.code,
      start: timeInput(s.start, t("config.sessionStart", { session: s.code })),
      end: timeInput(s.end, t("config.sessionEnd", { session: s.code })),
      capacity: h("input", {
        type: "number",
        min: 1,
        max: 2000,
        value: s.capacity ?? "",
        "aria-label": t("config.sessionCapacity", { session: s.code }),
      }),
    }));
    const hours = WEEKDAYS.map((day) => {
      const set = config.opening_hours[day];
      const open = checkbox(Boolean(set));
      open.setAttribute("aria-label", t("config.openOn", { day: t(`weekday.${day}`) }));
      return {
        day,
        open,
        from: timeInput(set?.open ?? "08:00", t("config.opensAt", { day: t(`weekday.${day}`) })),
        to: timeInput(set?.close ?? "12:00", t("config.closesAt", { day: t(`weekday.${day}`) })),
      };
    });
    const walkInHours = {
      set: checkbox(Boolean(config.walk_in_hours)),
      from: timeInput(config.walk_in_hours?.open ?? "07:00", t("config.walkInFrom")),
      to: timeInput(config.walk_in_hours?.close ?? "12:00", t("config.walkInTo")),
    };
    const services = SERVICES.map((code) => ({ code, input: checkbox(config.services.includes(code)) }));
    const quotas = config.service_quotas
      ? Object.entries(config.service_quotas).map(([code, value]) => ({
          code,
          input: h("input", { type: "number", min: 0, value, "aria-label": t("config.serviceQuotaOf", { service: t(`service.${code}`) }) }),
        }))
      : [];

    function edited() {
      return {
        ...config,
        name: inputs.name.value.trim(),
        region: inputs.region.value.trim(),
        address: inputs.address.value.trim(),
        booking_window_days: Number(inputs.booking_window_days.value),
        daily_quota: Number(inputs.daily_quota.value),
        priority_share_percent: Number(inputs.priority_share_percent.value),
        priority_after: Number(inputs.priority_after.value),
        priority_release_days_before: Number(inputs.priority_release_days_before.value),
        priority_release_time: inputs.priority_release_time.value,
        walk_in_cap: Number(inputs.walk_in_cap.value),
        recall_after: optionalNumber(inputs.recall_after),
        opening_lottery_minutes: optionalNumber(inputs.opening_lottery_minutes),
        challenge_cost: Number(inputs.challenge_cost.value),
        challenge_cost_opening: optionalNumber(inputs.challenge_cost_opening),
        reopen_delay_min_minutes: Number(inputs.reopen_delay_min_minutes.value),
        reopen_delay_max_minutes: Number(inputs.reopen_delay_max_minutes.value),
        no_show_limit: optionalNumber(inputs.no_show_limit),
        no_show_block_days: Number(inputs.no_show_block_days.value),
        phone_verification: inputs.phone_verification.checked,
        verification_codes_per_day: Number(inputs.verification_codes_per_day.value),
        survey_days: Number(inputs.survey_days.value),
        survey_min_responses: Number(inputs.survey_min_responses.value),
        turn_soon_before: Number(inputs.turn_soon_before.value),
        turn_soon_lead_minutes: Number(inputs.turn_soon_lead_minutes.value),
        turn_soon_minutes: optionalNumber(inputs.turn_soon_minutes),
        estimate_window_days: Number(inputs.estimate_window_days.value),
        reschedule_until_days_before: Number(inputs.reschedule_until_days_before.value),
        max_moves: Number(inputs.max_moves.value),
        release_unclaimed: inputs.release_unclaimed.checked,
        observe_cuti_bersama: inputs.observe_cuti_bersama.checked,
        staff_mfa_required: inputs.staff_mfa_required.checked,
        upload_min_bytes: Number(inputs.upload_min_bytes.value),
        upload_max_bytes: Number(inputs.upload_max_bytes.value),
        sessions: sessions.map((s) => ({ code: s.code, start: s.start.value, end: s.end.value, capacity: optionalNumber(s.capacity) })),
        opening_hours: Object.fromEntries(hours.filter((d) => d.open.checked).map((d) => [d.day, { open: d.from.value, close: d.to.value }])),
        walk_in_hours: walkInHours.set.checked ? { open: walkInHours.from.value, close: walkInHours.to.value } : null,
        services: services.filter((s) => s.input.checked).map((s) => s.code),
        service_quotas: quotas.length ? Object.fromEntries(quotas.map((q) => [q.code, Number(q.input.value)])) : null,
      };
    }

    const save = h("button", { type: "submit", class: "btn" }, t("config.save"));
    const element = h(
      "form",
      {
        class: "stack config-form",
        novalidate: true,
        onsubmit: async (event) => {
          event.preventDefault();
          replace(messages);
          await busy(save, async () => {
            try {
              const saved = await api.put(path("/config"), { version: view.version, config: edited() });
              const text = t("config.saved", { version: saved.version });
              replace(body, form(saved));
              replace(messages, notice("success", text));
              ctx.announce(text);
            } catch (error) {
              replace(messages, refused(error));
              messages.scrollIntoView({ block: "nearest" });
            }
          });
        },
      },
      h("p", {}, t("config.version", { version: view.version }), " · ", t("config.timezone", { timezone: config.timezone })),
      group(
        t("config.general"),
        h("div", { class: "form-grid" },
          field({ label: t("config.name"), input: inputs.name }),
          field({ label: t("config.region"), input: inputs.region }),
          field({ label: t("config.address"), input: inputs.address }),
        ),
      ),
      group(
        t("config.quota"),
        h("div", { class: "form-grid" },
          field({ label: t("config.dailyQuota"), hint: t("config.dailyQuotaHint"), input: inputs.daily_quota }),
          field({ label: t("config.window"), hint: t("config.windowHint"), input: inputs.booking_window_days }),
        ),
        quotas.length
          ? h("div", { class: "form-grid" }, h("p", { class: "field-label" }, t("config.serviceQuotas")), quotas.map((q) => field({ label: t(`service.${q.code}`), input: q.input })))
          : null,
        table({
          caption: t("config.sessions"),
          head: [t("config.session"), t("config.start"), t("config.end"), t("config.capacity")],
          rows: sessions.map((s) => [h("strong", {}, s.code), s.start, s.end, s.capacity]),
        }),
        h("p", { class: "hint" }, t("config.capacityHint")),
      ),
      group(
        t("config.priority"),
        h("p", { class: "hint" }, t("config.priorityIntro")),
        h("div", { class: "form-grid" },
          field({ label: t("config.priorityShare"), hint: t("config.priorityShareHint"), input: inputs.priority_share_percent }),
          field({ label: t("config.priorityAfter"), hint: t("config.priorityAfterHint"), input: inputs.priority_after }),
          field({ label: t("config.priorityReleaseDays"), hint: t("config.priorityReleaseDaysHint"), input: inputs.priority_release_days_before }),
          field({ label: t("config.priorityReleaseTime"), hint: t("config.priorityReleaseTimeHint"), input: inputs.priority_release_time }),
        ),
      ),
      group(
        t("config.lottery"),
        h("p", { class: "hint" }, t("config.lotteryIntro")),
        h("div", { class: "form-grid" },
          field({ label: t("config.lotteryMinutes"), hint: t("config.lotteryMinutesHint"), input: inputs.opening_lottery_minutes }),
        ),
      ),
      group(
        t("config.pow"),
        h("p", { class: "hint" }, t("config.powIntro")),
        h("div", { class: "form-grid" },
          field({ label: t("config.powCost"), hint: t("config.powCostHint"), input: inputs.challenge_cost }),
          field({ label: t("config.powOpening"), hint: t("config.powOpeningHint"), input: inputs.challenge_cost_opening }),
        ),
      ),
      group(
        t("config.reopen"),
        h("p", { class: "hint" }, t("config.reopenIntro")),
        h("div", { class: "form-grid" },
          field({ label: t("config.reopenMin"), hint: t("config.reopenHint"), input: inputs.reopen_delay_min_minutes }),
          field({ label: t("config.reopenMax"), input: inputs.reopen_delay_max_minutes }),
        ),
      ),
      group(
        t("config.noShow"),
        h("p", { class: "hint" }, t("config.noShowIntro")),
        h("div", { class: "form-grid" },
          field({ label: t("config.noShowLimit"), hint: t("config.noShowLimitHint"), input: inputs.no_show_limit }),
          field({ label: t("config.noShowDays"), hint: t("config.noShowDaysHint"), input: inputs.no_show_block_days }),
        ),
      ),
      group(
        t("config.phoneVerification"),
        h("p", { class: "hint" }, t("config.phoneVerificationIntro")),
        checkboxField(inputs.phone_verification, t("config.phoneVerificationOn")),
        h("div", { class: "form-grid" },
          field({ label: t("config.codesPerDay"), hint: t("config.codesPerDayHint"), input: inputs.verification_codes_per_day }),
        ),
      ),
      group(
        t("config.reschedule"),
        h("div", { class: "form-grid" },
          field({ label: t("config.rescheduleUntil"), hint: t("config.rescheduleUntilHint"), input: inputs.reschedule_until_days_before }),
          field({ label: t("config.maxMoves"), hint: t("config.maxMovesHint"), input: inputs.max_moves }),
        ),
      ),
      group(
        t("config.survey"),
        h("div", { class: "form-grid" },
          field({ label: t("config.surveyDays"), hint: t("config.surveyDaysHint"), input: inputs.survey_days }),
          field({ label: t("config.surveyMin"), hint: t("config.surveyMinHint"), input: inputs.survey_min_responses }),
        ),
      ),
      group(
        t("config.turnSoon"),
        h("div", { class: "form-grid" },
          field({ label: t("config.turnSoonBefore"), hint: t("config.turnSoonBeforeHint"), input: inputs.turn_soon_before }),
          field({ label: t("config.turnSoonLead"), hint: t("config.turnSoonLeadHint"), input: inputs.turn_soon_lead_minutes }),
          field({ label: t("config.turnSoonMinutes"), hint: t("config.turnSoonMinutesHint"), input: inputs.turn_soon_minutes }),
          field({ label: t("config.estimateWindow"), hint: t("config.estimateWindowHint"), input: inputs.estimate_window_days }),
        ),
      ),
      group(
        t("config.hours"),
        table({
          head: [t("config.day"), t("config.open"), t("config.from"), t("config.to")],
          rows: hours.map((d) => [t(`weekday.${d.day}`), d.open, d.from, d.to]),
        }),
        checkboxField(inputs.observe_cuti_bersama, t("config.cutiBersama")),
      ),
      group(
        t("config.walkIns"),
        h("div", { class: "form-grid" },
          field({ label: t("config.walkInCap"), hint: t("config.walkInCapHint"), input: inputs.walk_in_cap }),
          field({ label: t("config.recallAfter"), hint: t("config.recallAfterHint"), input: inputs.recall_after }),
        ),
        checkboxField(walkInHours.set, t("config.walkInHours")),
        h("div", { class: "form-grid" }, field({ label: t("config.walkInFrom"), input: walkInHours.from }), field({ label: t("config.walkInTo"), input: walkInHours.to })),
        checkboxField(inputs.release_unclaimed, t("config.releaseUnclaimed")),
      ),
      group(
        t("config.staffSignIn"),
        checkboxField(inputs.staff_mfa_required, t("config.staffMfaRequired")),
        h("p", { class: "hint" }, t("config.staffMfaHint")),
      ),
      group(
        t("config.services"),
        h("div", { class: "choices" }, services.map((s) => checkboxField(s.input, t(`service.${s.code}`)))),
        h("div", { class: "form-grid" },
          field({ label: t("config.uploadMin"), hint: t("config.bytesHint"), input: inputs.upload_min_bytes }),
          field({ label: t("config.uploadMax"), hint: t("config.bytesHint"), input: inputs.upload_max_bytes }),
        ),
      ),
      h("div", { class: "actions" }, save),
    );
    return h("div", { class: "stack" }, element, closures(view));
  }

  function closures(view) {
    const date = h("input", { type: "date", required: true, min: ctx.today() });
    const reason = h("input", { type: "text", maxlength: 200, required: true });
    const close = h("button", { type: "submit", class: "btn btn-danger" }, t("closure.add"));
    return h(
      "section",
      { class: "card", "aria-labelledby": "closures-title" },
      h("h2", { id: "closures-title" }, t("closure.title")),
      view.closures.length
        ? table({
            head: [t("closure.date"), t("closure.reason")],
            rows: view.closures.map((c) => [i18n.formatDate(c.date), c.reason]),
          })
        : h("p", { class: "hint" }, t("closure.none")),
      h(
        "form",
        {
          novalidate: true,
          onsubmit: async (event) => {
            event.preventDefault();
            if (!date.value || !reason.value.trim()) {
              replace(messages, notice("error", t("closure.missing")));
              return;
            }
            if (!window.confirm(t("closure.confirm", { date: i18n.formatDate(date.value) }))) return;
            await busy(close, async () => {
              try {
                const result = await api.post(path("/closures"), { date: date.value, reason: reason.value.trim() });
                const text = t("closure.done", { date: i18n.formatDate(result.date), moved: result.moved, withdrawn: result.withdrawn });
                await load();
                replace(messages, notice("success", text));
                ctx.announce(text);
              } catch (error) {
                replace(messages, refused(error));
              }
            });
          },
        },
        h("div", { class: "form-grid" }, field({ label: t("closure.date"), input: date }), field({ label: t("closure.reason"), hint: t("closure.reasonHint"), input: reason })),
        h("p", { class: "hint" }, t("closure.hint")),
        h("div", { class: "actions" }, close),
      ),
    );
  }

  replace(
    container,
    h("div", { class: "screen-head" }, h("h1", { tabindex: "-1" }, t("config.title")), h("p", { class: "hint" }, t("config.intro"))),
    messages,
    body,
  );
  load();
}

export default { id: "config", title: "screen.config", roles: ["supervisor"], render };
