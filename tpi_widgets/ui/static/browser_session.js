// Remembers who the participant is for this browser session (a cookie with no expiry date,
// so it ends when the browser closes). It holds only an opaque token; the store has the rest.
const COOKIE = "tpi_participant";

function readToken() {
  const pair = document.cookie.split("; ").find((c) => c.startsWith(COOKIE + "="));
  return pair ? decodeURIComponent(pair.slice(COOKIE.length + 1)) : "";
}

function render({ model }) {
  model.set("token", readToken());
  model.set("ready", true);
  model.save_changes();
  model.on("change:token", () => {
    const token = model.get("token") || "";
    document.cookie = `${COOKIE}=${encodeURIComponent(token)}; path=/; SameSite=Strict`;
  });
  // the kernel asks for a reload once a participant became a facilitator: the page is then
  // built again, with the facilitator controls (messages arrive in order: the cookie is set first)
  model.on("msg:custom", (msg) => {
    if (msg && msg.reload) window.location.reload();
  });
  // "Start" sends what the form shows first: a text box's last keys can still be waiting for
  // the kernel's answer to the ones before (ipywidgets sends one change at a time per box),
  // while the click goes at once; this message goes before the click, on the same channel
  const typedFirst = (event) => {
    const form = event.target.closest && event.target.closest(".tpi-participant-form");
    if (!form || !event.target.closest("button")) return;
    const value = (name) => { const box = form.querySelector(`.${name} input`); return box ? box.value : null; };
    model.send({ typed: { name: value("tpi-name"), role: value("tpi-role") } });
  };
  document.addEventListener("click", typedFirst, true);
  return () => document.removeEventListener("click", typedFirst, true);
}

export default { render };
