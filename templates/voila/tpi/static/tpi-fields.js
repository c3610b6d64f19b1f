/* Fields as phones and screen readers need them.
 *
 * Input types: ipywidgets' text boxes are all type="text"; the kernel marks a field's kind with a
 * class (ui/kit/field_set.py DEVICE_INPUTS) and here the box gets the matching type, so a phone
 * shows the e-mail or phone keypad, a date picker, or a number pad (inputmode: the kernel still
 * checks what is typed).
 *
 * The skip link takes the keyboard to the page's first field.
 *
 * Saving states and field errors for assistive technology (WCAG 4.1.3): the kernel draws them as
 * plain text (ui/kit/status.py `.tpi-status`, `.tpi-field-error` messages); here each becomes a
 * polite live region, so "Saved", "Not saved: …" or an error is read out when it changes, and
 * the fields next to it name it as their description (aria-describedby). Widgets come and go
 * as the kernel redraws: a MutationObserver keeps up with them.
 */
(function () {
  "use strict";
  var ANNOUNCED = ".tpi-status, .tpi-field-error";
  // the smallest box holding a status and the fields it speaks for
  var FIELD_BOX = ".tpi-item, .tpi-plan-row, .tpi-card, .tpi-list-row, .tpi-gap, .tpi-action-card, " +
                  ".tpi-progress, .tpi-indicator, .tpi-participant-form, .widget-vbox";
  var count = 0;

  function announce(element) {
    if (element.hasAttribute("aria-live")) { return; }
    element.setAttribute("role", element.matches(".tpi-field-error") ? "alert" : "status");
    element.setAttribute("aria-live", "polite");
    if (!element.id) { element.id = "tpi-announce-" + (++count); }
    var box = element.parentElement && element.parentElement.closest(FIELD_BOX);
    if (!box) { return; }
    var fields = box.querySelectorAll("input, select, textarea");
    for (var i = 0; i < fields.length; i++) {
      var described = (fields[i].getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      if (described.indexOf(element.id) < 0) {
        described.push(element.id);
        fields[i].setAttribute("aria-describedby", described.join(" "));
      }
    }
  }

  var INPUT_TYPES = { email: "email", tel: "tel", date: "date" };

  function typeInput(box) {
    var input = box.querySelector("input");
    if (!input || input.hasAttribute("data-tpi-typed")) { return; }
    input.setAttribute("data-tpi-typed", "");
    for (var kind in INPUT_TYPES) {
      if (box.classList.contains("tpi-input-" + kind)) { input.type = INPUT_TYPES[kind]; }
    }
    if (box.classList.contains("tpi-input-decimal")) { input.setAttribute("inputmode", "decimal"); }
  }

  function each(root, selector, action) {
    if (root.matches && root.matches(selector)) { action(root); }
    var found = root.querySelectorAll ? root.querySelectorAll(selector) : [];
    for (var i = 0; i < found.length; i++) { action(found[i]); }
  }

  function scan(root) {
    each(root, ANNOUNCED, announce);
    each(root, "[class*='tpi-input-']", typeInput);
  }

  // The skip link (the header's first stop): straight to the first field of the page, one
  // Tab and Enter from the top, past the header's links, the guidance and the area buttons.
  var FIRST_FIELD = ".tpi-participant-form input, .tpi-participant-form select, .tpi-step-body input, " +
                    ".tpi-step-body select, .tpi-step-body textarea, #rendered_cells input, #rendered_cells select";

  function skipToTheForm(event) {
    var link = event.target.closest && event.target.closest(".tpi-skip");
    if (!link) { return; }
    var fields = document.querySelectorAll(FIRST_FIELD);
    for (var i = 0; i < fields.length; i++) {
      if (fields[i].offsetParent !== null && !fields[i].disabled) {
        event.preventDefault();
        fields[i].focus();
        return;
      }
    }
  }

  function start() {
    document.addEventListener("click", skipToTheForm);
    scan(document.body);
    // a widget's element is often in the page before its classes are: both are watched
    new MutationObserver(function (changes) {
      for (var i = 0; i < changes.length; i++) {
        if (changes[i].type === "attributes") { scan(changes[i].target); continue; }
        for (var j = 0; j < changes[i].addedNodes.length; j++) {
          if (changes[i].addedNodes[j].nodeType === 1) { scan(changes[i].addedNodes[j]); }
        }
      }
    }).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["class"] });
  }

  if (document.body) { start(); } else { document.addEventListener("DOMContentLoaded", start); }
})();
