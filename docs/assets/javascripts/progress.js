// Study progress, kept in this browser only (mlsd:studied and the quiz's mlsd:quiz).
//
// - At the end of every page's article, a "Mark as studied" button; once pressed it says
//   "Studied on <date>" and can be undone.
// - Where a page holds <div data-progress-summary> (the Practice index), a summary: how many
//   pages are studied (and which), how many flashcards are learnt and how many are due.
document$.subscribe(({ body }) => {
  const store = window.guidePractice;
  if (!store || body.querySelector("#print-site-page")) return;
  const article = body.querySelector("article.md-content__inner");
  if (article && !article.querySelector(".study-mark")) addStudyMark(store, article);
  body.querySelectorAll("[data-progress-summary]").forEach((box) => showSummary(store, box));
});

function addStudyMark(store, article) {
  const key = store.pageKey();
  const wrap = store.el("div", { class: "study-mark" });
  const button = store.el("button", { type: "button", class: "md-button study-mark__button" });
  const status = store.el("span", { class: "study-mark__status", "aria-live": "polite" });
  const render = () => {
    const studied = store.get("studied", {});
    const when = studied[key];
    button.textContent = when ? "Mark as not studied" : "Mark as studied";
    button.setAttribute("aria-pressed", when ? "true" : "false");
    button.classList.toggle("md-button--primary", !when);
    status.textContent = when ? `Studied on ${when}.` : "";
    wrap.classList.toggle("study-mark--done", Boolean(when));
  };
  button.addEventListener("click", () => {
    const studied = store.get("studied", {});
    if (studied[key]) delete studied[key];
    else studied[key] = new Date().toISOString().slice(0, 10);
    store.set("studied", studied);
    render();
  });
  wrap.append(button, status);
  // before the tags and the community notes' footer, after the page's own text
  const tags = article.querySelector("nav.md-tags");
  if (tags && tags.parentElement === article) article.insertBefore(wrap, tags);
  else article.append(wrap);
  render();
}

// Every page in the navigation, in order: [{ url, title }].
function navPages(store) {
  const seen = new Map();
  for (const link of document.querySelectorAll("nav.md-nav--primary a.md-nav__link[href]")) {
    const url = new URL(link.getAttribute("href"), location.href);
    if (url.origin !== location.origin) continue;
    const key = store.pageKey(url.href);
    const title = link.textContent.replace(/\s+/g, " ").trim();
    if (!seen.has(key) && title) seen.set(key, title);
  }
  return seen;
}

function showSummary(store, box) {
  box.hidden = false;
  const pages = navPages(store);
  const studied = store.get("studied", {});
  const done = Object.keys(studied).sort((a, b) => {
    const order = Array.from(pages.keys());
    return order.indexOf(a) - order.indexOf(b);
  });
  const pagesLine = store.el("p", { class: "progress-summary__pages" });
  pagesLine.append(`Pages studied: `, store.el("strong", { text: `${done.length} of ${pages.size}` }), ".");
  const list = store.el("ul", { class: "progress-summary__list" });
  for (const key of done) {
    const link = store.el("a", { href: new URL(key, store.base).href, text: pages.get(key) || key });
    list.append(store.el("li", {}, link, ` (${studied[key]})`));
  }
  const cardsLine = store.el("p", { class: "progress-summary__cards", text: "Flashcards: counting..." });
  box.replaceChildren(pagesLine, done.length ? list : store.el("p", { text: "No page marked as studied yet: use the button at the end of each page." }), cardsLine);
  store
    .loadJSON("assets/flashcards.json")
    .then(({ cards }) => {
      const quiz = store.get("quiz", { cards: {} });
      const now = Date.now();
      let learnt = 0;
      let due = 0;
      for (const card of cards) {
        const state = quiz.cards && quiz.cards[card.id];
        if (state && state.box >= 1) learnt += 1;
        if (!state || state.due <= now) due += 1;
      }
      cardsLine.replaceChildren(
        "Flashcards learnt: ",
        store.el("strong", { text: `${learnt} of ${cards.length}` }),
        `; ${due} due now in the `,
        store.el("a", { href: new URL("practice/flashcards/", store.base).href, text: "quiz" }),
        ".",
      );
    })
    .catch(() => {
      cardsLine.textContent = "Flashcards: the card list could not be loaded.";
    });
}
