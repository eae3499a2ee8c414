// The interview clock (practice/interview-clock.md): a 40-, 45- or 60-minute mock interview.
//
// assets/interview-clock.json (hooks/practice.py) holds the framework's minute plans and each
// case study's prompt. The clock counts down; the step due now is highlighted, and each step
// whose time is up adds what should be on the board by now; a checkpoint (A, B, C) is
// announced when its minute arrives. State (length, prompt, time used, running or paused) lives
// in localStorage under mlsd:clock, so a reload or a visit to another page keeps the clock
// going. Time is Date.now(), so tests can drive it with Playwright's clock.
// Keyboard: space starts or pauses, r resets.
let clockTimer = null;
let clockKeys = null;

document$.subscribe(({ body }) => {
  if (clockTimer) clearInterval(clockTimer);
  if (clockKeys) document.removeEventListener("keydown", clockKeys);
  clockTimer = clockKeys = null;
  const root = body.querySelector("[data-interview-clock]");
  const store = window.guidePractice;
  if (!root || !store) return;
  root.hidden = false;
  store
    .loadJSON("assets/interview-clock.json")
    .then((data) => startClock(store, root, data))
    .catch((error) => root.replaceChildren(store.el("p", { text: `The clock could not load its plan (${error.message}).` })));
});

