// Task lists ("- [ ] ...") that remember their ticks, per page, in this browser.
//
// pymdownx.tasklist with clickable_checkbox renders each item as a real checkbox; this script
// stores which items are ticked under mlsd:checklist:<page>, keyed by the item's text (so a
// reworded item starts unticked and reordering keeps the ticks), and adds an "Untick all"
// button after each list for the next practice run.
document$.subscribe(({ body }) => {
  const store = window.guidePractice;
  if (!store || body.querySelector("#print-site-page")) return;
  const lists = Array.from(body.querySelectorAll("article ul.task-list")).filter(
    (list) => !list.parentElement.closest("ul.task-list"),
  );
  if (!lists.length) return;
  const key = "checklist:" + store.pageKey();
  const saved = store.get(key, {});

  const boxesOf = (list) =>
    Array.from(list.querySelectorAll("li.task-list-item > label > input[type=checkbox], li.task-list-item > input[type=checkbox]"));
  const seen = new Map();
  const idOf = new Map();
  for (const list of lists) {
    for (const box of boxesOf(list)) {
      const item = box.closest("li");
      const own = Array.from(item.childNodes)
        .filter((node) => !(node.nodeType === 1 && node.matches("ul, ol")))
        .map((node) => node.textContent)
        .join(" ");
      const text = own.replace(/\s+/g, " ").trim();
      const n = (seen.get(text) || 0) + 1;
      seen.set(text, n);
      idOf.set(box, n > 1 ? `${text} #${n}` : text);
    }
  }
  const save = () => {
    const state = {};
    for (const [box, id] of idOf) if (box.checked) state[id] = true;
    store.set(key, state);
  };
  for (const [box, id] of idOf) {
    box.disabled = false;
    box.checked = Boolean(saved[id]);
    box.addEventListener("change", save);
  }
  for (const list of lists) {
    if (list.nextElementSibling && list.nextElementSibling.matches(".checklist-reset")) continue;
    const reset = store.el("button", { type: "button", class: "md-button checklist-reset", text: "Untick all" });
    reset.addEventListener("click", () => {
      for (const box of boxesOf(list)) box.checked = false;
      save();
    });
    list.after(reset);
  }
});
