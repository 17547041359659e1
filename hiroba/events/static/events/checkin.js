// The staff's check-in page (events/checkin.html). Every check-in is kept in this browser first
// (localStorage, one queue per event) and sent to the server when it can be; an item leaves the
// queue only once the server has answered for it. The server counts an application once, so an
// item sent twice (an answer lost on the way back) or a code typed twice is counted once.
(() => {
  const root = document.getElementById("checkin");
  if (!root) return;

  const KEY = `hiroba:checkin:${root.dataset.event}`;
  const BATCH = 50;
  const RETRY_MS = 15000;
  const ALPHABET = /^[2-9A-HJ-NP-Z]{8}$/;
  const msg = root.dataset;
  const form = document.getElementById("checkin-form");
  const input = document.getElementById("checkin-code");
  const last = document.getElementById("checkin-last");
  const status = document.getElementById("checkin-sync");
  const list = document.getElementById("checkin-recent");
  const count = document.getElementById("checkin-count");
  let syncing = false;
  let problem = "";

  // --- the queue ---------------------------------------------------------------------------
  function load() {
    try {
      const items = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(items) ? items : [];
    } catch {
      return [];
    }
  }

  function store(items) {
    window.localStorage.setItem(KEY, JSON.stringify(items));
  }

  function newId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function normalize(text) {
    return text
      .normalize("NFKC")
      .replace(/[\s\-\u2010-\u2015\u2212\u30fc]+/g, "")
      .toUpperCase();
  }

  function display(code) {
    return code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
  }

  function enqueue(code) {
    const item = { client_id: newId(), code, scanned_at: new Date().toISOString() };
    const items = load();
    items.push(item);
    store(items);
    showRow(item.client_id, { ticket: display(code), status: "queued" });
    showLast("queued", `${display(code)}: ${msg.msgQueued}`);
    showStatus();
    sync();
  }

  // --- what the page shows -----------------------------------------------------------------
  const BADGES = {
    queued: ["text-bg-secondary", () => msg.msgQueuedShort],
    checked_in: ["text-bg-success", () => msg.msgCheckedIn],
    already: ["text-bg-warning", () => msg.msgAlready],
    refused: ["text-bg-danger", () => msg.msgRefused],
  };
  const ALERTS = {
    queued: "alert-secondary",
    checked_in: "alert-success",
    already: "alert-warning",
    refused: "alert-danger",
  };

  function showLast(kind, text) {
    const alert = document.createElement("div");
    alert.className = `alert ${ALERTS[kind]} mb-2`;
    alert.textContent = text;
    last.replaceChildren(alert);
  }

  function showRow(clientId, { name, ticket, companions, status: kind, message }) {
    const none = document.getElementById("checkin-none");
    if (none) none.remove();
    let row = list.querySelector(`[data-client-id="${clientId}"]`);
    if (!row) {
      row = document.createElement("li");
      row.className = "list-group-item d-flex justify-content-between align-items-start gap-2";
      row.dataset.clientId = clientId;
      list.prepend(row);
    }
    const who = document.createElement("div");
    who.className = "checkin-who";
    if (name) {
      const strong = document.createElement("span");
      strong.className = "fw-semibold";
      strong.textContent = name;
      who.append(strong);
      if (companions) who.append(` +${companions}`);
      who.append(document.createElement("br"));
    }
    const code = document.createElement("span");
    code.className = "small text-body-secondary font-monospace";
    code.textContent = ticket;
    who.append(code);
    if (message) {
      const why = document.createElement("div");
      why.className = "small text-danger";
      why.textContent = message;
      who.append(why);
    }
    const badge = document.createElement("span");
    badge.className = `badge ${BADGES[kind][0]}`;
    badge.textContent = BADGES[kind][1]();
    row.dataset.status = kind;
    row.replaceChildren(who, badge);
  }

  function showStatus() {
    const waiting = load().length;
    if (!waiting) {
      status.className = "small mb-3 text-success";
      status.textContent = msg.msgSynced;
      return;
    }
    status.className = "small mb-3 text-warning-emphasis fw-semibold";
    const text = msg.msgWaiting.replace("{count}", waiting);
    status.textContent = problem ? `${text} · ${problem}` : syncing ? `${text} · ${msg.msgSyncing}` : text;
  }

  // --- sending -----------------------------------------------------------------------------
  async function sync() {
    if (syncing) return; // what was queued meanwhile goes when this request ends
    const batch = load().slice(0, BATCH);
    if (!batch.length) {
      problem = "";
      showStatus();
      return;
    }
    syncing = true;
    showStatus();
    let answered = 0;
    try {
      const response = await fetch(root.dataset.syncUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          "X-CSRFToken": root.dataset.csrf,
        },
        body: JSON.stringify({ items: batch }),
      });
      if (!response.ok) {
        problem = response.status === 403 || response.status === 401 ? msg.msgSession : msg.msgOffline;
      } else {
        const data = await response.json();
        const done = new Set();
        for (const result of data.results) {
          done.add(result.client_id);
          showResult(result, batch.find((item) => item.client_id === result.client_id));
        }
        // Read the queue again: codes typed while the request was away stay in it.
        store(load().filter((item) => !done.has(item.client_id)));
        count.textContent = data.attended_count;
        problem = "";
        answered = done.size;
      }
    } catch {
      problem = msg.msgOffline;
    } finally {
      syncing = false;
      showStatus();
    }
    // The next batch, or what was typed meanwhile, goes at once while the server answers;
    // after a failure the queue waits for the connection to return (or the next retry).
    if (answered && load().length) sync();
  }

  function showResult(result, item) {
    const ticket = result.ticket || (item ? display(item.code) : "");
    showRow(result.client_id, {
      name: result.name,
      ticket,
      companions: result.companions,
      status: result.status,
      message: result.message,
    });
    const who = result.name || ticket;
    const label = BADGES[result.status][1]();
    showLast(result.status, result.message ? `${ticket}: ${result.message}` : `${label}: ${who}`);
  }

  // --- typing a code -----------------------------------------------------------------------
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const code = normalize(input.value);
    if (!code) return;
    if (!ALPHABET.test(code)) {
      showLast("refused", `${input.value}: ${msg.msgMalformed}`);
      input.select();
      return;
    }
    input.value = "";
    input.focus();
    enqueue(code);
  });

  // --- scanning, where the browser reads QR codes ------------------------------------------
  async function setUpScanner() {
    const button = document.getElementById("checkin-scan");
    const video = document.getElementById("checkin-video");
    if (!("BarcodeDetector" in window) || !navigator.mediaDevices?.getUserMedia) return;
    let formats = [];
    try {
      formats = await window.BarcodeDetector.getSupportedFormats();
    } catch {
      return;
    }
    if (!formats.includes("qr_code")) return;
    const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    let stream = null;
    let lastSeen = { code: "", at: 0 };

    function stop() {
      if (stream) stream.getTracks().forEach((track) => track.stop());
      stream = null;
      video.hidden = true;
      button.textContent = msg.msgScan;
    }

    async function look() {
      if (!stream) return;
      try {
        const codes = await detector.detect(video);
        for (const found of codes) {
          const code = normalize(found.rawValue || "");
          const now = Date.now();
          // The same ticket stays in front of the camera for a while: take it once.
          if (ALPHABET.test(code) && (code !== lastSeen.code || now - lastSeen.at > 5000)) {
            lastSeen = { code, at: now };
            if (navigator.vibrate) navigator.vibrate(80);
            enqueue(code);
          }
        }
      } catch {
        // A frame that could not be read; the next one may be.
      }
      window.setTimeout(look, 250);
    }

    button.hidden = false;
    button.addEventListener("click", async () => {
      if (stream) {
        stop();
        return;
      }
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: "environment" },
          audio: false,
        });
      } catch {
        showLast("refused", msg.msgCamera);
        return;
      }
      video.srcObject = stream;
      video.hidden = false;
      await video.play();
      button.textContent = msg.msgStop;
      look();
    });
    document.addEventListener("visibilitychange", () => {
      if (document.hidden) stop();
    });
  }

  // --- start -------------------------------------------------------------------------------
  for (const item of load()) showRow(item.client_id, { ticket: display(item.code), status: "queued" });
  showStatus();
  window.addEventListener("online", () => sync());
  window.setInterval(() => {
    if (load().length) sync();
  }, RETRY_MS);
  sync();
  setUpScanner();
})();
