/**
 * Step 4 of booking: the citizen's NIK, name, phone, and SMS or e-mail for the messages. A session
 * with only priority places left goes on for a citizen of 60 or over by the NIK (./priority.mjs).
 */

import { clearFieldErrors, setFieldError } from "../../shared/dom.mjs";
import { readNik } from "../forms.mjs";
import { $, t } from "../page.mjs";
import { sessionOf } from "./day.mjs";
import { defineStep, go, state } from "./flow.mjs";
import { personProblem } from "./priority.mjs";

function selectedChannel() {
  return $("step-person").querySelector('input[name="channel"]:checked')?.value ?? "sms";
}

function syncEmailField() {
  const email = selectedChannel() === "email";
  $("email-field").hidden = !email;
  $("email").disabled = !email;
}

/** An Indonesian mobile number as typed: 08..., 628... or +628..., 10 to 14 digits. */
function phoneProblem(phone) {
  if (!phone) return "phone.required";
  const compact = phone.replace(/[\s().-]/g, "");
  if (!/^(\+62|62|0)8\d{7,12}$/.test(compact)) return "phone.invalid";
  return null;
}

function submitPerson(event) {
  event.preventDefault();
  const form = $("step-person");
  clearFieldErrors(form);
  const invalid = [];
  const nik = readNik($("nik"));
  if (!nik) invalid.push($("nik"));
  const onlyPriority = nik && personProblem(sessionOf(state.session), state.priority, nik, state.date);
  if (onlyPriority) {
    setFieldError($("nik"), () => t(onlyPriority));
    invalid.push($("nik"));
  }
  const name = $("name").value.trim().replace(/\s+/g, " ");
  if (!name) {
    setFieldError($("name"), () => t("name.required"));
    invalid.push($("name"));
  }
  const phone = $("phone").value.trim();
  const phoneIssue = phoneProblem(phone);
  if (phoneIssue) {
    setFieldError($("phone"), () => t(phoneIssue));
    invalid.push($("phone"));
  }
  const channel = selectedChannel();
  const email = $("email").value.trim();
  if (channel === "email" && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    setFieldError($("email"), () => t(email ? "email.invalid" : "email.required"));
    invalid.push($("email"));
  }
  if (invalid.length) {
    invalid[0].focus();
    return;
  }
  state.person = { nik, name, phone, channel, ...(channel === "email" ? { email } : {}) };
  go("confirm");
}

export function init() {
  $("step-person").addEventListener("submit", submitPerson);
  for (const radio of document.querySelectorAll('#step-person input[name="channel"]')) {
    radio.addEventListener("change", syncEmailField);
  }
  // Nothing on this step is written by the script in a language: the markup's texts follow it.
  defineStep("person", { enter: syncEmailField, render: () => {} });
}
