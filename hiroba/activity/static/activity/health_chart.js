// A member's health-score history in the console: two lines (short- and long-term score), drawn
// from the data the page carries in a json_script block (the CSP allows no inline scripts).
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("health-history-data");
  const canvas = document.getElementById("health-history");
  if (!source || !canvas || typeof window.Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  const styles = getComputedStyle(document.body);
  const colour = (name, fallback) => styles.getPropertyValue(name).trim() || fallback;
  new window.Chart(canvas, {
    type: "line",
    data: {
      labels: data.labels,
      datasets: [
        {
          label: canvas.dataset.shortLabel,
          data: data.short,
          borderColor: colour("--bs-warning", "#ffc107"),
          backgroundColor: colour("--bs-warning", "#ffc107"),
          pointRadius: 0,
          tension: 0.2,
        },
        {
          label: canvas.dataset.longLabel,
          data: data.long,
          borderColor: colour("--bs-primary", "#0d6efd"),
          backgroundColor: colour("--bs-primary", "#0d6efd"),
          pointRadius: 0,
          tension: 0.2,
        },
      ],
    },
    options: {
      responsive: true,
      aspectRatio: 3,
      animation: false,
      interaction: { mode: "index", intersect: false },
      scales: { y: { beginAtZero: true } },
    },
  });
});
