// Draw the make/share/buy comparison (a bar per option, grouped by service line) from the
// figures the page carries in <script type="application/json" id="diagnostic-data">. The
// same figures are in the table below the chart.
const source = document.getElementById('diagnostic-data')
const canvas = document.getElementById('diagnostic-chart')

if (source && canvas && window.Chart) {
  const data = JSON.parse(source.textContent)
  const pounds = (value) => '£' + Number(value).toLocaleString('en-GB', { maximumFractionDigits: 0 })
  const colours = ['#005eb8', '#41b6e6', '#009639', '#78be20', '#ffb81c', '#768692']
  // eslint-disable-next-line no-new
  new window.Chart(canvas, {
    type: 'bar',
    data: {
      labels: data.labels,
      datasets: data.series.map((series, i) => ({
        label: series.label,
        data: series.values,
        backgroundColor: colours[i % colours.length]
      }))
    },
    options: {
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: { ticks: { autoSkip: false, maxRotation: 40 } },
        y: { beginAtZero: true, title: { display: true, text: 'Yearly cost' }, ticks: { callback: pounds } }
      },
      plugins: { tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${pounds(item.raw)}` } } }
    }
  })
}
