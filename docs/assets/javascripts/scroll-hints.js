/*
 * Wide tables and diagrams that scroll sideways say so: when a scroller's content is wider
 * than the screen, it gets a fading edge on the side with more to see and, once, a short
 * "scroll sideways" line above it. Nothing changes when everything fits (most desktops).
 */
(function () {
  "use strict";

  var SCROLLERS = ".md-typeset__scrollwrap, .md-typeset figure:has(> .mermaid)";

  function update(el) {
    var more = el.scrollWidth - el.clientWidth > 2;
    el.classList.toggle("scroll-hint", more);
    el.classList.toggle("scroll-hint--right", more && el.scrollLeft + el.clientWidth < el.scrollWidth - 2);
    el.classList.toggle("scroll-hint--left", more && el.scrollLeft > 2);
    var label = el.previousElementSibling;
    var has = label && label.classList.contains("scroll-hint__label");
    if (more && !has) {
      var p = document.createElement("p");
      p.className = "scroll-hint__label";
      p.setAttribute("aria-hidden", "true");
      p.textContent = el.matches("figure") ? "Diagram: scroll sideways to see all of it \u2192"
                                            : "Table: scroll sideways to see all columns \u2192";
      el.insertAdjacentElement("beforebegin", p);
    } else if (!more && has) {
      label.remove();
    }
  }

  var observer = typeof ResizeObserver === "function"
    ? new ResizeObserver(function (entries) {
        entries.forEach(function (entry) {
          var el = entry.target.closest(SCROLLERS) || entry.target;
          if (el.matches(SCROLLERS)) update(el);
        });
      })
    : null;

  function watch() {
    document.querySelectorAll(SCROLLERS).forEach(function (el) {
      if (el.dataset.scrollHint) { update(el); return; }
      el.dataset.scrollHint = "on";
      el.addEventListener("scroll", function () { update(el); }, { passive: true });
      if (observer) {
        observer.observe(el);
        if (el.firstElementChild) observer.observe(el.firstElementChild);
      }
      update(el);
    });
  }

  // Diagrams are drawn after the page loads, so look again when a host appears.
  var scheduled = false;
  function later() {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(function () { scheduled = false; watch(); });
  }
  new MutationObserver(function (records) {
    for (var i = 0; i < records.length; i++) {
      if (records[i].addedNodes.length) { later(); return; }
    }
  }).observe(document.body, { childList: true, subtree: true });

  if (typeof document$ !== "undefined" && document$.subscribe) document$.subscribe(watch);
  else document.addEventListener("DOMContentLoaded", watch);
  window.addEventListener("resize", watch);
})();
