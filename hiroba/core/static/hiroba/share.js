// "Copy link" puts the page's address on the clipboard. Without JavaScript, or where the
// clipboard is out of reach (a page not served over HTTPS), it stays a plain link to the page.
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("a.copy-link");
  if (!link || !navigator.clipboard) return;
  event.preventDefault();
  navigator.clipboard.writeText(link.href).then(
    () => {
      const label = link.textContent;
      link.textContent = link.dataset.copied;
      const region = document.getElementById("live-status");
      if (region) region.textContent = link.dataset.copied;
      window.setTimeout(() => {
        link.textContent = label;
      }, 2000);
    },
    () => {
      window.location.href = link.href;
    },
  );
});
