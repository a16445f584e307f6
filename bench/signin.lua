-- signin.lua - wrk script: POST /dang-nhap as the demo citizen with the right password, so
-- every request runs one Argon2id verification. CSRF carries the signed anonymous token
-- (cookie and form field) fetched once by run.sh; USERNAME and PASSWORD name the account.
local token = os.getenv("CSRF") or ""
local cookie = os.getenv("CSRF_COOKIE") or ("csrf=" .. token)
local body = "csrf=" .. token .. "&username=" .. (os.getenv("USERNAME") or "congdan") ..
  "&password=" .. (os.getenv("PASSWORD") or "motcua-demo-2026")

function request()
  return wrk.format("POST", "/dang-nhap", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = cookie,
  }, body)
end

-- wrk runs response() in each of its threads, so a counter here would be per-thread (and
-- read 0 in done()); summary.errors.status counts every answer >= 400 across threads.
function done(summary, latency, requests)
  io.write(string.format("sign-ins answered >= 400: %d of %d\n", summary.errors.status,
    summary.requests))
end
