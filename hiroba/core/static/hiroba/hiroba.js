// Small behaviours that work without inline scripts (the CSP allows only our own files).
document.addEventListener("submit", (event) => {
  const form = event.target.closest(".confirm-form");
  if (form && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
document.addEventListener("htmx:afterSwap", (event) => {
  // After a comment is added, close the reply box it came from.
  const details = event.target.closest && event.target.closest("details.reply-toggle");
  if (details && event.detail.xhr && event.detail.xhr.status === 200) details.open = false;
});