function startClock(store, root, data) {
  const el = store.el;
  const lengths = Object.keys(data.plans).map(Number).sort((a, b) => a - b);
  if (!lengths.length) {
    root.replaceChildren(el("p", { text: "The framework page has no minute plan to run." }));
    return;
  }
  const fresh = { length: lengths.includes(45) ? 45 : lengths[0], prompt: "", source: "", used: 0, since: null };
  let state = Object.assign({}, fresh, store.get("clock", {}));
  if (!lengths.includes(state.length)) state.length = fresh.length;
  const save = () => store.set("clock", state);
  const used = () => state.used + (state.since ? Date.now() - state.since : 0);

  // --- the controls
  const lengthSelect = el("select", { "aria-label": "Interview length", "data-clock-length": true },
    ...lengths.map((n) => el("option", { value: String(n), text: `${n} minutes` })));
  lengthSelect.value = String(state.length);
  const randomButton = el("button", { type: "button", class: "md-button", "data-clock-random": true, text: "Pick a case-study prompt" });
  const promptInput = el("textarea", { rows: "3", class: "clock__input", "data-clock-prompt-input": true, "aria-label": "Or type your own prompt", placeholder: "Or type your own prompt: \"Design a...\"" });
  const prompt = el("blockquote", { class: "clock__prompt", "data-clock-prompt": true });
  const startButton = el("button", { type: "button", class: "md-button md-button--primary", "data-clock-start": true });
  const resetButton = el("button", { type: "button", class: "md-button", "data-clock-reset": true, text: "Reset (r)" });
  const time = el("p", { class: "clock__time", role: "timer", "aria-label": "Time left", "data-clock-time": true });
  const now = el("p", { class: "clock__now", "data-clock-now": true });
  const bar = el("div", { class: "clock__bar", "aria-hidden": "true" });
  const announce = el("p", { class: "clock__checkpoint", "aria-live": "assertive", "data-clock-checkpoint": true });
  const steps = el("ol", { class: "clock__steps", "data-clock-steps": true });
  const board = el("ul", { class: "clock__board", "data-clock-board": true });

  root.replaceChildren(
    el("div", { class: "clock__setup" }, lengthSelect, randomButton),
    promptInput,
    prompt,
    el("div", { class: "clock__face" }, time, el("div", { class: "clock__actions" }, startButton, resetButton)),
    bar,
    now,
    announce,
    el("div", { class: "clock__columns" },
      el("div", {}, el("h3", { text: "The plan" }), steps),
      el("div", {}, el("h3", { text: "On the board by now" }), board)),
  );

  const plan = () => data.plans[String(state.length)];
  const drawPlan = () => {
    steps.replaceChildren(...plan().map((row, i) =>
      el("li", { "data-step": String(i), class: row.checkpoint ? "clock__step clock__step--checkpoint" : "clock__step" },
        el("span", { class: "clock__minutes", text: `${row.start}-${row.end} min` }), ` ${row.step}`)));
    bar.replaceChildren(...plan().map((row) => {
      const part = el("span", { class: row.checkpoint ? "clock__segment clock__segment--checkpoint" : "clock__segment" });
      part.style.flexGrow = String(row.end - row.start);
      return part;
    }));
  };
  const showPrompt = () => {
    prompt.hidden = !state.prompt;
    prompt.replaceChildren();
    if (state.prompt) {
      prompt.append(el("p", { text: state.prompt }));
      if (state.source) prompt.append(el("p", { class: "clock__source" }, "From ", el("a", { href: new URL(state.source.url, store.base).href, text: state.source.title })));
    }
  };

  const format = (ms) => {
    const total = Math.max(0, Math.ceil(ms / 1000));
    return `${String(Math.floor(total / 60)).padStart(2, "0")}:${String(total % 60).padStart(2, "0")}`;
  };
  let announced = null;
  const tick = () => {
    const length = state.length * 60000;
    let spent = used();
    if (spent >= length && state.since) {
      state.used = length;
      state.since = null;
      save();
      spent = length;
    }
    const minute = spent / 60000;
    time.textContent = format(length - spent);
    root.dataset.running = state.since ? "true" : "false";
    root.dataset.minute = String(Math.floor(minute));
    startButton.textContent = state.since ? "Pause (space)" : spent > 0 && spent < length ? "Resume (space)" : "Start (space)";
    const rows = plan();
    const index = rows.findIndex((row) => minute < row.end);
    steps.querySelectorAll("li").forEach((li, i) => {
      li.classList.toggle("clock__step--done", index === -1 || i < index);
      li.classList.toggle("clock__step--now", i === index && spent > 0);
    });
    bar.querySelectorAll("span").forEach((span, i) => span.classList.toggle("clock__segment--done", index === -1 || i < index));
    const finished = rows.filter((row) => minute >= row.end && row.board);
    if (board.childElementCount !== finished.length) {
      board.replaceChildren(...finished.map((row) =>
        el("li", { class: row.checkpoint ? "clock__item clock__item--checkpoint" : "clock__item", "data-minute": String(row.end) },
          el("strong", { text: `${row.step} (by minute ${row.end}): ` }), row.board)));
    }
    now.textContent = spent >= length ? "Time. Summarise the design and its two biggest risks."
      : spent === 0 ? `Ready: ${state.length} minutes.`
      : `Now: ${rows[index].step} (minutes ${rows[index].start}-${rows[index].end}).`;
    const last = finished.filter((row) => row.checkpoint).pop();
    const label = last ? last.board.split(":")[0] : "";
    if (label !== announced) {
      announced = label;
      announce.textContent = last ? `${label} reached: ${last.board.slice(label.length + 1).trim()}` : "";
      announce.hidden = !last;
    }
  };

  const toggle = () => {
    if (state.since) {
      state.used = used();
      state.since = null;
    } else {
      if (state.used >= state.length * 60000) state.used = 0;
      state.since = Date.now();
    }
    save();
    tick();
  };
  const reset = () => {
    state.used = 0;
    state.since = null;
    save();
    tick();
  };
  startButton.addEventListener("click", toggle);
  resetButton.addEventListener("click", reset);
  lengthSelect.addEventListener("change", () => {
    state.length = Number(lengthSelect.value);
    save();
    drawPlan();
    board.replaceChildren();
    tick();
  });
  randomButton.addEventListener("click", () => {
    const choices = data.prompts.filter((p) => p.prompt !== state.prompt);
    const pick = choices[Math.floor(Math.random() * choices.length)];
    if (!pick) return;
    state.prompt = pick.prompt;
    state.source = { title: pick.title, url: pick.url };
    promptInput.value = "";
    save();
    showPrompt();
  });
  promptInput.addEventListener("input", () => {
    state.prompt = promptInput.value.trim();
    state.source = "";
    save();
    showPrompt();
  });
  if (state.prompt && !state.source) promptInput.value = state.prompt;

  clockKeys = (event) => {
    if (store.typing(event) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === " ") {
      event.preventDefault();
      toggle();
    } else if (event.key === "r" || event.key === "R") {
      reset();
    }
  };
  document.addEventListener("keydown", clockKeys);
  drawPlan();
  showPrompt();
  tick();
  clockTimer = setInterval(tick, 250);
}
