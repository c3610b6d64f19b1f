/* The early sign-in form (ui/session.py sign_in_preview): part of the HTML Voila sends, so a
 * participant can type their name seconds before the page's widgets arrive. When the widget
 * form appears, what was typed goes into its fields (as if typed there), the field being typed in
 * keeps the focus, and a "Start" pressed early presses the widget's; then the early form goes.
 * A returning participant, signed in by the kernel, never sees the widget form: the early one
 * just goes.
 */
(function () {
  "use strict";
  var early = null;        // the early form, once the page has it
  var typed = null;        // label -> value, read when the widgets replace the early form
  var submitted = false;   // "Start" was pressed (or Enter) in the early form
  var typing = null;       // the early field being typed in (its widget twin gets the focus)

  function watchEarly(form) {
    early = form;
    // the field last typed in (read at hand-over, the early form hidden, it has lost the focus)
    form.addEventListener("focusin", function (event) {
      typing = event.target.hasAttribute("data-label") ? event.target : null;
    });
    form.addEventListener("focusout", function (event) {
      if (event.relatedTarget) { typing = null; }  // the participant moved on (a move of the page has none)
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();  // no navigation: the widgets sign in
      submitted = true;
      var button = form.querySelector("button");
      if (button) { button.disabled = true; button.textContent = "…"; }
    });
  }

  function setAside() {
    // the widgets are showing: keep what was typed and remove the early form (one form on the page)
    typed = {};
    var fields = early.querySelectorAll("[data-label]");
    for (var i = 0; i < fields.length; i++) {
      typed[fields[i].getAttribute("data-label")] = fields[i].value;
    }
    typed.start = early.getAttribute("data-start");
    var forms = document.querySelectorAll("form.tpi-signin-preview");  // every language's
    for (var j = 0; j < forms.length; j++) { forms[j].parentNode.removeChild(forms[j]); }
    early = null;
  }

  function widgetField(form, label) {
    var labels = form.querySelectorAll("label.widget-label");
    for (var i = 0; i < labels.length; i++) {
      if (labels[i].textContent.trim() === label) {
        return document.getElementById(labels[i].htmlFor) ||
               labels[i].parentNode.querySelector("input, select, textarea");
      }
    }
    return null;
  }

  function startButton(form) {
    var buttons = form.querySelectorAll("button");
    for (var k = 0; k < buttons.length; k++) {
      if (buttons[k].textContent.trim() === typed.start) { return buttons[k]; }
    }
    return null;
  }

  function complete(form) {
    // ipywidgets draws a box's children one by one: wait for every field and the button
    return Object.keys(typed).every(function (label) {
      return label === "start" ? !!startButton(form) : !!widgetField(form, label);
    });
  }

  function handOver(form) {
    var labels = Object.keys(typed), target = null, focused = typing && typing.getAttribute("data-label");
    for (var i = 0; i < labels.length; i++) {
      if (labels[i] === "start") { continue; }
      var field = widgetField(form, labels[i]), value = typed[labels[i]];
      if (labels[i] === focused) { target = field; }
      // what was typed fills a text field left empty (one typed in since keeps its text); a list
      // shows its first choice even when nothing is chosen, so the early choice is always made
      if (!value || (field.tagName !== "SELECT" && field.value)) { continue; }
      if (field.tagName === "SELECT") {
        for (var j = 0; j < field.options.length; j++) {
          if (field.options[j].value === value) { field.selectedIndex = j; }  // its text has no-break spaces
        }
        field.dispatchEvent(new Event("change", {bubbles: true}));
      } else {
        field.value = value;  // the widget takes it as typed (ipywidgets listens to "input")
        field.dispatchEvent(new Event("input", {bubbles: true}));
        field.dispatchEvent(new Event("change", {bubbles: true}));
      }
    }
    if (submitted) {
      startButton(form).click();
    } else if (target && (!document.activeElement || document.activeElement === document.body)) {
      target.focus();
      if (target.setSelectionRange && target.value) { target.setSelectionRange(target.value.length, target.value.length); }
    }
  }

  function keepTyping() {
    // Voila's scripts move the page's cells into their layout once loaded: the field being typed
    // in loses the focus (the next keys would go nowhere); it gets it back, caret at the end
    if (!early || !typing || !typing.isConnected || document.activeElement === typing) { return; }
    if (document.activeElement && document.activeElement !== document.body) { return; }
    typing.focus({preventScroll: true});
    if (typing.setSelectionRange) { typing.setSelectionRange(typing.value.length, typing.value.length); }
  }

  function shownForm() {
    // the page holds the form in every language; the participant's is the one shown
    var language = document.documentElement.getAttribute("data-tpi-language");
    return document.querySelector('.tpi-preview[data-tpi-language="' + language + '"] form.tpi-signin-preview')
      || document.querySelector("form.tpi-signin-preview");
  }

  function keepOneLanguage() {
    // the kernel writes the guidance and early form in every language: the page keeps its own
    var language = document.documentElement.getAttribute("data-tpi-language");
    if (!language) { return; }
    var others = document.querySelectorAll('.tpi-preview:not([data-tpi-language="' + language + '"])');
    for (var i = 0; i < others.length; i++) { others[i].parentNode.removeChild(others[i]); }
  }

  var observer = new MutationObserver(function () {
    keepOneLanguage();
    if (!early && !typed) {
      var form = shownForm();
      if (form) { watchEarly(form); }
      return;
    }
    keepTyping();
    if (early && document.querySelector(".tpi-participant")) { setAside(); }
    if (!typed) { return; }
    if (document.querySelector(".tpi-signed-in")) { observer.disconnect(); return; }  // signed in by the kernel
    var widgetForm = document.querySelector(".tpi-participant-form");
    if (widgetForm && complete(widgetForm)) {
      observer.disconnect();
      handOver(widgetForm);
    }
  });
  observer.observe(document.documentElement, {subtree: true, childList: true});
})();
