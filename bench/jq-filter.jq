# The jq baseline of docs/benchmarks.md: over Loki query_range answers (one JSON document per page), keep the lines
# with an HTTP status >= 500 (the line's top-level statusCode or status) or an error level label, and extract the
# chaos resolution links. One compact object per kept line:
#   jq -c -f bench/jq-filter.jq page-*.json
.data.result[]
| .stream as $labels
| .values[]
| .[0] as $ts
| .[1] as $line
| ($line | try fromjson catch null) as $json
| ((if ($json | type) == "object" then ($json.statusCode // $json.status) else null end | tonumber?) // 0) as $status
| select($status >= 500 or (($labels.level // "") | ascii_downcase) == "error")
| {ts: $ts, status: $status,
   links: [$line | scan("https?://[A-Za-z0-9.:-]+/api/support/[A-Za-z0-9_]+/report/[a-z0-9]+")] | unique}
