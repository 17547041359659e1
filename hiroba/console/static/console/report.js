// The executive report: its trend charts (data from a json_script block; the CSP allows only
// our own scripts) and the print button.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-print]")) {
    button.addEventListener("click", () => window.print());
  }
  const source = document.getElementById("report-trends");
  if (!source || typeof window.Chart === "undefined") return;
  const primary =
    getComputedStyle(document.body).getPropertyValue("--bs-primary").trim() || "#0d6efd";
  for (const [id, line] of Object.entries(JSON.parse(source.textContent))) {
    const canvas = document.getElementById(id);
    if (!canvas) continue;
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: line.labels,
        datasets: [{ label: line.label, data: line.values, borderColor: primary, tension: 0.2 }],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false } },
        scales: { y: { beginAtZero: true } },
      },
    });
  }
});
