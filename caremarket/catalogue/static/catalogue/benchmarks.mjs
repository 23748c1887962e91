// Draw the price benchmarks (lower to upper quartile as a bar, the median as a point) from the
// figures the page carries in <script type="application/json" id="benchmark-data">. The same
// figures are in the table below the chart.
const source = document.getElementById('benchmark-data')
const canvas = document.getElementById('benchmark-chart')

if (source && canvas && window.Chart) {
  const data = JSON.parse(source.textContent)
  const pounds = (value) => '£' + Number(value).toLocaleString('en-GB', { minimumFractionDigits: 0, maximumFractionDigits: 2 })
  const basis = data.basis === 'yearly' ? ' a year' : ' one-off'
  // eslint-disable-next-line no-new
  new window.Chart(canvas, {
    data: {
      labels: data.labels,
      datasets: [
        {
          type: 'bar',
          label: 'Middle half of services (lower to upper quartile)',
          data: data.lower.map((low, i) => [low, data.upper[i]]),
          backgroundColor: 'rgba(0, 94, 184, 0.35)',
          borderColor: '#005eb8',
          borderWidth: 1
        },
        {
          type: 'scatter',
          label: 'Median',
          data: data.median.map((value, i) => ({ x: data.labels[i], y: value })),
          backgroundColor: '#212b32',
          pointStyle: 'rectRot',
          pointRadius: 7
        }
      ]
    },
    options: {
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: { type: 'category', ticks: { autoSkip: false, maxRotation: 40 } },
        y: { beginAtZero: true, title: { display: true, text: 'Price' + basis }, ticks: { callback: pounds } }
      },
      plugins: {
        tooltip: {
          callbacks: {
            label: (item) => item.datasetIndex === 0
              ? `${pounds(item.raw[0])} to ${pounds(item.raw[1])} (${data.counts[item.dataIndex]} services)`
              : `Median ${pounds(item.raw.y)}`
          }
        }
      }
    }
  })
}
