/* The connection banner of a workshop page (loaded before Voila's own scripts).
 *
 * Voila's page keeps its kernel connection inside its bundle, so we watch it from outside:
 * - the kernel's websocket: WebSocket is wrapped so every ".../api/kernels/<id>/channels" socket
 *   reports its open and close (JupyterLab's KernelConnection opens a new one when it reconnects,
 *   and queues the messages, i.e. what participants type, sent while it is down);
 * - the server: a HEAD request for a static file every few seconds (starts no kernel), which also
 *   notices a network that went away without closing the socket.
 * The banner shows while either is down and hides when both are back. When the server answers
 * but no kernel socket comes back (the server was restarted, or the connection gave up), it asks
 * for a reload: what was saved is in the store and comes back with the page.
 */
(function () {
  "use strict";
  var POLL_MS = 2500, PROBE_TIMEOUT_MS = 4000, RELOAD_AFTER_MS = 20000;
  var NativeWebSocket = window.WebSocket;
  var kernelSocket = null;      // the latest kernel channels socket
  var everOpen = false;         // the page has had a kernel connection (not still loading)
  var serverUp = true;
  var downSince = null;         // when the connection was first seen down
  var banner = null;

  function WatchedWebSocket(url, protocols) {
    var ws = protocols === undefined ? new NativeWebSocket(url) : new NativeWebSocket(url, protocols);
    if (/\/api\/kernels\/[^\/]+\/channels/.test(String(url))) {
      kernelSocket = ws;
      ws.addEventListener("open", function () { everOpen = true; update(); });
      ws.addEventListener("close", function () { if (ws === kernelSocket) { update(); } });
    }
    return ws;
  }
  WatchedWebSocket.prototype = NativeWebSocket.prototype;
  ["CONNECTING", "OPEN", "CLOSING", "CLOSED"].forEach(function (name) {
    WatchedWebSocket[name] = NativeWebSocket[name];
  });
  window.WebSocket = WatchedWebSocket;

  function texts() {
    var fallback = {
      lost: "Connection lost — reconnecting… what you type is kept.",
      reload: "The server is back but this page lost its session. Reload it: everything shown as saved is kept.",
      reload_button: "Reload the page"
    };
    try {
      var config = JSON.parse(document.getElementById("jupyter-config-data").textContent);
      return config.tpiConnection || fallback;
    } catch (e) {
      return fallback;
    }
  }

  function ensureBanner() {
    if (banner || !document.body) { return banner; }
    banner = document.createElement("div");
    banner.className = "tpi-connection";
    banner.setAttribute("role", "status");
    banner.setAttribute("aria-live", "polite");
    banner.hidden = true;
    var message = document.createElement("span");
    message.className = "tpi-connection-message";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "tpi-connection-reload";
    button.hidden = true;
    button.addEventListener("click", function () { window.location.reload(); });
    banner.appendChild(message);
    banner.appendChild(button);
    document.body.appendChild(banner);
    return banner;
  }

  function update() {
    var socketDown = everOpen && kernelSocket !== null && kernelSocket.readyState !== NativeWebSocket.OPEN;
    var down = !serverUp || socketDown;
    var now = Date.now();
    if (!down) { downSince = null; } else if (downSince === null) { downSince = now; }
    var el = ensureBanner();
    if (!el) { return; }
    var stuck = down && serverUp && socketDown && now - downSince > RELOAD_AFTER_MS;
    var t = texts();
    el.hidden = !down;
    el.classList.toggle("tpi-connection-stuck", stuck);
    el.querySelector(".tpi-connection-message").textContent = stuck ? t.reload : t.lost;
    var button = el.querySelector(".tpi-connection-reload");
    button.textContent = t.reload_button;
    button.hidden = !stuck;
  }

  function probe() {
    var base = (document.body && document.body.getAttribute("data-base-url")) || "/voila/";
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, PROBE_TIMEOUT_MS) : null;
    fetch(base + "static/voila.js", {method: "HEAD", cache: "no-store", credentials: "same-origin",
                                     signal: controller ? controller.signal : undefined})
      .then(function (response) { serverUp = response.ok; })
      .catch(function () { serverUp = false; })
      .then(function () { if (timer) { clearTimeout(timer); } update(); });
  }

  window.addEventListener("offline", function () { serverUp = false; update(); });
  window.addEventListener("online", probe);
  setInterval(probe, POLL_MS);
  window.tpiConnectionState = function () {  // for tests and curious facilitators
    return {serverUp: serverUp, socket: kernelSocket ? kernelSocket.readyState : null,
            banner: !!(banner && !banner.hidden)};
  };
})();
