// Shared by every Shamil screen: the two languages, Arabic first, with the
// words every page shares (words.js) already added.
//
//   import { i18n } from "../shared/i18n.js";
//   i18n.add({ar: {key: "…"}, en: {key: "…"}})   each screen adds its strings
//   i18n.t("key", {n: 3})                          the string in the current language
//   i18n.t("key", {n: 3}, "en")                    the string in a given language
//   i18n.set("en")                                 switch; sets <html lang dir>
//   i18n.apply(root)                               fills [data-i18n] elements
//   i18n.duration(seconds, {seconds})              "1 س 16 د", "2 س", "16 د" ("16 د 5 ث"); "1 h 16 min" in English
//
// Elements with data-i18n="key" get their text from the dictionary; with
// data-i18n-attr="placeholder:key" an attribute instead.
import { words } from "./words.js";

const dict = { ar: {}, en: {} };
let lang = "ar";
const listeners = [];

function add(strings) {
  for (const l of Object.keys(dict)) Object.assign(dict[l], strings[l] || {});
}

// t looks a key up in the current language (or in l), then in the other
// one, and fills {name} placeholders from vars.
function t(key, vars, l) {
  l = dict[l] ? l : lang;
  let s = dict[l][key] ?? dict[l === "ar" ? "en" : "ar"][key] ?? key;
  for (const [k, v] of Object.entries(vars || {})) s = s.replaceAll("{" + k + "}", String(v));
  return s;
}

// pick chooses the current language's side of a {ar, en} text from the hub.
function pick(text) {
  if (!text) return "";
  return text[lang] || text.ar || text.en || "";
}

function apply(root) {
  (root || document).querySelectorAll("[data-i18n]").forEach((el) => {
    el.textContent = t(el.dataset.i18n);
  });
  (root || document).querySelectorAll("[data-i18n-attr]").forEach((el) => {
    for (const pair of el.dataset.i18nAttr.split(",")) {
      const [attr, key] = pair.split(":");
      el.setAttribute(attr.trim(), t(key.trim()));
    }
  });
}

function set(l) {
  if (!dict[l]) return;
  lang = l;
  document.documentElement.lang = l;
  document.documentElement.dir = l === "ar" ? "rtl" : "ltr";
  apply();
  listeners.forEach((f) => f(l));
}

add(words);

// The words of durations, in both languages, for every screen.
add({
  ar: { dur_h: "{h} س", dur_hm: "{h} س {m} د", dur_m: "{m} د", dur_ms: "{m} د {s} ث", dur_s: "{s} ث", dur_d: "{d} ي", dur_dh: "{d} ي {h} س" },
  en: { dur_h: "{h} h", dur_hm: "{h} h {m} min", dur_m: "{m} min", dur_ms: "{m} min {s} s", dur_s: "{s} s", dur_d: "{d} d", dur_dh: "{d} d {h} h" },
});

// isolate keeps an Arabic duration in right-to-left order ("1 س 16 د"
// read from the right) whatever the text or element around it.
const isolate = (s) => (lang === "ar" ? "\u2067" + s + "\u2069" : s);

// duration is seconds in hours and minutes (whole hours without "0 min";
// seconds under a minute, or under an hour with opts.seconds, as the
// dashboard's averages), in the page's language.
function duration(seconds, opts) {
  const s = Math.floor(Math.abs(seconds));
  if (s < 60) return isolate(t("dur_s", { s }));
  const m = Math.floor(s / 60);
  if (m < 60) return isolate(opts && opts.seconds && s % 60 ? t("dur_ms", { m, s: s % 60 }) : t("dur_m", { m }));
  const h = Math.floor(m / 60);
  return isolate(m % 60 ? t("dur_hm", { h, m: m % 60 }) : t("dur_h", { h }));
}

// age is a long duration (a case's) in days and hours.
function age(seconds) {
  const h = Math.floor(Math.abs(seconds) / 3600);
  if (h < 24) return isolate(t("dur_h", { h }));
  const d = Math.floor(h / 24);
  return isolate(h % 24 ? t("dur_dh", { d, h: h % 24 }) : t("dur_d", { d }));
}

// Dates and times in Asia/Riyadh (or the branch's zone) with Western digits.
function time(iso, zone, opts) {
  const d = iso instanceof Date ? iso : new Date(iso);
  return new Intl.DateTimeFormat(lang === "ar" ? "ar-SA-u-nu-latn-ca-gregory" : "en-GB", {
    timeZone: zone || "Asia/Riyadh",
    ...(opts || { hour: "2-digit", minute: "2-digit" }),
  }).format(d);
}

export const i18n = {
  add, t, pick, apply, set, time, duration, age,
  get lang() { return lang; },
  onChange(f) { listeners.push(f); },
};
