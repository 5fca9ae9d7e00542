-- wrk script for bench/bench.py: headers of a browser on the site, and, for comment posts,
-- a unique address (X-Forwarded-For, the server trusts 127.0.0.1 as its proxy), e-mail and
-- text per request. `done` prints the figures as one JSON line that bench.py reads.
--
-- Environment: BENCH_MODE (get|post|mix), BENCH_ORIGIN, BENCH_COOKIE, BENCH_BODY (the form
-- without the per-request fields, url-encoded), BENCH_OFFSET (makes addresses unique per run),
-- BENCH_PATHS (mix: the paths, separated by spaces; each request picks one at random).

local mode = os.getenv("BENCH_MODE") or "get"
local origin = os.getenv("BENCH_ORIGIN") or ""
local cookie = os.getenv("BENCH_COOKIE") or ""
local body = os.getenv("BENCH_BODY") or ""
local offset = tonumber(os.getenv("BENCH_OFFSET") or "0")
local token = os.getenv("BENCH_TOKEN") or "x"
local paths = {}
for path in string.gmatch(os.getenv("BENCH_PATHS") or "", "%S+") do
  table.insert(paths, path)
end

local threads = {}
local counter = 0

-- thread_id is a global each thread gets from setup().
function setup(thread)
  thread:set("thread_id", #threads)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + thread_id)
end

wrk.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
wrk.headers["Accept"] = "text/html,application/xhtml+xml"
wrk.headers["Accept-Language"] = "ar"
wrk.headers["Accept-Encoding"] = "gzip, deflate, br"

if mode == "post" then
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Origin"] = origin
  wrk.headers["Referer"] = origin .. "/"
  if cookie ~= "" then
    wrk.headers["Cookie"] = cookie
  end
end

function request()
  if mode == "mix" then
    return wrk.format(nil, paths[math.random(#paths)])
  end
  if mode ~= "post" then
    return wrk.format(nil)
  end
  counter = counter + 1
  local n = offset + thread_id * 65536 + counter
  local address = string.format("10.%d.%d.%d", math.floor(n / 65536) % 256,
    math.floor(n / 256) % 256, n % 256)
  local unique = string.format("%s-%d-%d", token, thread_id, offset + counter)
  local fields = body .. "&email=bench-" .. unique .. "%40example.com" ..
    "&comment=" .. "%D8%AA%D8%B9%D9%84%D9%8A%D9%82+" .. unique
  -- wrk.format takes the headers it is given instead of wrk.headers: pass a copy of both.
  local headers = {}
  for name, value in pairs(wrk.headers) do
    headers[name] = value
  end
  headers["X-Forwarded-For"] = address
  return wrk.format(nil, nil, headers, fields)
end

function done(summary, latency, requests)
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"status_errors": %d, "socket_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write,
    summary.errors.timeout))
end
