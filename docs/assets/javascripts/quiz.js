// The flashcard quiz (practice/flashcards.md): spaced repetition in the browser.
//
// Cards come from assets/flashcards.json, written on every build by hooks/practice.py.
// Leitner boxes: a new card is due now and counts as in box 1; "Knew it" moves a card up one
// box, "Didn't" sends it back to box 1 and shows it again 10 minutes later (new cards come in
// between); a card known into box b is next due QUIZ_INTERVALS[b - 1] days after the answer.
// A card counts as learnt once it is out of the first box. Due cards come first: those seen
// before, the longest overdue first, then new cards in the guide's order. State lives in
// localStorage under mlsd:quiz; export and import carry every mlsd: key as one JSON file.
// Keyboard: space reveals the answer, 1 "Knew it", 2 "Didn't".
const QUIZ_INTERVALS = [0, 1, 3, 7, 14]; // days, for boxes 1 to 5
const DAY = 24 * 60 * 60 * 1000;
const AGAIN = 10 * 60 * 1000; // a card answered wrongly comes back after 10 minutes
let quizKeys = null; // the keyboard handler of the quiz on the current page

document$.subscribe(({ body }) => {
  if (quizKeys) document.removeEventListener("keydown", quizKeys);
  quizKeys = null;
  const root = body.querySelector("[data-quiz]");
  const store = window.guidePractice;
  if (!root || !store) return;
  root.hidden = false;
  root.replaceChildren(store.el("p", { text: "Loading the cards..." }));
  store
    .loadJSON("assets/flashcards.json")
    .then(({ cards }) => startQuiz(store, root, cards))
    .catch((error) => root.replaceChildren(store.el("p", { class: "quiz__error", text: `The cards could not be loaded (${error.message}).` })));
});

