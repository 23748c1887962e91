// Draw sites at each stage (ordered, installed, live, migrated) per group as stacked bars, from
// the figures in <script type="application/json" id="delivery-data">; the table below the
// chart has the same figures.
const source = document.getElementById('delivery-data')
const canvas = document.getElementById('delivery-chart')
const colours = ['#aeb7bd', '#005eb8', '#41b6e6', '#007f3b']

if (source && canvas && window.Chart) {
  const data = JSON.parse(source.textContent)
  // eslint-disable-next-line no-new
  new window.Chart(canvas, {
    type: 'bar',
    data: {
      labels: data.labels,
      datasets: data.stages.map((stage, i) => ({ label: stage, data: data.counts[i], backgroundColor: colours[i] }))
    },
    options: {
      maintainAspectRatio: false,
      animation: false,
      indexAxis: 'y',
      scales: { x: { stacked: true, beginAtZero: true, title: { display: true, text: 'Sites' } }, y: { stacked: true } }
    }
  })
}
