#!/usr/bin/env bash
# make bench: the hub under load on this machine, next to the store's own
# ceiling measured in the same run. Starts a hub with its own redis-server
# (AOF everysec) in a temporary folder, enrols a kiosk, a display and four officers, then:
#   1. loadgen holds 2,000 idle subscribed connections and reports the hub's
#      memory per connection;
#   2. redis-benchmark runs the hub's issue-ticket script straight on Redis
#      (the ceiling: what the store can do with no hub in front of it);
#   3. loadgen issues tickets as fast as 64 kiosk connections can, with two
#      desks calling next, through the Go client;
#   4. loadgen issues 1,000 tickets a second and reports the latency;
#   5. 5,000 subscribers watch while four desks call 10 tickets a second:
#      the call-to-subscriber latency, missed calls and hub memory per
#      subscriber, next to the same subscribers on a naive chat-pattern
#      fan-out server (loadgen -serve-naive) in the same run;
#   6. Open311's GET requests.json with 100,000 stored cases (a Go benchmark
#      with its own hub and redis-server): p99 of one page of 100 and of a
#      filter matching one case, beside the same reads straight from the
#      store in the same run.
#   7. Appointments: 1,000 booking attempts at once for one day's slots (a
#      Go benchmark with its own redis-server): none overbooked, every one
#      answered; p99 through the actions beside the same attempts straight
#      on the store and the booking script's own mean time in Redis.
#   8. Many branches (issue #13): a catalogue of 1,000 branches, two hubs
#      on one Redis, a display subscribed on each branch (on one replica)
#      and a kiosk issuing a ticket a second (on the other) for 60 s: issue
#      p99, tickets missed on their display, hub memory and Redis
#      connections per subscribed branch, beside the same load on 5
#      branches in the same run. SHAMIL_BENCH_BRANCHES and
#      SHAMIL_BENCH_BRANCH_SECONDS set the size; `build/bench.sh branches`
#      runs this part alone.
#   9. The back office (bench_office): 200,000 cases across 10 branches and 8
#      departments (a Go benchmark with its own redis-server): p99 of the
#      inbox, the search by case number and by mobile, and /performance,
#      each beside the store's own time for the same reads in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"

