# catalog.sh - sourced by bench/run.sh (section `catalog`, issue 10 §3; docs/admin-catalog.md):
# the administrator's catalogue page with 2,000 procedures. A small database of its own
# (migrated, BENCH_CATALOG_DOSSIERS demo dossiers: the page reads no dossier) gets
# BENCH_CATALOG_PROCEDURES generated procedures through `motcua import catalog` (timed), then
# the list page, a search without diacritics, the has-draft filter, a late page and one edit
# form are measured one request at a time (wrk -t1 -c1: p99 is the server's time plus loopback).
NP=${BENCH_CATALOG_PROCEDURES:-2000}
NCD=${BENCH_CATALOG_DOSSIERS:-1000}
CAT_SECS=${BENCH_CATALOG_SECONDS:-$SECS}
cdb=$work/catalog.db
"$BIN" migrate --db "$cdb" >/dev/null
"$BIN" seed --db "$cdb" --dossiers "$NCD" --seed 1 >/dev/null
python3 - "$NP" >"$work/catalog.json" <<'PY'
import json, sys
n = int(sys.argv[1])
fields = ["Hộ tịch", "Đất đai", "Xây dựng", "Tư pháp", "Giáo dục", "Y tế", "Lao động", "Giao thông"]
verbs = ["Đăng ký", "Cấp", "Cấp lại", "Điều chỉnh", "Gia hạn", "Xác nhận", "Thu hồi"]
things = ["giấy phép xây dựng", "khai sinh", "kết hôn", "giấy chứng nhận", "hộ kinh doanh",
          "chứng thực bản sao", "giấy phép lái xe", "trợ cấp xã hội"]
out = []
for i in range(n):
    out.append({"code": "BC.%05d" % i,
                "name": "%s %s (mẫu %d)" % (verbs[i % len(verbs)], things[i // 7 % len(things)], i),
                "field": fields[i % len(fields)], "levels": ["district", "commune"],
                "online_level": ["info", "partial", "full"][i % 3],
                "duration": {"value": 1 + i % 15, "unit": "working_days"},
                "fees": [{"name": "Lệ phí", "amount": (i % 5) * 10000, "kind": "charge"}],
                "components": [{"name": "Tờ khai", "required": True},
                               {"name": "Bản sao CCCD", "required": False}],
                "form": [{"name": "ho_ten", "label": "Họ và tên", "type": "text", "required": True, "max": 100},
                         {"name": "ngay_sinh", "label": "Ngày sinh", "type": "date"},
                         {"name": "gioi_tinh", "label": "Giới tính", "type": "select", "options": ["Nam", "Nữ"]}],
                "result": {"name": "Giấy xác nhận", "is_document": True},
                "delivery": ["counter", "post", "online"],
                "steps": [{"name": "Thẩm định", "role": "specialist", "hours": 8},
                          {"name": "Ký duyệt", "role": "leader", "hours": 4}]})
print(json.dumps(out, ensure_ascii=False))
PY
start=$(date +%s.%N)
"$BIN" import catalog --db "$cdb" "$work/catalog.json" >/dev/null
end=$(date +%s.%N)
total=$(sqlite3 "$cdb" "SELECT count(*) FROM procedures")
echo "catalog import         $(echo "$end - $start" | bc) s for $NP procedures (with version rows); $total in the catalogue"
db_saved=${db:-}
db=$cdb
start_server
cjar=$work/catalog.jar
CCSRF=$(csrf_of "$base/dang-nhap" "$cjar")
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$cjar" -c "$cjar" --data-urlencode "csrf=$CCSRF" \
	--data-urlencode username=admin --data-urlencode password=motcua-demo-2026 "$base/dang-nhap")
[ "$code" = 303 ] || echo "catalog: sign-in answered $code"
csid=$(cookie_of "$cjar" sid)
cat_run() { # cat_run NAME PATH: one connection; prints "NAME p50 p99"
	out=$(wrk -t1 -c1 -d"${CAT_SECS}s" --latency -H "Cookie: $csid" "$base$2")
	p50=$(echo "$out" | awk '$1=="50%"{print $2}')
	p99=$(echo "$out" | awk '$1=="99%"{print $2}')
	rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
	bad=$(echo "$out" | awk '/Non-2xx/{print $5}')
	printf '%-22s p50 %8s   p99 %8s   (%s req/s, one at a time)%s\n' "$1" "$p50" "$p99" "$rps" \
		"${bad:+   non-2xx $bad}"
}
cat_run catalog-list "/quan-tri/thu-tuc"
cat_run catalog-search "/quan-tri/thu-tuc?q=cap+lai+giay+phep"
cat_run catalog-drafts "/quan-tri/thu-tuc?trang_thai=draft"
cat_run catalog-last-page "/quan-tri/thu-tuc?trang=40"
cat_run catalog-edit "/quan-tri/thu-tuc/BC.01000"
stop_server
db=$db_saved
