// The KPI dashboard: draw each chart from the json_script block "kpi-charts" (no inline
// scripts: the CSP allows only our own files). {id: {type, title, labels, datasets}}.
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("kpi-charts");
  if (!source || typeof window.Chart === "undefined") return;
  const charts = JSON.parse(source.textContent);
  const styles = getComputedStyle(document.body);
  const colour = (name, fallback) => styles.getPropertyValue(name).trim() || fallback;
  const palette = [
    colour("--bs-primary", "#0d6efd"),
    colour("--bs-success", "#198754"),
    colour("--bs-warning", "#ffc107"),
    colour("--bs-danger", "#dc3545"),
    colour("--bs-info", "#0dcaf0"),
    colour("--bs-secondary", "#6c757d"),
  ];
  for (const [id, chart] of Object.entries(charts)) {
    const canvas = document.getElementById(`chart-${id}`);
    if (!canvas) continue;
    new window.Chart(canvas, {
      type: chart.type,
      data: {
        labels: chart.labels,
        datasets: chart.datasets.map((set, i) => ({
          label: set.label,
          data: set.data,
          backgroundColor: palette[i % palette.length],
          borderColor: palette[i % palette.length],
          tension: 0.2,
          pointRadius: chart.labels.length > 45 ? 0 : 2,
          spanGaps: true,
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        plugins: { legend: { display: chart.datasets.length > 1, position: "bottom" } },
        scales: {
          x: { ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 8 } },
          y: { beginAtZero: id !== "nps", ticks: { precision: 0 } },
        },
      },
    });
  }
});
