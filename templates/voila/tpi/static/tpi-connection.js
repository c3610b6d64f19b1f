/* The connection banner of a workshop page (loaded before Voila's own scripts).
 *
 * Voila's page keeps its kernel connection inside its bundle, so we watch it from outside:
 * - the kernel's websocket: WebSocket is wrapped so every ".../api/kernels/<id>/channels" socket
 *   reports its open and close (JupyterLab's KernelConnection opens a new one when it reconnects,
 *   and queues the messages, i.e. what participants type, sent while it is down), and the
 *   server's "restarting"/"dead" status messages on it (a restarted kernel has lost the page);
 * - the server: a HEAD request for a static file every few seconds (starts no kernel), which also
 *   notices a network that went away without closing the socket.
 * While either is down the banner says the page is reconnecting; it hides when both are back.
 * It offers a reload only when the page's kernel is really gone: the server answers but no longer
 * knows the kernel (GET api/kernels/<id>: 404; the server restarted, or the page was away longer
 * than the server waits for it), or the kernel reported dead or restarted. Never while the
 * page's own connection may still come back, since a reload loses what was typed meanwhile.
 */
(function () {
  "use strict";
  var POLL_MS = 2500, PROBE_TIMEOUT_MS = 4000;
  var GONE_STATES = {restarting: true, dead: true};  // the server's status messages for a lost kernel
  var NativeWebSocket = window.WebSocket;
  var kernelSocket = null;      // the latest kernel channels socket
  var everOpen = false;         // the page has had a kernel connection (not still loading)
  var serverUp = true;
  var kernelGone = false;       // the page's kernel no longer exists: only a reload helps
  var checking = false;         // a kernel check is under way
  var leaving = false;          // the page is unloading: its socket closes on purpose
  var banner = null;

  function executionState(data) {
    // an iopub status message's execution_state, from the JSON protocol or the binary v1 one
    // (jupyter_server's serialize_msg_to_ws_v1: offsets, then channel, header, parent, metadata, content)
    try {
      var channel, header, content;
      if (typeof data === "string") {
        var message = JSON.parse(data);
        channel = message.channel; header = message.header; content = message.content;
      } else if (data instanceof ArrayBuffer && data.byteLength > 16) {
        var view = new DataView(data), count = view.getUint32(0, true), offsets = [];
        for (var i = 0; i < count; i++) { offsets.push(view.getUint32(8 * (i + 1), true)); }
        var decoder = new TextDecoder();
        var part = function (n) { return decoder.decode(new Uint8Array(data, offsets[n], offsets[n + 1] - offsets[n])); };
        channel = part(0);
        if (channel !== "iopub") { return null; }
        header = JSON.parse(part(1));
        if (header.msg_type !== "status") { return null; }
        content = JSON.parse(part(4));
      } else {
        return null;
      }
      return channel === "iopub" && header && header.msg_type === "status" ? content.execution_state : null;
    } catch (e) {
      return null;  // not a message we can read: not ours to judge
    }
  }

  function WatchedWebSocket(url, protocols) {
    var ws = protocols === undefined ? new NativeWebSocket(url) : new NativeWebSocket(url, protocols);
    if (/\/api\/kernels\/[^\/]+\/channels/.test(String(url))) {
      kernelSocket = ws;
      ws.addEventListener("open", function () { everOpen = true; update(); });
      ws.addEventListener("close", function () {
        if (ws !== kernelSocket) { return; }
        if (!everOpen) { neverConnected(); return; }
        update();
        checkKernel();
      });
      ws.addEventListener("message", function (event) {
        if (GONE_STATES[executionState(event.data)]) { kernelGone = true; update(); }
      });
    }
    return ws;
  }
  WatchedWebSocket.prototype = NativeWebSocket.prototype;
  ["CONNECTING", "OPEN", "CLOSING", "CLOSED"].forEach(function (name) {
    WatchedWebSocket[name] = NativeWebSocket[name];
  });
  window.WebSocket = WatchedWebSocket;

  function pageConfig() {
    try {
      return JSON.parse(document.getElementById("jupyter-config-data").textContent);
    } catch (e) {
      return {};  // not rendered yet
    }
  }

  var givenTexts = null;  // the texts a page that could not be prepared brought with it

  function texts() {
    // {language: texts}: the language the page shows (the template's script chose it), else the page's
    var all = pageConfig().tpiConnection || givenTexts;
    if (all) {
      return all[document.documentElement.getAttribute("data-tpi-language")] || all[Object.keys(all)[0]];
    }
    return {
      lost: "Connection lost — reconnecting… what you type is kept.",
      reload: "The server is back but this page lost its session. Reload it: everything shown as saved is kept.",
      unsent: "What you typed since the connection dropped is still on this page but was not saved: copy it before you reload.",
      reload_button: "Reload the page",
      retry: "The server is busy and this page did not load in time. Trying again…",
      busy: "The server is still busy. Wait a minute, then reload the page."
    };
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

  function socketDown() {
    return everOpen && kernelSocket !== null && kernelSocket.readyState !== NativeWebSocket.OPEN;
  }

  function update() {
    if (retrying) { return; }  // the page is being loaded again, or says to wait: that message stays
    var down = !leaving && (kernelGone || !serverUp || socketDown());
    var el = ensureBanner();
    if (!el) { return; }
    var t = texts();
    el.hidden = !down;
    el.classList.toggle("tpi-connection-stuck", kernelGone);
    el.querySelector(".tpi-connection-message").textContent = kernelGone ? t.reload + " " + t.unsent : t.lost;
    var button = el.querySelector(".tpi-connection-reload");
    button.textContent = t.reload_button;
    button.hidden = !kernelGone;
  }

  function askForKernel(onGone) {
    // does the server still know our kernel? `onGone` when it does not (or it died)
    var config = pageConfig();
    if (!config.kernelId) { return Promise.resolve(); }
    return fetch((config.baseUrl || "/") + "api/kernels/" + encodeURIComponent(config.kernelId),
                 {cache: "no-store", credentials: "same-origin"})
      .then(function (response) {
        if (response.status === 404 || response.status === 403) { onGone(); return null; }
        return response.ok ? response.json() : null;
      })
      .then(function (model) { if (model && model.execution_state === "dead") { onGone(); } })
      .catch(function () { /* the network again: the next probe tells */ });
  }

  function checkKernel() {
    // asked only while the socket is down and the server answers
    if (leaving || kernelGone || checking || !serverUp || !socketDown()) { return; }
    checking = true;
    askForKernel(function () { kernelGone = true; }).then(function () { checking = false; update(); });
  }

  var askedUnconnected = false;  // a kernel check for a page not yet connected is under way

  function neverConnected() {
    // the page has never had its kernel's connection: if the server no longer knows the kernel
    // (it ended it while this page's scripts were still loading on a crowded room's phone, or it
    // restarted), the widget manager gives up without even opening a socket and the page would
    // stay without its form. Nothing could be typed yet, so the page loads again.
    if (leaving || retrying || everOpen || askedUnconnected) { return; }
    askedUnconnected = true;
    askForKernel(retryLoad).then(function () { askedUnconnected = false; });
  }

  function probe() {
    var base = (document.body && document.body.getAttribute("data-base-url")) || "/voila/";
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, PROBE_TIMEOUT_MS) : null;
    fetch(base + "static/voila.js", {method: "HEAD", cache: "no-store", credentials: "same-origin",
                                     signal: controller ? controller.signal : undefined})
      .then(function (response) { serverUp = response.ok; })
      .catch(function () { serverUp = false; })
      .then(function () {
        if (timer) { clearTimeout(timer); }
        update();
        checkKernel();
        // the whole page has arrived (Voila sends its end once the notebook ran) but no socket opened
        if (serverUp && document.readyState === "complete") { neverConnected(); }
      });
  }

  // A page that could not be built in time: on a crowded server Voila's widget manager gives up on
  // the kernel's widget state after 4 s and the page would stay without its form ("Error displaying
  // widget: model not found"). Say so and load the page again, a few times at most; nothing typed
  // is lost, since nothing could be typed.
  var RETRY_MS = 3000, MAX_RETRIES = 3;
  var retryKey = "tpi-retries:" + location.pathname;
  var retrying = false;

  function retries() {
    try { return Number(sessionStorage.getItem(retryKey)) || 0; } catch (e) { return MAX_RETRIES; }
  }

  function notBuilt(node) {
    return node.nodeType === 1 && node.classList.contains("jupyter-widgets") &&
           /^Error displaying widget/.test(node.textContent || "");
  }

  function retryLoad() {
    if (retrying || leaving) { return; }
    retrying = true;
    var el = ensureBanner(), t = texts(), count = retries();
    if (!el) { return; }
    el.hidden = false;
    el.classList.add("tpi-connection-stuck");
    el.querySelector(".tpi-connection-message").textContent = count < MAX_RETRIES ? t.retry : t.busy;
    var button = el.querySelector(".tpi-connection-reload");
    button.textContent = t.reload_button;
    button.hidden = count < MAX_RETRIES;
    if (count < MAX_RETRIES) {
      try { sessionStorage.setItem(retryKey, String(count + 1)); } catch (e) { /* private mode: one try */ }
      setTimeout(function () { window.location.reload(); }, RETRY_MS);
    }
  }

  // The server could not prepare this page (its kernel did not start in time, or died: see
  // server/page_renderer.py) and ended it with this call: say so and load it again.
  window.tpiPageNotPrepared = function (connectionTexts) {
    givenTexts = connectionTexts;
    retryLoad();
  };

  new MutationObserver(function (mutations) {
    for (var i = 0; i < mutations.length; i++) {
      var target = mutations[i].target;
      if (notBuilt(target)) { retryLoad(); return; }
      var added = mutations[i].addedNodes;
      for (var j = 0; j < added.length; j++) { if (notBuilt(added[j])) { retryLoad(); return; } }
      if (!retrying && document.querySelector(".tpi-step")) {  // built: a later failure counts from 0
        try { sessionStorage.removeItem(retryKey); } catch (e) { /* nothing kept */ }
      }
    }
  }).observe(document.documentElement, {subtree: true, childList: true, characterData: true});

  // registered before Voila's own beforeunload, which shuts the kernel down and closes the socket
  window.addEventListener("beforeunload", function () { leaving = true; });
  window.addEventListener("pagehide", function () { leaving = true; });
  window.addEventListener("pageshow", function () { leaving = false; });
  window.addEventListener("offline", function () { serverUp = false; update(); });
  window.addEventListener("online", probe);
  setInterval(probe, POLL_MS);
  window.tpiConnectionState = function () {  // for tests and curious facilitators
    return {serverUp: serverUp, socket: kernelSocket ? kernelSocket.readyState : null, kernelGone: kernelGone,
            banner: !!(banner && !banner.hidden)};
  };
})();
