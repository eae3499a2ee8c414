// Narrow a section's overview table to the rows that carry one tag.
//
// hooks/site_hooks.py writes an empty, hidden <div data-tag-filter> right before the table and
// a <span class="tag-chip" data-tag="..."> for each tag in each row. This script turns the div
// into a row of tag buttons, shows how many rows match, and keeps the choice in the address
// (?tag=serving) so a filtered view can be linked to. Without JavaScript, and in the PDF, the
// div stays hidden and the whole table is shown.
//
// document$ is Material's observable that fires on every page, including pages reached
// through instant navigation, so the filter works however the reader arrives.
document$.subscribe(({ body }) => {
  body.querySelectorAll("[data-tag-filter]").forEach(setUpTagFilter);
});

function setUpTagFilter(bar) {
  // The print-site page (the PDF's source) always shows the whole table.
  if (bar.dataset.ready || bar.closest("#print-site-page")) return;
  const table = followingTable(bar);
  if (!table) return;
  const rows = Array.from(table.tBodies[0] ? table.tBodies[0].rows : []);
  const tagsOf = new Map(
    rows.map((row) => [row, Array.from(row.querySelectorAll(".tag-chip"), (c) => c.dataset.tag)]),
  );
  const counts = new Map();
  for (const tags of tagsOf.values()) {
    for (const tag of tags) counts.set(tag, (counts.get(tag) || 0) + 1);
  }
  if (counts.size === 0) return;
  const tags = Array.from(counts.keys()).sort(
    (a, b) => counts.get(b) - counts.get(a) || a.localeCompare(b),
  );
  const noun = bar.dataset.noun || "pages";

  bar.dataset.ready = "true";
  bar.hidden = false;
  bar.setAttribute("role", "group");
  bar.setAttribute("aria-label", "Filter the table by tag");

  const buttons = document.createElement("div");
  buttons.className = "tag-filter__buttons";
  const makeButton = (tag, label) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "tag-filter__button";
    button.dataset.tag = tag;
    button.textContent = label;
    button.addEventListener("click", () => apply(tag === current && tag !== "" ? "" : tag));
    buttons.appendChild(button);
    return button;
  };
  makeButton("", `All (${rows.length})`);
  for (const tag of tags) makeButton(tag, `${tag} (${counts.get(tag)})`);

  const status = document.createElement("p");
  status.className = "tag-filter__status";
  status.setAttribute("aria-live", "polite");
  bar.replaceChildren(buttons, status);

  // The chips in the table pick their tag too.
  for (const chip of table.querySelectorAll(".tag-chip")) {
    chip.setAttribute("role", "button");
    chip.tabIndex = 0;
    chip.title = `Show only pages tagged ${chip.dataset.tag}`;
    chip.addEventListener("click", () => apply(chip.dataset.tag));
    chip.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        apply(chip.dataset.tag);
      }
    });
  }

  let current = "";
  function apply(tag) {
    const known = tag === "" || counts.has(tag);
    current = known ? tag : "";
    let shown = 0;
    for (const [row, rowTags] of tagsOf) {
      const visible = current === "" || rowTags.includes(current);
      row.hidden = !visible;
      if (visible) shown += 1;
    }
    for (const button of buttons.children) {
      button.setAttribute("aria-pressed", String(button.dataset.tag === current));
    }
    if (!known) {
      status.textContent = `No page is tagged \u201c${tag}\u201d; showing all ${rows.length} ${noun}.`;
    } else if (current === "") {
      status.textContent = `Showing all ${rows.length} ${noun}.`;
    } else {
      status.textContent = `Showing ${shown} of ${rows.length} ${noun} tagged \u201c${current}\u201d.`;
    }
    const url = new URL(window.location.href);
    if (current === "") url.searchParams.delete("tag");
    else url.searchParams.set("tag", current);
    if (url.href !== window.location.href) {
      history.replaceState(history.state, "", url.href);
    }
  }

  apply(new URL(window.location.href).searchParams.get("tag") || "");
}

function followingTable(element) {
  for (let next = element.nextElementSibling; next; next = next.nextElementSibling) {
    if (next.matches("table")) return next;
    const inside = next.querySelector("table");
    if (inside) return inside;
  }
  return null;
}
