/**
 * The now-serving screen's spoken calls: a short chime (Web Audio, no file) and the browser's own
 * speech synthesis (no external service), one call after the other.
 *
 *   const calls = createSpokenCalls({ lang: "id", onBlocked: (blocked) => ... });
 *   calls.say([{ counter: 2, number: "A-007" }]);  // "Nomor antrean A nol nol tujuh, silakan ke loket dua"
 *   calls.enabled = false;                         // silent (what is queued is dropped)
 *   calls.allow();                                 // from a click: lets a blocked browser play sound
 *
 * Calls that arrive together are queued and each is spoken once, in the order given: the next one
 * starts on the previous utterance's `end` (or `error`), never by cancelling one still pending.
 */

const DIGITS = {
  id: ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"],
  en: ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"],
};
const EN_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
const EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
const SPEECH_LANG = { id: "id-ID", en: "en-US" };
const SENTENCE = {
  id: (number, counter) => `Nomor antrean ${number}, silakan ke loket ${counter}`,
  en: (number, counter) => `Queue number ${number}, please go to counter ${counter}`,
};
/** The chime's two notes (a falling "ding-dong"), then a breath before the words. */
const CHIME = [
  { hz: 880, at: 0, seconds: 0.35 },
  { hz: 659.25, at: 0.3, seconds: 0.5 },
];
const CHIME_MS = 900;
/** A voice that never reports its end (a known Chrome fault) must not silence the screen. */
const UTTERANCE_TIMEOUT_MS = 15000;

/** A queue number read character by character: "A-007" -> "A nol nol tujuh" (id). */
export function spokenNumber(number, lang) {
  return [...String(number).toUpperCase()]
    .map((char) => (/\d/.test(char) ? DIGITS[lang][Number(char)] : /\p{L}/u.test(char) ? char : null))
    .filter(Boolean)
    .join(" ");
}

/** A counter's name in words: 2 -> "dua", 12 -> "dua belas", 21 -> "twenty-one" (to 99, then digits). */
export function spokenCounter(counter, lang) {
  const n = Number(counter);
  if (!Number.isInteger(n) || n < 0 || n > 99) return String(counter);
  const [tens, ones] = [Math.floor(n / 10), n % 10];
  if (lang === "en") {
    if (n < 10) return DIGITS.en[n];
    if (n < 20) return EN_TEENS[ones];
    return ones ? `${EN_TENS[tens]}-${DIGITS.en[ones]}` : EN_TENS[tens];
  }
  const words = DIGITS.id;
  if (n < 10) return words[n];
  if (n === 10) return "sepuluh";
  if (n === 11) return "sebelas";
  if (n < 20) return `${words[ones]} belas`;
  const tensWord = `${words[tens]} puluh`;
  return ones ? `${tensWord} ${words[ones]}` : tensWord;
}

/** The sentence said for one call, in "id" or "en". */
export function callText({ counter, number }, lang) {
  return SENTENCE[lang](spokenNumber(number, lang), spokenCounter(counter, lang));
}

/**
 * @param {{lang: "id"|"en", onBlocked?: (blocked: boolean) => void}} options
 *   onBlocked(true) while the browser keeps sound from playing until someone clicks.
 */
export function createSpokenCalls({ lang, onBlocked = () => {} }) {
  const synth = globalThis.speechSynthesis;
  const AudioContextType = globalThis.AudioContext ?? globalThis.webkitAudioContext;
  const audio = AudioContextType ? new AudioContextType() : null;
  const pending = [];
  let enabled = true;
  let busy = false;
  /** Held while speaking: an utterance no script refers to may be collected before its `end`. */
  let current = null;

  const blocked = () => audio?.state === "suspended";
  if (audio) audio.addEventListener("statechange", () => onBlocked(blocked()));
  onBlocked(blocked());

  function chime() {
    if (!audio || audio.state !== "running") return 0;
    const start = audio.currentTime + 0.05;
    for (const { hz, at, seconds } of CHIME) {
      const tone = audio.createOscillator();
      const volume = audio.createGain();
      tone.frequency.value = hz;
      volume.gain.setValueAtTime(0.0001, start + at);
      volume.gain.exponentialRampToValueAtTime(0.3, start + at + 0.02);
      volume.gain.exponentialRampToValueAtTime(0.0001, start + at + seconds);
      tone.connect(volume).connect(audio.destination);
      tone.start(start + at);
      tone.stop(start + at + seconds);
    }
    return CHIME_MS;
  }

  function voiceFor(tag) {
    const voices = synth.getVoices?.() ?? [];
    const language = tag.split("-")[0];
    return voices.find((v) => v.lang === tag) ?? voices.find((v) => v.lang?.split(/[-_]/)[0] === language) ?? null;
  }

  function speak(text, done) {
    if (!synth) {
      done();
      return;
    }
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = SPEECH_LANG[lang];
    const voice = voiceFor(utterance.lang);
    if (voice) utterance.voice = voice;
    utterance.rate = 0.9; // a large room echoes
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(watchdog);
      current = null;
      done();
    };
    const watchdog = setTimeout(finish, UTTERANCE_TIMEOUT_MS);
    utterance.addEventListener("end", finish);
    utterance.addEventListener("error", (event) => {
      if (event.error === "not-allowed") onBlocked(true); // speech, too, waits for a click
      finish();
    });
    current = utterance;
    synth.speak(utterance);
  }

  function next() {
    if (busy || !enabled || !pending.length) return;
    busy = true;
    const call = pending.shift();
    setTimeout(
      () =>
        speak(callText(call, lang), () => {
          busy = false;
          next();
        }),
      chime(),
    );
  }

  return {
    /** Queue these calls, in this order, after any still to be said. */
    say(calls) {
      if (!enabled) return;
      pending.push(...calls);
      next();
    },
    get enabled() {
      return enabled;
    },
    set enabled(value) {
      enabled = Boolean(value);
      if (!enabled) pending.length = 0; // the one being said ends by itself; nothing after it
    },
    /** From a click (a user activation): resume the audio the browser suspended. */
    async allow() {
      await audio?.resume();
      onBlocked(blocked());
    },
  };
}
