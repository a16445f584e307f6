-- lookup.lua - wrk script: POST /tra-cuu with random existing (code, secret) pairs read from
-- the file named by LOOKUPS (one "code secret" per line), with the signed anonymous CSRF token
-- that run.sh fetched once (CSRF: the form value; CSRF_COOKIE: the Cookie header).
local token = os.getenv("CSRF") or "0123456789abcdef0123456789abcdef"
local cookie = os.getenv("CSRF_COOKIE") or ("csrf=" .. token)
local pairs_list = {}

function init(args)
  local path = os.getenv("LOOKUPS") or "lookups.txt"
  for line in io.lines(path) do
    local code, secret = line:match("^(%S+)%s+(%S+)")
    if code then pairs_list[#pairs_list + 1] = "csrf=" .. token .. "&code=" .. code .. "&secret=" .. secret end
  end
  math.randomseed(os.time() + (tonumber(tostring({}):sub(8), 16) or 0))
end

function request()
  local body = pairs_list[math.random(#pairs_list)]
  return wrk.format("POST", "/tra-cuu", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = cookie,
  }, body)
end

local bad = 0
function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end

function done(summary, latency, requests)
  io.write(string.format("non-200 responses: %d\n", summary.errors.status))
end
