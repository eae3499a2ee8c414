// What the practice tools keep in the browser, in one place: localStorage only, no account,
// no request anywhere. Every key starts with "mlsd:" so that export and import (quiz page)
// carry all of it and nothing else:
//   mlsd:quiz              the quiz: each card's Leitner box and due time, the chosen filter
//   mlsd:studied           pages marked as studied: { "case-studies/chatbot/": "2026-12-01", ... }
//   mlsd:checklist:<page>  the ticked items of a page's task lists
//   mlsd:clock             the interview clock: length, prompt, time used, running or not
// Loaded before the other practice scripts (mkdocs.yml, extra_javascript).
window.guidePractice = (() => {
  const PREFIX = "mlsd:";
  const FORMAT = "ml-system-design-guide-progress";
  // The site's root, from this script's own address (assets/javascripts/practice-store.js):
  // right on every page, however deep, and after instant navigation.
  const base = new URL("../../", document.currentScript.src);

  const get = (key, fallback) => {
    try {
      const raw = localStorage.getItem(PREFIX + key);
      return raw === null ? fallback : JSON.parse(raw);
    } catch (error) {
      return fallback;
    }
  };
  const set = (key, value) => {
    try {
      localStorage.setItem(PREFIX + key, JSON.stringify(value));
    } catch (error) {
      // storage full or disabled (private mode): the tools still work for this visit
    }
  };
  const remove = (key) => localStorage.removeItem(PREFIX + key);

  // The page's address relative to the site root: "case-studies/chatbot/".
  const pageKey = (href = location.href) => {
    const path = new URL(href, location.href).pathname;
    return path.startsWith(base.pathname) ? path.slice(base.pathname.length) : path;
  };

  const exportAll = () => {
    const data = {};
    for (let i = 0; i < localStorage.length; i += 1) {
      const key = localStorage.key(i);
      if (key.startsWith(PREFIX)) data[key.slice(PREFIX.length)] = get(key.slice(PREFIX.length));
    }
    return { format: FORMAT, version: 1, exported: new Date().toISOString(), data };
  };
  const importAll = (file) => {
    if (!file || file.format !== FORMAT || typeof file.data !== "object" || file.data === null) {
      throw new Error("not a progress file exported from this guide");
    }
    for (const [key, value] of Object.entries(file.data)) set(key, value);
    return Object.keys(file.data).length;
  };

  const loadJSON = (path) =>
    fetch(new URL(path, base)).then((response) => {
      if (!response.ok) throw new Error(`${path}: ${response.status}`);
      return response.json();
    });

  // Elements built by the scripts, without inline styles or handlers (the site's CSP).
  const el = (tag, attributes = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (name === "text") node.textContent = value;
      else if (name === "class") node.className = value;
      else if (value !== false && value !== null && value !== undefined) node.setAttribute(name, value === true ? "" : value);
    }
    node.append(...children);
    return node;
  };

  // Keys typed while writing in a field are not commands.
  const typing = (event) =>
    event.target.closest && event.target.closest("input, textarea, select, [contenteditable]");

  return { base, get, set, remove, pageKey, exportAll, importAll, loadJSON, el, typing };
})();