function startQuiz(store, root, cards) {
  const el = store.el;
  const load = () => {
    const state = store.get("quiz", {});
    return { cards: state.cards || {}, tag: state.tag || "", page: state.page || "" };
  };
  let state = load();
  const save = () => store.set("quiz", state);
  const params = new URLSearchParams(location.search);
  if (params.has("tag")) state.tag = params.get("tag");
  if (params.has("page")) state.page = params.get("page");

  // --- the controls
  const tagCounts = new Map();
  const pages = new Map();
  for (const card of cards) {
    for (const tag of card.tags) tagCounts.set(tag, (tagCounts.get(tag) || 0) + 1);
    if (!pages.has(card.url)) pages.set(card.url, { title: card.page, count: 0 });
    pages.get(card.url).count += 1;
  }
  const tagSelect = el("select", { class: "quiz__filter", "aria-label": "Only cards with this tag", "data-quiz-tag": true },
    el("option", { value: "", text: `All tags (${cards.length})` }),
    ...Array.from(tagCounts.keys()).sort().map((tag) => el("option", { value: tag, text: `${tag} (${tagCounts.get(tag)})` })));
  const pageSelect = el("select", { class: "quiz__filter", "aria-label": "Only cards from this page", "data-quiz-page": true },
    el("option", { value: "", text: `All pages (${pages.size})` }),
    ...Array.from(pages, ([url, p]) => el("option", { value: url, text: `${p.title} (${p.count})` })));
  tagSelect.value = tagCounts.has(state.tag) ? state.tag : "";
  pageSelect.value = pages.has(state.page) ? state.page : "";

  const status = el("p", { class: "quiz__status", "aria-live": "polite", "data-quiz-status": true });
  const where = el("p", { class: "quiz__where" });
  const question = el("div", { class: "quiz__question", "data-quiz-question": true });
  const answer = el("div", { class: "quiz__answer", "data-quiz-answer": true, hidden: true });
  const reveal = el("button", { type: "button", class: "md-button md-button--primary", "data-quiz-reveal": true, text: "Show the answer (space)" });
  const knew = el("button", { type: "button", class: "md-button md-button--primary", "data-quiz-knew": true, text: "Knew it (1)", hidden: true });
  const missed = el("button", { type: "button", class: "md-button", "data-quiz-missed": true, text: "Didn't (2)", hidden: true });
  const ahead = el("button", { type: "button", class: "md-button", "data-quiz-ahead": true, text: "Study ahead", hidden: true });
  const card = el("div", { class: "quiz__card" }, where, question, answer, el("div", { class: "quiz__actions" }, reveal, knew, missed, ahead));

  const exportButton = el("button", { type: "button", class: "md-button", "data-quiz-export": true, text: "Export progress" });
  const importInput = el("input", { type: "file", accept: "application/json,.json", class: "quiz__file", "data-quiz-import": true, id: "quiz-import" });
  const importLabel = el("label", { for: "quiz-import", class: "md-button", text: "Import progress" });
  const resetButton = el("button", { type: "button", class: "md-button", "data-quiz-reset": true, text: "Forget my answers" });
  const message = el("p", { class: "quiz__message", "aria-live": "polite" });
  const tools = el("div", { class: "quiz__tools" }, exportButton, importLabel, importInput, resetButton);

  root.replaceChildren(el("div", { class: "quiz__filters" }, tagSelect, pageSelect), status, card, tools, message);

  // --- scheduling
  const chosen = () => cards.filter((c) => (!state.tag || c.tags.includes(state.tag)) && (!state.page || c.url === state.page));
  const order = new Map(cards.map((c, i) => [c.id, i]));
  const queue = (now, includeAhead) => {
    const list = chosen().filter((c) => includeAhead || !state.cards[c.id] || state.cards[c.id].due <= now);
    const rank = (c) => {
      const s = state.cards[c.id];
      return s ? [0, s.due, order.get(c.id)] : [1, 0, order.get(c.id)];
    };
    return list.sort((a, b) => {
      const [x, y] = [rank(a), rank(b)];
      return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
    });
  };
  let current = null;
  let studyingAhead = false;

  const resolveLinks = (node, pageUrl) => {
    const pageAddress = new URL(pageUrl, store.base);
    for (const a of node.querySelectorAll("a[href]")) a.href = new URL(a.getAttribute("href"), pageAddress).href;
    for (const img of node.querySelectorAll("img[src]")) img.src = new URL(img.getAttribute("src"), pageAddress).href;
  };

  const showStatus = (now) => {
    const list = chosen();
    const due = list.filter((c) => !state.cards[c.id] || state.cards[c.id].due <= now).length;
    const learnt = list.filter((c) => state.cards[c.id] && state.cards[c.id].box >= 1).length;
    status.textContent = `${list.length} cards in this selection: ${due} due now, ${learnt} learnt.`;
    status.dataset.due = due;
    status.dataset.learnt = learnt;
  };

  const show = () => {
    const now = Date.now();
    showStatus(now);
    const next = queue(now, studyingAhead)[0];
    current = next || null;
    answer.hidden = true;
    knew.hidden = missed.hidden = true;
    ahead.hidden = true;
    if (!current) {
      const later = chosen().map((c) => state.cards[c.id]).filter(Boolean).map((s) => s.due);
      const soonest = later.length ? Math.min(...later) : null;
      where.textContent = "";
      question.textContent = soonest ? `Nothing is due in this selection. The next card is due on ${new Date(soonest).toLocaleDateString()}.` : "No card matches this selection.";
      answer.replaceChildren();
      reveal.hidden = true;
      ahead.hidden = !soonest;
      root.dataset.state = "done";
      return;
    }
    const s = state.cards[current.id];
    where.replaceChildren(
      el("a", { href: new URL(current.url, store.base).href, text: current.page }),
      current.section ? ` · ${current.section}` : "",
      ` · ${s ? `box ${s.box + 1} of ${QUIZ_INTERVALS.length}` : "new card"}`,
    );
    question.textContent = current.question;
    answer.innerHTML = current.answer; // our own build's HTML (assets/flashcards.json)
    resolveLinks(answer, current.url);
    reveal.hidden = false;
    root.dataset.state = "question";
    root.dataset.card = current.id;
  };

  const showAnswer = () => {
    if (!current || !answer.hidden) return;
    answer.hidden = false;
    if (window.renderMathInElement) {
      window.renderMathInElement(answer, {
        delimiters: [{ left: "\\(", right: "\\)", display: false }, { left: "\\[", right: "\\]", display: true }],
        throwOnError: false,
      });
    }
    reveal.hidden = true;
    knew.hidden = missed.hidden = false;
    root.dataset.state = "answer";
  };

  const grade = (right) => {
    if (!current || answer.hidden) return;
    const previous = state.cards[current.id];
    const box = right ? Math.min((previous ? previous.box : 0) + 1, QUIZ_INTERVALS.length - 1) : 0;
    const now = Date.now();
    const wait = right ? QUIZ_INTERVALS[box] * DAY : AGAIN;
    state.cards[current.id] = { box, due: now + wait, seen: (previous ? previous.seen : 0) + 1, last: now };
    save();
    show();
  };

  reveal.addEventListener("click", showAnswer);
  knew.addEventListener("click", () => grade(true));
  missed.addEventListener("click", () => grade(false));
  ahead.addEventListener("click", () => {
    studyingAhead = true;
    show();
  });
  const refilter = () => {
    state.tag = tagSelect.value;
    state.page = pageSelect.value;
    studyingAhead = false;
    save();
    show();
  };
  tagSelect.addEventListener("change", refilter);
  pageSelect.addEventListener("change", refilter);

  exportButton.addEventListener("click", () => {
    const blob = new Blob([JSON.stringify(store.exportAll(), null, 1)], { type: "application/json" });
    const link = el("a", { href: URL.createObjectURL(blob), download: `ml-system-design-progress-${new Date().toISOString().slice(0, 10)}.json` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    message.textContent = "Progress exported.";
  });
  importInput.addEventListener("change", () => {
    const file = importInput.files[0];
    if (!file) return;
    file
      .text()
      .then((text) => {
        const count = store.importAll(JSON.parse(text));
        state = load();
        message.textContent = `Progress imported (${count} items).`;
        show();
      })
      .catch((error) => {
        message.textContent = `Could not import that file: ${error.message}.`;
      })
      .finally(() => {
        importInput.value = "";
      });
  });
  resetButton.addEventListener("click", () => {
    if (!window.confirm("Forget every answer you have given in the quiz?")) return;
    state.cards = {};
    save();
    message.textContent = "Answers forgotten: every card is new again.";
    show();
  });

  quizKeys = (event) => {
    if (store.typing(event) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === " " && root.dataset.state === "question") {
      event.preventDefault();
      showAnswer();
    } else if (event.key === " " && root.dataset.state === "answer") {
      event.preventDefault();
    } else if (event.key === "1" && root.dataset.state === "answer") {
      grade(true);
    } else if (event.key === "2" && root.dataset.state === "answer") {
      grade(false);
    }
  };
  document.addEventListener("keydown", quizKeys);
  show();
}