work=$(mktemp -d)
hub_pid=""
naive_pid=""
replica_pid=""
stop_hub() {
  [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null && wait "$hub_pid" 2>/dev/null
  hub_pid=""
}
cleanup() {
  [ -n "$replica_pid" ] && kill "$replica_pid" 2>/dev/null && wait "$replica_pid" 2>/dev/null
  stop_hub
  [ -n "$naive_pid" ] && kill "$naive_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
# 5,000 subscribers take a descriptor each in the hub and in loadgen.
ulimit -n "$(ulimit -Hn)"

go build -o "$work/hub" ./hub
go build -o "$work/loadgen" ./hub/loadgen
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
hub="http://127.0.0.1:$port"
common=(--data-dir "$work/data" --catalogue hub/catalogues/qatif.yaml)

# wait_ready waits for the hub at $1 to answer /readyz.
wait_ready() {
  for _ in $(seq 300); do curl -sf "$1/readyz" >/dev/null && return; sleep 0.1; done
  echo "hub $1 did not start"; exit 1
}

# start_hub starts a fresh hub process (the store's data stays), so each
# memory figure starts from a hub that held nothing before.
start_hub() {
  "$work/hub" serve --listen "127.0.0.1:$port" "${common[@]}" --log-level warn &
  hub_pid=$!
  wait_ready "$hub"
}

# many_branches is part 8, with its own store, catalogue and two hubs.
many_branches() {
  local n=${SHAMIL_BENCH_BRANCHES:-1000} seconds=${SHAMIL_BENCH_BRANCH_SECONDS:-60}
  echo "== many branches: $n branches, a display on each, 1 ticket/s per branch, two hubs on one Redis, ${seconds} s"
  "$work/loadgen" -write-catalogue "$work/branches.yaml" -branches "$n"
  local port2 hub2 sock="$work/branches/redis/redis.sock"
  port2=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  hub2="http://127.0.0.1:$port2"
  "$work/hub" serve --listen "127.0.0.1:$port" --data-dir "$work/branches" --catalogue "$work/branches.yaml" --log-level warn &
  hub_pid=$!
  wait_ready "$hub"
  # The second replica uses the first one's redis-server, through its socket.
  "$work/hub" serve --listen "127.0.0.1:$port2" --data-dir "$work/branches2" --catalogue "$work/branches.yaml" \
    --redis-url "unix://$sock" --log-level warn &
  replica_pid=$!
  wait_ready "$hub2"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  "$work/loadgen" -hub "$hub,$hub2" -hub-pids "$hub_pid,$replica_pid" -redis-url "unix://$sock" \
    -branches "$n" -baseline-branches 5 -duration "${seconds}s" | tee "$work/branches.out"
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  awk -v n="$n" '/^branches [0-9]+: issue/ { sub(":", "", $2); p[$2] = $NF }
    END { printf "issue p99: %d branches %.1f ms, 5 branches %.1f ms = %.2f× the 5-branch figure (goal: at most 20 ms)\n", n, p[n]/1000, p[5]/1000, p[n]/p[5] }' "$work/branches.out"
  kill "$replica_pid"; wait "$replica_pid" 2>/dev/null || true
  replica_pid=""
  stop_hub
}

if [ "${1:-}" = branches ]; then
  many_branches
  exit 0
fi
start_hub

kiosk=$("$work/hub" device add --branch qatif --kind kiosk --json "${common[@]}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
display=$("$work/hub" device add --branch qatif --kind display --json "${common[@]}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
officers=""
for name in bench1 bench2 bench3 bench4; do
  pw=$("$work/hub" user add --branch qatif --role officer --name "$name" --username "$name" --json "${common[@]}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["password"])')
  officers="${officers:+$officers,}$name:$pw"
done

echo "== idle connections: hub memory per subscribed connection"
"$work/loadgen" -hub "$hub" -kiosk-token "$kiosk" -idle 2000 -hub-pid "$hub_pid"

stop_hub
start_hub
echo "== fan-out: 5,000 subscribers, 4 desks calling 10 tickets/s, 20 s"
"$work/loadgen" -hub "$hub" -kiosk-token "$kiosk" -display-token "$display" -officers "$officers" \
  -subscribers 5000 -rate 10 -duration 20s -hub-pid "$hub_pid" | tee "$work/fanout"
naive_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$work/loadgen" -serve-naive "127.0.0.1:$naive_port" &
naive_pid=$!
sleep 0.5
echo "== baseline: the same subscribers and rate on the naive chat-pattern fan-out"
"$work/loadgen" -naive "http://127.0.0.1:$naive_port" -hub-pid "$naive_pid" -subscribers 5000 -rate 10 -duration 20s | tee "$work/naive"
kill "$naive_pid"; wait "$naive_pid" 2>/dev/null || true
naive_pid=""
awk '/^hub p99 in µs/ { h = $NF } /^naive p99 in µs/ { n = $NF }
  END { printf "fan-out p99: hub %.1f ms, naive %.1f ms = %.2f of the naive (goal: hub at most 50 ms)\n", h/1000, n/1000, h/n }' \
  "$work/fanout" "$work/naive"

sock="$work/data/redis/redis.sock"
echo "== store ceiling: redis-benchmark, EVALSHA ticket_issue, 50 clients, AOF everysec"
sha=$(redis-cli -s "$sock" SCRIPT LOAD "$(cat hub/internal/store/lua/prelude.lua; echo; cat hub/internal/store/lua/ticket_issue.lua)")
# Each request gets its own idempotency key and ticket id (__rand_int__), as
# the hub's do; the keys and the one JSON argument are the script's
# named_keys and named_args (docs/redis.md).
day="{b:bench}:day:2026-01-01"
args='{"branch":"bench","day":"2026-01-01","letter":"A","service":"road-defect","lane":"normal","score":1,"now_ms":1,
"now":"2026-01-01T00:00:00Z","case_prefix":"QTF-2026-","category":"complaint","phone":"","lang":"ar","access":"7KQ2M-XD9PA",
"channel":"walk_in","actor":"bench","fingerprint":"fp","idem_ms":86400000,"max_events":100000,"remote":false,"remote_limit":0,
"id":"bench-20260101-__rand_int__","ticket_floor":0,"case_floor":0,"offset_floor":0}'
redis-benchmark -s "$sock" -c 50 -n 100000 -r 1000000000 -q \
  EVALSHA "$sha" 17 "{b:bench}:offset" "{b:bench}:epoch" "{b:bench}:events" "{b:bench}:live" "{b:bench}:waiting" \
  "{b:bench}:desks" "{b:bench}:idem:__rand_int__" "{b:bench}:t:bench-20260101-__rand_int__" "$day:seq" "$day:tickets" \
  "$day:remote:" "$day:turn_near:remote" "{b:bench}:caseseq:2026" "{b:bench}:cases" "{b:bench}:cases:open" \
  "{b:bench}:cases:closed" "{b:bench}:phone:" "$(echo "$args" | tr -d '\n')" \
  | tr '\r' '\n' | grep -v '^$' | tail -1 | sed 's/^EVALSHA.*: \([0-9.]* requests\)/ticket_issue script: \1/' | tee "$work/ceiling"
ceiling=$(grep -o '[0-9.]* requests per second' "$work/ceiling" | cut -d' ' -f1)

echo "== hub throughput: 64 kiosks as fast as they can, 2 desks calling next, 10 s"
"$work/loadgen" -hub "$hub" -kiosk-token "$kiosk" -officers "${officers%%,bench3*}" -kiosks 64 -duration 10s | tee "$work/throughput"
hub_rate=$(grep -o '= [0-9]*/s' "$work/throughput" | head -1 | tr -dc '0-9')
awk -v h="$hub_rate" -v c="$ceiling" 'BEGIN { printf "hub throughput / store ceiling = %.2f (goal at least 0.5)\n", h / c }'

echo "== hub latency: 1,000 tickets/s from 32 kiosks, 10 s"
"$work/loadgen" -hub "$hub" -kiosk-token "$kiosk" -kiosks 32 -rate 1000 -duration 10s

stop_hub
echo "== Open311 GET requests.json, 100,000 stored cases: p99 through the hub and straight from the store"
go test -run '^$' -bench BenchmarkRequestList -benchtime 1x ./hub/internal/open311/ | tee "$work/open311"
awk '/^BenchmarkRequestList/ { for (i = 3; i < NF; i++) v[$(i + 1)] = $i }
  END {
    printf "open311 page of 100: hub %.1f ms, store %.1f ms = %.1f× the store (goal: hub at most 30 ms)\n", v["p99-ms-page-hub"], v["p99-ms-page-store"], v["p99-ms-page-hub"] / v["p99-ms-page-store"]
    printf "open311 one case of 100,000: hub %.1f ms, store %.2f ms = %.1f× the store (goal: hub at most 30 ms)\n", v["p99-ms-one-hub"], v["p99-ms-one-store"], v["p99-ms-one-hub"] / v["p99-ms-one-store"] }' "$work/open311"

echo "== appointments: 1,000 booking attempts at once for one day"
go test -run '^$' -bench BenchmarkConcurrentBookings -benchtime 1x ./hub/internal/actions/ | tee "$work/booking"
awk '/^BenchmarkConcurrentBookings/ { for (i = 3; i < NF; i++) v[$(i + 1)] = $i }
  END { printf "booking p99: actions %.1f ms, store %.1f ms = %.2f of the store; the script itself %.3f ms a call (none overbooked)\n", v["p99-ms-actions"], v["p99-ms-store"], v["p99-ms-actions"] / v["p99-ms-store"], v["mean-ms-script"] }' "$work/booking"

# bench_office: the back office with 200,000 stored cases (OFFICE_CASES to
# change it, e.g. 20000 while developing).
bench_office() {
  echo "== back office: ${OFFICE_CASES:-200000} cases across 10 branches and 8 departments"
  go test -run '^$' -bench BenchmarkOffice -benchtime 1x -timeout 60m ./hub/internal/performance/ \
    -office-cases "${OFFICE_CASES:-200000}" | tee "$work/office"
  awk '/^BenchmarkOffice/ { for (i = 3; i < NF; i++) v[$(i + 1)] = $i }
    END { n = split("inbox case mobile performance", reads, " ")
      for (i = 1; i <= n; i++) { r = reads[i]
        printf "office %s p99: hub %.2f ms, store %.2f ms = %.2f× the store (goal: hub at most 50 ms)\n", r, v["p99-ms-" r "-hub"], v["p99-ms-" r "-store"], v["p99-ms-" r "-hub"] / v["p99-ms-" r "-store"] } }' "$work/office"
}
many_branches
bench_office
