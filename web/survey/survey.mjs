/**
 * The Survei Kepuasan Masyarakat a served citizen's message links to: /survey/#<token>.
 *
 * GET /surveys/{token} says the office, service and day, the nine elements of Permenpan RB
 * 14/2017 (each question with its four answers, scored 1 to 4) and whether the survey is still
 * open; the citizen answers all nine, may add a comment, and sends it once (POST). The token
 * names no booking, and nothing here asks who the citizen is. Mobile-first: one element at a
 * time down the page, each answer a large target; Bahasa Indonesia by default, English on the
 * switch (the questions come in both from the API).
 */

import { ApiError, createApi, pathOf } from "../shared/api.mjs";
import { fact, h, replace, setFieldError } from "../shared/dom.mjs";
import { createI18n } from "../shared/i18n.mjs";

const i18n = createI18n({
  id: {
    skip: "Langsung ke isi",
    site: "Antrean Disdukcapil",
    title: "Survei Kepuasan Masyarakat",
    loading: "Memuat survei…",
    anonymous:
      "Survei ini tanpa nama: jawaban Anda disimpan tanpa NIK, nama, nomor HP, e-mail, atau nomor registrasi, dan hanya ditampilkan kepada kantor sebagai rekap bersama jawaban warga lain.",
    intro: "Pilih satu jawaban untuk setiap pertanyaan (1 = paling rendah, 4 = paling baik).",
    office: "Kantor",
    service: "Layanan",
    day: "Tanggal layanan",
    closes: "Dapat diisi sampai",
    "comment.label": "Saran atau komentar (tidak wajib)",
    "comment.hint": "Paling banyak {max} karakter. Jangan menulis NIK, nomor HP, atau e-mail: akan dihapus.",
    "comment.tooLong": "Komentar terlalu panjang: paling banyak {max} karakter.",
    submit: "Kirim jawaban",
    sending: "Mengirim…",
    missing: "Pertanyaan ini belum dijawab.",
    missingAll: "Masih ada {count} pertanyaan yang belum dijawab.",
    thanks: "Terima kasih! Jawaban Anda sudah kami terima dan membantu kami memperbaiki pelayanan.",
    answered: "Survei ini sudah diisi. Terima kasih atas penilaian Anda.",
    closed: "Survei ini dapat diisi sampai {date} dan sekarang sudah ditutup.",
    notFound: "Survei tidak ditemukan. Buka tautan dari pesan yang Anda terima setelah dilayani.",
    noToken: "Tautan survei tidak lengkap. Buka tautan dari pesan yang Anda terima setelah dilayani.",
    network: "Server tidak dapat dihubungi. Periksa koneksi internet Anda lalu coba lagi.",
    failed: "Terjadi kesalahan (kode {status}). Silakan coba lagi.",
    "complaint.text": "Punya keluhan yang perlu ditindaklanjuti?",
    "complaint.link": "Sampaikan pengaduan",
    "lang.switchTo.en": "English",
    "lang.switchTo.id": "Bahasa Indonesia",
  },
  en: {
    skip: "Skip to content",
    site: "Antrean Disdukcapil",
    title: "Public Satisfaction Survey",
    loading: "Loading the survey…",
    anonymous:
      "This survey is anonymous: your answers are kept without your NIK, name, phone number, e-mail or registration number, and the office sees them only summed up with other citizens' answers.",
    intro: "Choose one answer to each question (1 = lowest, 4 = best).",
    office: "Office",
    service: "Service",
    day: "Day of the service",
    closes: "Open until",
    "comment.label": "Suggestion or comment (optional)",
    "comment.hint": "At most {max} characters. Do not write your NIK, phone number or e-mail: they are removed.",
    "comment.tooLong": "The comment is too long: at most {max} characters.",
    submit: "Send my answers",
    sending: "Sending…",
    missing: "This question has no answer yet.",
    missingAll: "{count} questions have no answer yet.",
    thanks: "Thank you! We have your answers; they help us improve the service.",
    answered: "This survey has been answered already. Thank you for your rating.",
    closed: "This survey could be answered until {date} and is now closed.",
    notFound: "There is no such survey. Open the link in the message you received after the service.",
    noToken: "The survey link is incomplete. Open the link in the message you received after the service.",
    network: "The server cannot be reached. Check your internet connection and try again.",
    failed: "Something went wrong (code {status}). Please try again.",
    "complaint.text": "A problem that needs the office to act?",
    "complaint.link": "File a complaint",
    "lang.switchTo.en": "English",
    "lang.switchTo.id": "Bahasa Indonesia",
  },
});
const { t } = i18n;
const apiBase = document.querySelector('meta[name="antrean-api"]')?.getAttribute("content") ?? "";
const api = createApi({ base: apiBase });
const $ = (id) => document.getElementById(id);
const token = decodeURIComponent(location.hash.replace(/^#/, ""));

/** The form's answers survive a language switch: element -> score. */
const chosen = new Map();
let survey = null;
/** What is on display: "form", "done" or a problem's text function. */
let shown = null;

function pick(item, field) {
  return item[`${field}_${i18n.lang}`] ?? item[`${field}_id`];
}

function dateText(iso) {
  return i18n.formatDate(iso);
}


function showProblem(text) {
  shown = text;
  $("loading").hidden = true;
  $("survey-form").hidden = true;
  $("problem").textContent = text();
  $("problem").hidden = false;
}

function renderFacts() {
  replace(
    $("facts"),
    fact(t("office"), survey.office_name),
    fact(t("service"), pick(survey, "service_name")),
    fact(t("day"), dateText(survey.day)),
    survey.state === "open" ? fact(t("closes"), dateText(survey.last_day)) : null,
  );
}

function elementItem(element, index) {
  const legendId = `q-${element.element}`;
  const choices = pick(element, "answers").map((label, position) => {
    const score = position + 1;
    return h(
      "label",
      { class: "choice survey-choice" },
      h("input", {
        type: "radio",
        name: element.element,
        value: String(score),
        checked: chosen.get(element.element) === score,
        onchange: () => {
          chosen.set(element.element, score);
          setFieldError($(legendId), null);
          $("form-error").hidden = true;
        },
      }),
      h("span", { class: "choice-body" }, h("span", { class: "choice-title" }, label), h("span", { class: "choice-detail" }, String(score))),
    );
  });
  return h(
    "li",
    { class: "card survey-element" },
    h(
      "fieldset",
      { id: legendId, "aria-describedby": `${legendId}-error` },
      h(
        "legend",
        {},
        h("span", { class: "survey-code" }, `${index + 1}. ${pick(element, "name")}`),
        h("span", { class: "survey-question" }, pick(element, "question")),
      ),
      h("div", { class: "survey-choices" }, choices),
      h("p", { class: "field-error", id: `${legendId}-error` }),
    ),
  );
}

function renderForm() {
  replace($("elements"), survey.elements.map(elementItem));
  $("comment-hint").textContent = t("comment.hint", { max: survey.comment_max });
  $("comment").maxLength = survey.comment_max;
}

function render() {
  renderLanguageSwitch();
  if (typeof shown === "function") {
    showProblem(shown);
    return;
  }
  if (!survey) return;
  $("form-error").hidden = true; // a refusal's words were in the other language: sending again says it anew
  renderFacts();
  if (shown === "form") renderForm();
  if (shown === "done") $("done-text").textContent = t("thanks");
}

function showState() {
  $("loading").hidden = true;
  $("about").hidden = false;
  $("complaint").hidden = false;
  renderFacts();
  if (survey.state === "open") {
    shown = "form";
    renderForm();
    $("survey-form").hidden = false;
  } else if (survey.state === "answered") {
    showProblem(() => t("answered"));
  } else {
    showProblem(() => t("closed", { date: dateText(survey.last_day) }));
  }
}

function errorText(error) {
  if (!(error instanceof ApiError) || error.status === 0) return () => t("network");
  if (error.code === "survey_not_found" || error.code === "invalid_request") return () => t("notFound");
  if (error.hasMessage) return () => (i18n.lang === "id" ? error.detail.message_id : error.detail.message) ?? error.message;
  return () => t("failed", { status: error.status });
}

async function load() {
  if (!/^[A-Za-z0-9_-]{22}$/.test(token)) {
    showProblem(() => t("noToken"));
    return;
  }
  try {
    survey = await api.get(pathOf("/surveys/{token}", { token }));
    showState();
  } catch (error) {
    showProblem(errorText(error));
  }
}

async function submit(event) {
  event.preventDefault();
  const formError = $("form-error");
  formError.hidden = true;
  const missing = survey.elements.filter((e) => !chosen.has(e.element));
  for (const element of missing) setFieldError($(`q-${element.element}`), () => t("missing"));
  const comment = $("comment").value.trim();
  if (comment.length > survey.comment_max) {
    setFieldError($("comment"), () => t("comment.tooLong", { max: survey.comment_max }));
    $("comment").focus();
    return;
  }
  if (missing.length) {
    formError.textContent = t("missingAll", { count: missing.length });
    formError.hidden = false;
    $(`q-${missing[0].element}`).querySelector("input").focus();
    return;
  }
  const button = $("submit");
  button.disabled = true;
  button.textContent = t("sending");
  try {
    const answers = Object.fromEntries(survey.elements.map((e) => [e.element, chosen.get(e.element)]));
    await api.post(pathOf("/surveys/{token}", { token }), { answers, ...(comment ? { comment } : {}) });
    shown = "done";
    $("survey-form").hidden = true;
    $("done-text").textContent = t("thanks");
    $("done").hidden = false;
    $("done").focus?.();
  } catch (error) {
    if (error instanceof ApiError && (error.code === "survey_answered" || error.code === "survey_closed")) {
      survey = { ...survey, state: error.code === "survey_answered" ? "answered" : "closed" };
      showState();
      return;
    }
    const text = errorText(error);
    formError.textContent = text();
    formError.hidden = false;
  } finally {
    button.disabled = false;
    button.textContent = t("submit");
  }
}

function renderLanguageSwitch() {
  const button = $("lang-switch");
  const other = i18n.lang === "id" ? "en" : "id";
  button.lang = other;
  button.textContent = t(`lang.switchTo.${other}`);
  button.dataset.lang = other;
}

function start() {
  i18n.apply(document);
  document.title = `${t("title")} · Antrean`;
  renderLanguageSwitch();
  $("lang-switch").addEventListener("click", () => {
    i18n.setLang($("lang-switch").dataset.lang);
    document.title = `${t("title")} · Antrean`;
    render();
    $("lang-switch").focus();
  });
  $("survey-form").addEventListener("submit", submit);
  $("comment").addEventListener("input", () => setFieldError($("comment"), null));
  load().finally(() => {
    document.body.dataset.ready = "true"; // for tests and for styles that wait for the script
  });
}

start();
