-- Request mix for scripts/loadtest.sh (wrk). The URL tables come from the file
-- named by LOADTEST_URLS; LOADTEST_MODE picks the run:
--   mix     70% pages, 15% calendar views, 10% feeds, 5% conditional feed requests
--   feed    the province feed only (warm: served from the Redis cache)
--   static    one small static file (the machine's physical-limit reference)
--   feedcopy  a static copy of the province feed (the same reference at the feed's size)
local mode = os.getenv("LOADTEST_MODE") or "mix"
dofile(os.getenv("LOADTEST_URLS"))

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  -- Reproducible sequence per thread.
  math.randomseed(1000 + id)
  ok, not_modified, http_errors = 0, 0, 0
end

local function pick(list)
  return list[math.random(#list)]
end

function request()
  if mode == "static" then
    return wrk.format("GET", static_path)
  elseif mode == "feed" then
    return wrk.format("GET", feed_path)
  elseif mode == "feedcopy" then
    return wrk.format("GET", feed_copy_path)
  end
  local roll = math.random(100)
  if roll <= 70 then
    return wrk.format("GET", pick(pages))
  elseif roll <= 85 then
    return wrk.format("GET", pick(calendar))
  elseif roll <= 95 then
    return wrk.format("GET", pick(feeds))
  end
  return wrk.format("GET", feed_path, { ["If-None-Match"] = feed_etag })
end

function response(status, headers, body)
  if status == 304 then
    not_modified = not_modified + 1
  elseif status >= 400 then
    http_errors = http_errors + 1
  else
    ok = ok + 1
  end
end

function done(summary, latency, requests)
  local total_ok, total_304, total_errors = 0, 0, 0
  for _, thread in ipairs(threads) do
    total_ok = total_ok + thread:get("ok")
    total_304 = total_304 + thread:get("not_modified")
    total_errors = total_errors + thread:get("http_errors")
  end
  local e = summary.errors
  local socket_errors = e.connect + e.read + e.write + e.timeout
  io.write(string.format(
    "RESULT mode=%s requests=%d seconds=%.1f rps=%.1f p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f "
      .. "max_ms=%.1f http_errors=%d socket_errors=%d not_modified=%d ok=%d\n",
    mode, summary.requests, summary.duration / 1e6,
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    total_errors, socket_errors, total_304, total_ok))
end
