// Survey results: draw each chart from the data the page carries in a json_script block
// (no inline scripts: the CSP allows only our own files).
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("survey-charts");
  if (!source || typeof window.Chart === "undefined") return;
  const charts = JSON.parse(source.textContent);
  const styles = getComputedStyle(document.body);
  const primary = styles.getPropertyValue("--bs-primary").trim() || "#0d6efd";
  const colour = (name, fallback) => styles.getPropertyValue(name).trim() || fallback;
  // NPS bars in their category's colour: detractors 0–6, passives 7–8, promoters 9–10.
  const npsColours = Array.from({ length: 11 }, (_, score) =>
    score <= 6
      ? colour("--bs-danger", "#dc3545")
      : score <= 8
        ? colour("--bs-secondary", "#6c757d")
        : colour("--bs-success", "#198754"),
  );
  for (const [id, data] of Object.entries(charts)) {
    const canvas = document.getElementById(id);
    if (!canvas) continue;
    const line = canvas.dataset.kind === "line";
    new window.Chart(canvas, {
      type: line ? "line" : "bar",
      data: {
        labels: data.labels,
        datasets: [
          {
            label: canvas.dataset.label || "",
            data: line ? data.scores : data.counts,
            backgroundColor: canvas.dataset.nps ? npsColours : primary,
            borderColor: primary,
            tension: 0.2,
          },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        indexAxis: !line && data.labels.some((label) => label.length > 8) ? "y" : "x",
        plugins: { legend: { display: false } },
        scales: line
          ? { y: { suggestedMin: -100, suggestedMax: 100 } }
          : { x: { ticks: { precision: 0 } }, y: { ticks: { precision: 0 } } },
      },
    });
  }
});
