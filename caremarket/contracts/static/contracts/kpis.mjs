// Draw each KPI's results against its target line in its own chart and unit, from the figures in
// <script type="application/json" id="kpi-data">; each chart's table beside it has the same figures.
const source = document.getElementById('kpi-data')
const colours = { green: '#007f3b', amber: '#ffb81c', red: '#d5281b' }

if (source && window.Chart) {
  for (const kpi of JSON.parse(source.textContent)) {
    const canvas = document.getElementById(kpi.id)
    if (!canvas) continue
    const unit = kpi.unit ? ' ' + kpi.unit : ''
    const datasets = [
      {
        label: kpi.label + (kpi.unit ? ' (' + kpi.unit + ')' : ''),
        data: kpi.values,
        borderColor: '#005eb8',
        backgroundColor: kpi.rags.map((rag) => colours[rag] || '#005eb8'),
        pointRadius: 5,
        spanGaps: true
      },
      {
        label: 'Target: ' + kpi.target + unit,
        data: kpi.labels.map(() => kpi.target),
        borderColor: '#425563',
        borderDash: [6, 4],
        pointRadius: 0
      }
    ]
    if (kpi.amber !== null) {
      datasets.push({
        label: 'Amber limit: ' + kpi.amber + unit,
        data: kpi.labels.map(() => kpi.amber),
        borderColor: '#ffb81c',
        borderDash: [2, 3],
        pointRadius: 0
      })
    }
    // eslint-disable-next-line no-new
    new window.Chart(canvas, {
      type: 'line',
      data: { labels: kpi.labels, datasets },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { title: { display: Boolean(kpi.unit), text: kpi.unit } } },
        plugins: {
          tooltip: { callbacks: { label: (item) => item.dataset.label.split(':')[0] + ': ' + item.parsed.y + unit } }
        }
      }
    })
  }
}
