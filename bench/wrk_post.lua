-- POST a JSON body (CAREMARKET_BODY) with the API token, and report the figures on one line the
-- runner can read.
local token = os.getenv("CAREMARKET_TOKEN")
wrk.method = "POST"
wrk.body = os.getenv("CAREMARKET_BODY")
wrk.headers["Content-Type"] = "application/json"
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end

-- With CAREMARKET_SPREAD=n, each request puts a random number from 1 to n in place of "{n}"
-- in the body (orders spread over n contracts).
local spread = tonumber(os.getenv("CAREMARKET_SPREAD") or "0") or 0
local template = wrk.body
request = function()
  if spread > 0 then
    local body = string.gsub(template, "{n}", tostring(math.random(1, spread)))
    return wrk.format(nil, nil, nil, body)
  end
  return wrk.format()
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("CAREMARKET %d %d %.1f %.1f %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95),
    e.connect + e.read + e.write + e.status + e.timeout))
end
