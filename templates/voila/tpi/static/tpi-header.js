/* The header on a phone (issue 16). In full it takes a quarter of a 740 px screen, so it stays at
 * the top of the page and scrolls away with it; scrolling back up brings a slim bar (home and
 * the current step) that stays until the participant scrolls down again or edits a field: the
 * bar never covers the field being edited. The slim bar copies the header's links each time it
 * shows (the workbook moves the current step), and is hidden from assistive technology and
 * the Tab order: the header itself is the way there.
 *
 * Also on a phone: a step's guidance keeps its heading and purpose, and folds its activities and
 * outputs (a <details> the participant may open), so what to fill comes first.
 */
(function () {
  "use strict";
  var PHONE = window.matchMedia("(pointer: coarse), (max-width: 600px)");
  var FIELD = "input, select, textarea";
  var bar = null;
  var lastY = 0;

  function slimBar() {
    if (bar) { return bar; }
    bar = document.createElement("div");
    bar.className = "tpi-slim-header";
    bar.setAttribute("aria-hidden", "true");
    document.body.appendChild(bar);
    return bar;
  }

  function fillBar() {
    var header = document.querySelector(".tpi-header");
    var links = header ? header.querySelectorAll(".tpi-home, .tpi-steps a.tpi-current") : [];
    var slim = slimBar();
    slim.textContent = "";
    for (var i = 0; i < links.length; i++) {
      var copy = links[i].cloneNode(true);
      copy.setAttribute("tabindex", "-1");
      copy.removeAttribute("aria-current");
      slim.appendChild(copy);
    }
  }

  function editing() {
    var active = document.activeElement;
    return !!(active && active.matches && active.matches(FIELD));
  }

  function show(shown) {
    if (shown && !(bar && bar.classList.contains("tpi-slim-shown"))) { fillBar(); }
    slimBar().classList.toggle("tpi-slim-shown", shown);
  }

  // Voila's page may scroll inside an element of its own rather than the document
  function onScroll(event) {
    var scroller = event.target === document ? document.scrollingElement : event.target;
    if (!scroller || scroller.scrollTop === undefined) { return; }
    var y = scroller.scrollTop;
    var header = document.querySelector(".tpi-header");
    var headerGone = header ? header.getBoundingClientRect().bottom <= 0 : y > 0;
    if (!PHONE.matches || !headerGone || editing()) { show(false); }
    else if (y < lastY - 4) { show(true); }  // scrolling up, past the header
    else if (y > lastY + 4) { show(false); }  // scrolling down: the page's room
    lastY = y;
  }

  function foldGuidance(root) {
    if (!PHONE.matches) { return; }
    var folds = root.querySelectorAll ? root.querySelectorAll("details.tpi-guidance-more[open]:not([data-tpi-folded])") : [];
    for (var i = 0; i < folds.length; i++) {
      folds[i].setAttribute("data-tpi-folded", "");  // once: a participant who opens it keeps it open
      folds[i].removeAttribute("open");
    }
  }

  function start() {
    document.addEventListener("scroll", onScroll, { passive: true, capture: true });
    document.addEventListener("focusin", function (event) {
      if (event.target.matches && event.target.matches(FIELD)) { show(false); }
    });
    foldGuidance(document);
    // the kernel's guidance (and the workbook's step switch) arrive after the page
    new MutationObserver(function () { foldGuidance(document); })
      .observe(document.body, { childList: true, subtree: true });
  }

  if (document.body) { start(); } else { document.addEventListener("DOMContentLoaded", start); }
})();
