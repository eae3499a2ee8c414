/*
 * Diagrams you can read: click or tap a diagram (or press Enter on its "Enlarge" button) to
 * open it full screen, then pan and zoom with the mouse wheel, a pinch, a drag, the toolbar or
 * the keyboard (+, -, 0, arrow keys); Escape closes.
 *
 * Material draws each Mermaid diagram into a *closed* shadow root, which page scripts cannot
 * read. This file is loaded right after Material's bundle and before any diagram is drawn, so
 * it wraps Element.prototype.attachShadow to keep a reference to the shadow roots of diagram
 * hosts (the roots stay closed to everything else). The full-screen view is a copy of the
 * drawn SVG in a <dialog>; Mermaid's colours are CSS variables, so the copy follows the palette.
 * Pan and zoom come from Panzoom (vendored, see vendor.yml). Each diagram gets its caption as
 * its accessible name.
 */
(function () {
  "use strict";

  var roots = new WeakMap();
  var attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    var root = attach.call(this, init);
    if (this.classList && this.classList.contains("mermaid")) {
      roots.set(this, root);
      var host = this;
      // Material replaces the source block with the host right after this call returns.
      setTimeout(function () { enhance(host); }, 0);
    }
    return root;
  };

  function captionOf(host) {
    var figure = host.closest("figure");
    var caption = figure && figure.querySelector("figcaption");
    var text = caption ? caption.textContent.replace(/\s+/g, " ").trim() : "";
    return text || "Diagram";
  }

  function enhance(host) {
    if (!host.isConnected || host.dataset.zoomReady) return;
    if (host.closest(".diagram-zoom")) return; // the copy inside the dialog
    host.dataset.zoomReady = "true";
    var label = captionOf(host);
    host.setAttribute("role", "img");
    host.setAttribute("aria-label", label);
    host.classList.add("diagram-zoom__target");
    host.addEventListener("click", function () { open(host); });

    var button = document.createElement("button");
    button.type = "button";
    button.className = "diagram-zoom__open";
    button.textContent = "Enlarge";
    button.setAttribute("aria-label", "Enlarge diagram: " + label);
    button.addEventListener("click", function () { open(host); });
    host.insertAdjacentElement("afterend", button);
  }

  var dialog = null;
  var stage = null;
  var panzoom = null;
  var opener = null;

  function toolButton(text, label, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "diagram-zoom__tool";
    b.textContent = text;
    b.setAttribute("aria-label", label);
    b.title = label;
    b.addEventListener("click", action);
    return b;
  }

  function build() {
    dialog = document.createElement("dialog");
    dialog.className = "diagram-zoom md-typeset";
    dialog.setAttribute("aria-label", "Diagram");
    var bar = document.createElement("div");
    bar.className = "diagram-zoom__bar";
    var title = document.createElement("p");
    title.className = "diagram-zoom__title";
    bar.appendChild(title);
    var tools = document.createElement("div");
    tools.className = "diagram-zoom__tools";
    tools.appendChild(toolButton("+", "Zoom in", function () { panzoom && panzoom.zoomIn(); }));
    tools.appendChild(toolButton("\u2212", "Zoom out", function () { panzoom && panzoom.zoomOut(); }));
    tools.appendChild(toolButton("Fit", "Fit to screen", function () { panzoom && panzoom.reset(); }));
    tools.appendChild(toolButton("\u00d7", "Close", function () { dialog.close(); }));
    bar.appendChild(tools);
    stage = document.createElement("div");
    stage.className = "diagram-zoom__stage";
    stage.tabIndex = 0;
    dialog.appendChild(bar);
    dialog.appendChild(stage);
    stage.addEventListener("wheel", function (event) {
      if (panzoom) panzoom.zoomWithWheel(event);
    }, { passive: false });
    dialog.addEventListener("keydown", onKey);
    dialog.addEventListener("close", function () {
      if (panzoom) { panzoom.destroy(); panzoom = null; }
      stage.textContent = "";
      document.documentElement.classList.remove("diagram-zoom--open");
      if (opener && opener.isConnected) {
        var button = opener.nextElementSibling;
        (button && button.classList.contains("diagram-zoom__open") ? button : opener).focus();
      }
    });
    // a click on the backdrop (outside the panel) closes
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) dialog.close();
    });
    document.body.appendChild(dialog);
  }

  function onKey(event) {
    if (!panzoom || event.target.tagName === "BUTTON" && (event.key === "Enter" || event.key === " ")) return;
    var step = 60;
    var keys = {
      "+": function () { panzoom.zoomIn(); },
      "=": function () { panzoom.zoomIn(); },
      "-": function () { panzoom.zoomOut(); },
      "0": function () { panzoom.reset(); },
      ArrowLeft: function () { panzoom.pan(step, 0, { relative: true }); },
      ArrowRight: function () { panzoom.pan(-step, 0, { relative: true }); },
      ArrowUp: function () { panzoom.pan(0, step, { relative: true }); },
      ArrowDown: function () { panzoom.pan(0, -step, { relative: true }); }
    };
    var action = keys[event.key];
    if (action) { action(); event.preventDefault(); }
  }

  function open(host) {
    var root = roots.get(host);
    var svg = root && root.querySelector("svg");
    if (!svg) return;
    if (!dialog || !dialog.isConnected) build();
    opener = host;
    var copy = svg.cloneNode(true);
    copy.removeAttribute("style");
    copy.setAttribute("width", "100%");
    copy.setAttribute("height", "100%");
    copy.setAttribute("role", "img");
    var label = captionOf(host);
    copy.setAttribute("aria-label", label);
    var holder = document.createElement("div");
    holder.className = "diagram-zoom__canvas";
    holder.appendChild(copy);
    stage.textContent = "";
    stage.appendChild(holder);
    dialog.querySelector(".diagram-zoom__title").textContent = label;
    dialog.setAttribute("aria-label", label);
    document.documentElement.classList.add("diagram-zoom--open");
    dialog.showModal();
    if (typeof Panzoom === "function") {
      panzoom = Panzoom(holder, { maxScale: 8, minScale: 0.5, step: 0.3, cursor: "grab" });
    }
    stage.focus();
  }

  // Instant navigation swaps the page body but keeps this script: close a dialog left open.
  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(function () {
      if (dialog && dialog.open) dialog.close();
    });
  }
})();
