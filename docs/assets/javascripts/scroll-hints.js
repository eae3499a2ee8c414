/*
 * Wide tables and diagrams that scroll sideways say so: when a scroller's content is wider
 * than the screen, it gets a fading edge on the side with more to see and, once, a short
 * "scroll sideways" line above it. Nothing changes when everything fits (most desktops).
 */
(function () {
  "use strict";

  // Not on the print page (the whole guide in one document, made for paper): print.css hides
  // the hints there anyway, and measuring over a thousand scrollers each time a diagram is
  // drawn made the page take twice as long to be ready to print (27 s to 56 s).
  if (document.getElementById("print-site-page")) return;

  var SCROLLERS = ".md-typeset__scrollwrap, .md-typeset figure:has(> .mermaid)";

  // Measure every scroller first, then change classes and labels: reading a size after a
  // change forces the browser to lay the page out again, and on the print page (every chapter
  // in one document, over a thousand tables and diagrams) one layout per element cost a minute.
  function measure(el) {
    var more = el.scrollWidth - el.clientWidth > 2;
    return {
      el: el,
      more: more,
      right: more && el.scrollLeft + el.clientWidth < el.scrollWidth - 2,
      left: more && el.scrollLeft > 2,
    };
  }

  function apply(m) {
    var el = m.el;
    el.classList.toggle("scroll-hint", m.more);
    el.classList.toggle("scroll-hint--right", m.right);
    el.classList.toggle("scroll-hint--left", m.left);
    var label = el.previousElementSibling;
    var has = label && label.classList.contains("scroll-hint__label");
    if (m.more && !has) {
      var p = document.createElement("p");
      p.className = "scroll-hint__label";
      p.setAttribute("aria-hidden", "true");
      p.textContent = el.matches("figure") ? "Diagram: scroll sideways to see all of it \u2192"
                                            : "Table: scroll sideways to see all columns \u2192";
      el.insertAdjacentElement("beforebegin", p);
    } else if (!m.more && has) {
      label.remove();
    }
  }

  function update(elements) {
    elements.map(measure).forEach(apply);
  }

  var observer = typeof ResizeObserver === "function"
    ? new ResizeObserver(function (entries) {
        var seen = [];
        entries.forEach(function (entry) {
          var el = entry.target.closest(SCROLLERS) || entry.target;
          if (el.matches(SCROLLERS) && seen.indexOf(el) < 0) seen.push(el);
        });
        update(seen);
      })
    : null;

  // Start watching the scrollers that are new since the last look; those already watched are
  // updated by the ResizeObserver and their scroll listener.
  function watch() {
    var fresh = Array.prototype.filter.call(document.querySelectorAll(SCROLLERS), function (el) {
      return !el.dataset.scrollHint;
    });
    fresh.forEach(function (el) {
      el.dataset.scrollHint = "on";
      el.addEventListener("scroll", function () { update([el]); }, { passive: true });
      if (observer) {
        observer.observe(el);
        if (el.firstElementChild) observer.observe(el.firstElementChild);
      }
    });
    update(fresh);
  }

  function all() {
    update(Array.prototype.slice.call(document.querySelectorAll(SCROLLERS)));
  }

  // Diagrams are drawn after the page loads: look again when nodes appear, at new scrollers
  // and at the watched ones that something was drawn into.
  var scheduled = false;
  var touched = [];
  function later() {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(function () {
      scheduled = false;
      var changed = touched;
      touched = [];
      watch();
      update(changed.filter(function (el) { return el.isConnected; }));
    });
  }
  new MutationObserver(function (records) {
    var added = false;
    for (var i = 0; i < records.length; i++) {
      if (!records[i].addedNodes.length) continue;
      added = true;
      var target = records[i].target;
      var scroller = target.nodeType === 1 ? target.closest(SCROLLERS) : null;
      if (scroller && scroller.dataset.scrollHint && touched.indexOf(scroller) < 0) touched.push(scroller);
    }
    if (added) later();
  }).observe(document.body, { childList: true, subtree: true });

  if (typeof document$ !== "undefined" && document$.subscribe) document$.subscribe(watch);
  else document.addEventListener("DOMContentLoaded", watch);
  window.addEventListener("resize", function () { watch(); if (!observer) all(); });
})();
