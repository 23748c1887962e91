// Draw each KPI's monthly results against its target, from the figures in
// <script type="application/json" id="kpi-data">; the table below the chart has the same figures.
const source = document.getElementById('kpi-data')
const canvas = document.getElementById('kpi-chart')
const colours = ['#005eb8', '#da291c', '#007f3b', '#ffb81c', '#330072', '#41b6e6']

if (source && canvas && window.Chart) {
  const data = JSON.parse(source.textContent)
  const datasets = []
  data.series.forEach((series, i) => {
    const colour = colours[i % colours.length]
    datasets.push({ label: series.label, data: series.values, borderColor: colour, backgroundColor: colour, spanGaps: true })
    datasets.push({
      label: series.label + ' target',
      data: data.labels.map(() => series.target),
      borderColor: colour,
      borderDash: [6, 4],
      pointRadius: 0
    })
  })
  // eslint-disable-next-line no-new
  new window.Chart(canvas, {
    type: 'line',
    data: { labels: data.labels, datasets },
    options: { maintainAspectRatio: false, animation: false }
  })
}
