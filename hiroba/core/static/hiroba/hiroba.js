// Small behaviours that work without inline scripts (the CSP allows only our own files).
document.addEventListener("submit", (event) => {
  const form = event.target.closest(".confirm-form");
  if (form && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});

// Tell screen-reader users what happened when htmx changed the page without a reload.
function announce(message) {
  const region = document.getElementById("live-status");
  if (!region || !message) return;
  region.textContent = "";
  // A fresh text node after a frame, so the same message is read again the second time.
  window.requestAnimationFrame(() => {
    region.textContent = message;
  });
}

document.addEventListener("htmx:afterSwap", (event) => {
  const swapped = event.target;
  const ok = event.detail.xhr && event.detail.xhr.status === 200;
  // A reply box loaded as its toggle opened (posts/_comment.html) takes the cursor.
  if (ok && swapped.matches && swapped.matches(".reply-slot")) {
    const textarea = swapped.querySelector("textarea");
    if (textarea) textarea.focus();
    return;
  }
  if (!ok || !swapped.matches || !swapped.matches("form.comment-form")) return;
  announce(swapped.dataset.posted);
  // A reply box closes once its reply is posted; focus goes back to its "Reply" toggle, which
  // would otherwise be lost inside the closed box.
  const details = swapped.closest("details.reply-toggle");
  if (details) {
    details.open = false;
    const summary = details.querySelector("summary");
    if (summary) summary.focus();
  }
});

// Opening a reply box puts the cursor in it (once loaded, see above).
document.addEventListener(
  "toggle",
  (event) => {
    const details = event.target;
    if (details.matches && details.matches("details.reply-toggle") && details.open) {
      const textarea = details.querySelector("textarea");
      if (textarea) textarea.focus();
    }
  },
  true,
);

// A request that htmx could not complete (network down, server error) still gets a visible answer.
function showError(message) {
  const flash = document.getElementById("flash");
  if (!flash || !message) return;
  const alert = document.createElement("div");
  alert.className = "alert alert-danger";
  alert.setAttribute("role", "alert");
  alert.textContent = message;
  flash.replaceChildren(alert);
}
document.addEventListener("htmx:sendError", () => showError(document.body.dataset.networkError));
document.addEventListener("htmx:responseError", () => showError(document.body.dataset.serverError));
