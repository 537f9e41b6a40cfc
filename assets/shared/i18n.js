// Shared by every Shamil screen: the two languages, Arabic first.
//
//   i18n.add({ar: {key: "…"}, en: {key: "…"}})   each screen adds its strings
//   i18n.t("key", {n: 3})                          the string in the current language
//   i18n.t("key", {n: 3}, "en")                    the string in a given language
//   i18n.set("en")                                 switch; sets <html lang dir>
//   i18n.apply(root)                               fills [data-i18n] elements
//
// Elements with data-i18n="key" get their text from the dictionary; with
// data-i18n-attr="placeholder:key" an attribute instead.
(function (global) {
  "use strict";
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

  // Dates and times in Asia/Riyadh (or the branch's zone) with Western digits.
  function time(iso, zone, opts) {
    const d = iso instanceof Date ? iso : new Date(iso);
    return new Intl.DateTimeFormat(lang === "ar" ? "ar-SA-u-nu-latn-ca-gregory" : "en-GB", {
      timeZone: zone || "Asia/Riyadh",
      ...(opts || { hour: "2-digit", minute: "2-digit" }),
    }).format(d);
  }

  global.i18n = {
    add, t, pick, apply, set, time,
    get lang() { return lang; },
    onChange(f) { listeners.push(f); },
  };
})(window);
