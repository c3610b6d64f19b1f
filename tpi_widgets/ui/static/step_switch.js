// The workbook's step switch (ui/workbook.py). The page's header links to "#step-N": following one
// changes the address's hash, and this widget tells the kernel, which shows that step in place of
// the last (no new page, no new kernel). It keeps the header, the guidance above the
// page and the hash in step with the kernel's step, so a reload or a bookmark opens the same step.
const HASH = /^#step-(\d+)$/;

function askedStep() {
  const match = HASH.exec(window.location.hash);
  return match ? Number(match[1]) : 0;
}

function render({ model, el }) {
  el.hidden = true;
  const ask = () => {
    const step = askedStep();
    if (step && step !== model.get("step")) {
      model.set("step", step);
      model.save_changes();
    }
  };
  const show = () => {
    const step = model.get("step");
    for (const link of document.querySelectorAll(".tpi-steps a[data-step]")) {
      const current = Number(link.dataset.step) === step;
      link.classList.toggle("tpi-current", current);
      if (current) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
    // the guidance in the language the page shows (the page holds it in every language)
    const language = document.documentElement.getAttribute("data-tpi-language");
    const guidance = document.querySelector(`.tpi-preview[data-tpi-language="${language}"] .tpi-guidance`)
      || document.querySelector(".tpi-guidance");
    const shown = String(model.get("shown"));  // the step the kernel shows, and its guidance
    if (guidance && model.get("guidance") && guidance.dataset.step !== shown) {
      guidance.innerHTML = model.get("guidance");
      guidance.dataset.step = shown;
    }
    // the page's own rule hid other steps' guidance until the asked one arrived: it has
    if (shown === String(step)) document.getElementById("tpi-asked-step")?.remove();
    if (askedStep() !== step) window.history.replaceState(null, "", "#step-" + step);
  };
  ask();  // a reload or a link to "#step-4": the page opens on that step
  show();
  model.on("change:step", show);
  model.on("change:shown", show);
  window.addEventListener("hashchange", ask);
  return () => window.removeEventListener("hashchange", ask);
}

export default { render };
