// Remembers who the participant is for this browser session (a cookie with no expiry date,
// so it ends when the browser closes). It holds only an opaque token; the store has the rest.
// Also the language the participant chose, kept for a year: the server's pages read it too.
const COOKIE = "tpi_participant";
const LANGUAGE_COOKIE = "tpi_language";  // server/languages.py reads it
const A_YEAR = 365 * 24 * 3600;

function readCookie(name) {
  const pair = document.cookie.split("; ").find((c) => c.startsWith(name + "="));
  return pair ? decodeURIComponent(pair.slice(name.length + 1)) : "";
}

function render({ model }) {
  model.set("token", readCookie(COOKIE));
  model.set("language", readCookie(LANGUAGE_COOKIE));
  model.set("ready", true);
  model.save_changes();
  model.on("change:token", () => {
    const token = model.get("token") || "";
    document.cookie = `${COOKIE}=${encodeURIComponent(token)}; path=/; SameSite=Strict`;
  });
  model.on("change:language", () => {
    const language = model.get("language") || "";
    document.cookie = `${LANGUAGE_COOKIE}=${encodeURIComponent(language)}; path=/; max-age=${A_YEAR}; SameSite=Strict`;
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
