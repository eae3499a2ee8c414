/* Print layout: what print.css cannot do on its own, for `make pdf` and for a page printed from
   the browser (Ctrl+P). A file, not an inline script, so that a Content-Security-Policy without
   'unsafe-inline' allows it.

   1. Diagrams fit the page. Material draws each Mermaid diagram inside a closed shadow root,
      where page CSS (print.css included) does not reach. This script wraps attachShadow and
      gives every diagram's shadow root one small print stylesheet: the drawing is scaled to the
      column's width and to at most --guide-print-diagram-max-height (set in print.css), so a
      tall diagram is never cut across a page break or pushed onto a page of its own.
   2. Self-test in print. Flashcards and follow-up questions (details.question, .follow-up)
      print where they stand, numbered; their answers move to an "Answers" list at the end of
      the chapter, so a printed page can be used to test oneself. window.guidePrint.prepare()
      does it (the browser calls it on beforeprint, export_pdf.py calls it before printing) and
      restore() puts the answers back after printing.

   It must load before Material renders the diagrams: it is the first entry of extra_javascript. */
(function () {
  "use strict";

  var DIAGRAM_PRINT_CSS =
    "@media print { svg {" +
    " max-width: 100% !important;" +
    " max-height: var(--guide-print-diagram-max-height, 215mm) !important;" +
    " height: auto; } }";

  var sheet = null;
  try {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(DIAGRAM_PRINT_CSS);
  } catch (error) {
    sheet = null; // a browser without constructable stylesheets prints diagrams as before
  }

  var attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    var root = attach.call(this, init);
    if (sheet && this.classList && this.classList.contains("mermaid")) {
      root.adoptedStyleSheets = root.adoptedStyleSheets.concat([sheet]);
    }
    return root;
  };

  /* --- answers at the end of the chapter ---------------------------------------------- */

  var QUESTIONS = "details.question, details.follow-up";
  var moved = []; // [{ node, parent, before }] to undo prepare()
  var added = [];

  function chapters(doc) {
    // print-site nests each part's chapters inside the part's (divider) section
    var printed = doc.querySelectorAll("#print-site-page section.print-page:not(.md-section)");
    if (printed.length) return Array.prototype.slice.call(printed);
    return Array.prototype.slice.call(doc.querySelectorAll("article.md-content__inner"));
  }

  function prepare(doc) {
    doc = doc || document;
    if (doc.documentElement.hasAttribute("data-guide-print-prepared")) return 0;
    doc.documentElement.setAttribute("data-guide-print-prepared", "");
    var total = 0;
    chapters(doc).forEach(function (chapter) {
      var questions = Array.prototype.slice.call(chapter.querySelectorAll(QUESTIONS));
      if (!questions.length) return;
      var block = doc.createElement("div");
      block.className = "guide-print-answers";
      var title = doc.createElement("p");
      title.className = "guide-print-answers__title";
      title.setAttribute("role", "heading");
      title.setAttribute("aria-level", "2");
      title.textContent = "Answers";
      var list = doc.createElement("ol");
      list.className = "guide-print-answers__list";
      block.appendChild(title);
      block.appendChild(list);
      questions.forEach(function (question, index) {
        var number = index + 1;
        var summary = question.querySelector(":scope > summary");
        question.setAttribute("data-guide-answer-number", String(number));
        if (summary) summary.setAttribute("data-guide-answer-number", String(number)); // for CSS attr()
        var item = doc.createElement("li");
        item.value = number;
        item.className = "guide-print-answers__item";
        if (summary) {
          var asked = doc.createElement("p");
          asked.className = "guide-print-answers__question";
          asked.textContent = summary.textContent.trim();
          item.appendChild(asked);
        }
        Array.prototype.slice.call(question.childNodes).forEach(function (node) {
          if (node === summary) return;
          moved.push({ node: node, parent: question, before: null });
          item.appendChild(node);
        });
        list.appendChild(item);
        total += 1;
      });
      // at the end of the chapter, after its community notes if it has any
      chapter.appendChild(block);
      added.push(block);
    });
    return total;
  }

  function restore(doc) {
    doc = doc || document;
    moved.forEach(function (entry) { entry.parent.appendChild(entry.node); });
    added.forEach(function (block) { block.remove(); });
    doc.querySelectorAll("[data-guide-answer-number]").forEach(function (question) {
      question.removeAttribute("data-guide-answer-number");
    });
    moved = [];
    added = [];
    doc.documentElement.removeAttribute("data-guide-print-prepared");
  }

  window.guidePrint = { prepare: prepare, restore: restore };
  window.addEventListener("beforeprint", function () { prepare(document); });
  window.addEventListener("afterprint", function () { restore(document); });
})();
