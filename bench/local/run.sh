#!/usr/bin/env bash
# Local cloud benchmark, one run, everything on 127.0.0.1:
#   Stratus: `stratus dev` on examples/users-service (GET /status, a trivial C# function through the HTTP API
#   emulator): time from start to the first 200 (a first start that builds what changed, then a restart with
#   nothing changed, the figure compared), the cold start of a function process (Init Duration from the
#   Invoke API's log tail, and the wall time of that cold request; medians over three functions started cold in
#   turn), warm requests/s and p50/p99 with wrk (2 threads, 16 connections, 10 s), and the CPU time its
#   processes (gateway and functions) spend per warm request.
#   serverless-offline 13 with the Serverless Framework 3.40 (installed into bench/local/.work), serving an
#   equivalent trivial Node function (httpApi GET /status), measured the same way.
#   A bare Kestrel endpoint (bench/local/KestrelPeer) answering the same JSON: the one-hop ceiling.
#   The floor: a second `stratus dev` serving a custom runtime in C (bench/local/floor-runtime) that only speaks
#   the Runtime API and posts a canned answer; what Stratus's figures exceed it by is what the C# function costs,
#   and the floor itself is what the gateway and the machine cost.
#   The four servers run together for the warm figures: each is warmed 10 s, then they are measured in turn,
#   three rounds, and the medians are reported, so a change in the machine's load falls on all alike. While one
#   is measured the others are paused (SIGSTOP, then SIGCONT): serverless-offline keeps a core busy for many
#   seconds after its own run, which would otherwise fall on whichever server came next.
# Prints them all, Stratus's figures as ratios to serverless-offline's, bare Kestrel's and the floor's, and the
# p99 aim scaled to this run's Kestrel; writes bench/results/local.json.
# Every process it starts is stopped by pid on exit. Usage: bench/local/run.sh [--packaged]
#   By default `stratus dev` runs the quick managed Debug build of the functions; --packaged runs the artifacts
#   `stratus package` writes (Native AOT for provided.al2023), which is what ships, but packages every function
#   first. The JSON records which one was measured.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work="$root/bench/local/.work"
results="$root/bench/results"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
export SLS_TELEMETRY_DISABLED=1 SLS_NOTIFICATIONS_MODE=off SERVERLESS_PLATFORM_STAGE=none CI=1
mkdir -p "$work" "$results"

dev_args=()
function_build="managed Debug (stratus dev)"
start_limit=300
if [[ "${1:-}" == --packaged ]]; then
  # Native AOT publishing of every function comes before the first 200.
  dev_args=(--packaged)
  function_build="packaged (stratus dev --packaged)"
  start_limit=1800
fi

pids=()
declare -A server_pid

# A process and all its descendants (stratus dev's function processes, serverless-offline's workers).
process_tree() {
  local child
  echo "$1"
  for child in $(pgrep -P "$1"); do process_tree "$child"; done
}

signal_tree() {
  # Word splitting of the pid list is intended.
  # shellcheck disable=SC2046
  kill -"$1" $(process_tree "$2") 2>/dev/null || true
}

cleanup() {
  for pid in "${pids[@]}"; do
    # A paused server would not act on SIGTERM until continued.
    signal_tree CONT "$pid"
  done
  for pid in "${pids[@]}"; do
    # SIGTERM lets `stratus dev` end its function processes; whatever is left after 10 s is killed.
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Polls url until it answers 200 or the deadline (seconds) passes; prints the elapsed ms since $2. Stops at once
# if the server ($4, a pid) has exited, and shows the end of its log ($5), which says why.
wait_for_200() {
  local url=$1 started=$2 deadline=$(( $(date +%s) + $3 )) pid=$4 log=$5
  while (( $(date +%s) < deadline )); do
    if [[ $(curl -s -o /dev/null -m 5 -w '%{http_code}' "$url" || true) == 200 ]]; then
      echo $(( $(now_ms) - started ))
      return 0
    fi
    if ! kill -0 "$pid" 2> /dev/null; then
      echo "error: the server for $url exited before answering; the end of $log:" >&2
      tail -n 20 "$log" >&2
      return 1
    fi
    sleep 0.05
  done
  echo "error: $url gave no 200 within $3 s; see $log" >&2
  return 1
}

# wrk's latency figure (e.g. 812.00us, 1.52ms, 2.01s) in milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) n = n / 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n = n * 1000
    printf "%.3f", n }'
}

# The CPU time (user and system, in clock ticks) a process and its descendants have used so far. A process that
# ended takes its ticks with it, which is why a server is read just before and just after its own run.
tree_cpu_ticks() {
  local pid total=0
  for pid in $(process_tree "$1"); do
    # Fields 14 and 15 of /proc/PID/stat, counted after the command name, which may hold spaces.
    total=$(( total + $(sed 's/^.*) //' "/proc/$pid/stat" 2> /dev/null | awk '{t = $12 + $13} END {print t + 0}') ))
  done
  echo "$total"
}

# One measured wrk run (2 threads, 16 connections, 10 s); prints "rps p50 p99 non2xx requests".
wrk_once() {
  local url=$1 out
  out=$(timeout 40 wrk -t2 -c16 -d10s --latency "$url")
  echo "$out" | sed 's/^/    /' >&2
  local non2xx
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  # A round that measured nothing (the server gone) reads as 0 requests/s, not as shifted fields.
  local rps
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  local requests
  requests=$(echo "$out" | awk '/ requests in / {print $1}')
  echo "${rps:-0}" \
    "$(to_ms "$(echo "$out" | awk '$1 == "50%" {print $2}')")" \
    "$(to_ms "$(echo "$out" | awk '$1 == "99%" {print $2}')")" "${non2xx:-0}" "${requests:-0}"
}

# The median of three values.
median3() { printf '%s\n' "$@" | sort -g | sed -n 2p; }

# Pauses (STOP) or resumes (CONT) every server but the named one.
signal_others() {
  local name
  for name in "${!server_pid[@]}"; do
    if [[ $name != "$2" ]]; then signal_tree "$1" "${server_pid[$name]}"; fi
  done
}

# Warms every server (10 s each), then measures them in turn, three rounds, so a change in the machine's load
# during the run falls on all alike; the others are paused while one is measured. Arguments are name=url pairs
# whose names are keys of server_pid; sets rps[name], p50[name], p99[name] to the medians of each figure,
# non2xx[name] to the sum, and cpu_us[name] to the server's CPU time per request over its three runs, in µs.
# Unlike latency, CPU time per request hardly moves with the machine's other load: it is the figure to compare
# a change by, on a shared machine.
declare -A rps p50 p99 non2xx cpu_us
measure_alternating() {
  local pair name url round r a b n served before
  local -A all_r all_a all_b ticks requests
  for pair in "$@"; do
    timeout 30 wrk -t2 -c16 -d10s "${pair#*=}" > /dev/null
    non2xx[${pair%%=*}]=0 ticks[${pair%%=*}]=0 requests[${pair%%=*}]=0
  done
  for round in 1 2 3; do
    for pair in "$@"; do
      name=${pair%%=*} url=${pair#*=}
      echo "  round $round: $name" >&2
      signal_others STOP "$name"
      before=$(tree_cpu_ticks "${server_pid[$name]}")
      read -r r a b n served < <(wrk_once "$url")
      ticks[$name]=$(( ticks[$name] + $(tree_cpu_ticks "${server_pid[$name]}") - before ))
      signal_others CONT "$name"
      all_r[$name]+="$r " all_a[$name]+="$a " all_b[$name]+="$b "
      non2xx[$name]=$(( non2xx[$name] + n )) requests[$name]=$(( requests[$name] + served ))
    done
  done
  for pair in "$@"; do
    name=${pair%%=*}
    # Word splitting of the three recorded figures is intended here.
    # shellcheck disable=SC2086
    rps[$name]=$(median3 ${all_r[$name]}) p50[$name]=$(median3 ${all_a[$name]}) p99[$name]=$(median3 ${all_b[$name]})
    cpu_us[$name]=$(awk -v t="${ticks[$name]}" -v n="${requests[$name]}" -v hz="$(getconf CLK_TCK)" \
      'BEGIN { if (n == 0) print "null"; else printf "%.1f", t / hz * 1e6 / n }')
  done
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "null"; else printf "%.2f", a / b }'; }

# --- tools -------------------------------------------------------------------------------------------------
if ! command -v wrk > /dev/null; then
  echo "Installing wrk from Debian's packages..." >&2
  timeout 900 "$root/eng/apt-install.sh" wrk > /dev/null
fi

if [[ ! -x "$work/offline/node_modules/.bin/serverless" ]] || ! grep -q '"version": "3.40.0"' \
    "$work/offline/node_modules/serverless/package.json" 2> /dev/null; then
  echo "Installing serverless@3.40.0 and serverless-offline@13 into $work/offline..." >&2
  mkdir -p "$work/offline"
  (cd "$work/offline" && timeout 600 npm install --no-audit --no-fund --loglevel=error \
    serverless@3.40.0 serverless-offline@13 > /dev/null)
fi

if ! command -v cc > /dev/null; then
  echo "Installing a C compiler (gcc) from Debian's packages, for the floor runtime..." >&2
  timeout 900 "$root/eng/apt-install.sh" gcc libc6-dev > /dev/null
fi

echo "Building the stratus CLI (Release)..." >&2
if ! timeout 600 dotnet build "$root/src/Stratus.Cli" -c Release -nologo -v:q > "$work/build.log" 2>&1; then
  cat "$work/build.log" >&2
  exit 1
fi
stratus_dll="$root/src/Stratus.Cli/bin/Release/net10.0/stratus.dll"
echo "Building the bare Kestrel peer (Release)..." >&2
if ! timeout 600 dotnet build "$root/bench/local/KestrelPeer" -c Release -nologo -v:q > "$work/build.log" 2>&1; then
  cat "$work/build.log" >&2
  exit 1
fi
kestrel_dll="$root/bench/local/KestrelPeer/bin/Release/net10.0/Stratus.Bench.KestrelPeer.dll"

# --- Stratus -------------------------------------------------------------------------------------------------
# The first start builds (with --packaged, packages) what changed since the last run; the start compared with
# serverless-offline's, which builds nothing, is the next one, with nothing changed, as a developer restarting
# `dev` sees it. Both are reported.
port=$(free_port)
echo "Stratus: a first stratus dev on 127.0.0.1:$port, building what changed" >&2
started=$(now_ms)
dotnet "$stratus_dll" dev --config "$root/examples/users-service/serverless.yml" --port "$port" "${dev_args[@]}" \
  > "$work/stratus-first.out" 2> "$work/stratus-first.err" &
first_pid=$!
pids+=("$first_pid")
stratus_first_start=$(wait_for_200 "http://127.0.0.1:$port/status" "$started" "$start_limit" \
  "$first_pid" "$work/stratus-first.err")
kill -TERM "$first_pid"
wait "$first_pid" || true
remaining=()
for pid in "${pids[@]}"; do [[ "$pid" == "$first_pid" ]] || remaining+=("$pid"); done
pids=("${remaining[@]}")

port=$(free_port)
echo "Stratus: stratus dev on 127.0.0.1:$port" >&2
started=$(now_ms)
dotnet "$stratus_dll" dev --config "$root/examples/users-service/serverless.yml" --port "$port" "${dev_args[@]}" \
  > "$work/stratus.out" 2> "$work/stratus.err" &
pids+=($!)
server_pid[stratus]=$!
stratus_first_200=$(wait_for_200 "http://127.0.0.1:$port/status" "$started" "$start_limit" \
  "${server_pid[stratus]}" "$work/stratus.err")

# Cold start: the first invocation of functions no request has touched yet, through the Invoke API with its
# log tail, whose REPORT line carries Lambda's Init Duration. One cold start is a noisy sample, so three
# functions start cold in turn and the medians are reported.
cold_inits=() cold_walls=()
for cold_function in getMe listUsers deleteUser; do
  cold_started=$(now_ms)
  tail_b64=$(curl -s -m 30 -D - -o /dev/null -X POST -H 'X-Amz-Log-Type: Tail' -d '{}' \
    "http://127.0.0.1:$port/2015-03-31/functions/users-service-dev-$cold_function/invocations" \
    | awk -F': ' 'tolower($1) == "x-amz-log-result" {print $2}' | tr -d '\r')
  cold_walls+=($(( $(now_ms) - cold_started )))
  init=$(echo "$tail_b64" | base64 -d | grep -o 'Init Duration: [0-9.]* ms' | awk '{print $3}')
  cold_inits+=("${init:-null}")
done
echo "  cold starts (getMe, listUsers, deleteUser): Init Duration ${cold_inits[*]} ms, wall ${cold_walls[*]} ms" >&2
stratus_cold_wall=$(median3 "${cold_walls[@]}")
if [[ " ${cold_inits[*]} " == *" null "* ]]; then
  stratus_init=null
else
  stratus_init=$(median3 "${cold_inits[@]}")
fi


# --- the floor: the same gateway, a function that costs nothing ---------------------------------------------
floor="$work/floor"
mkdir -p "$floor"
cc -O2 -o "$floor/bootstrap" "$root/bench/local/floor-runtime/bootstrap.c"
# Python's zipfile keeps the executable bit, which Lambda (and Stratus) need on bootstrap.
(cd "$floor" && rm -f floor.zip && python3 -m zipfile -c floor.zip bootstrap)
cat > "$floor/serverless.yml" <<'YML'
service: bench-floor
provider:
  name: aws
  runtime: provided.al2023
functions:
  status:
    handler: bootstrap
    package:
      artifact: floor.zip
    events:
      - httpApi:
          method: GET
          path: /status
YML
floor_port=$(free_port)
echo "the floor: stratus dev serving a C custom runtime on 127.0.0.1:$floor_port" >&2
dotnet "$stratus_dll" dev --config "$floor/serverless.yml" --port "$floor_port" \
  > "$work/floor.out" 2> "$work/floor.err" &
pids+=($!)
server_pid[floor]=$!
wait_for_200 "http://127.0.0.1:$floor_port/status" "$(now_ms)" 120 "${server_pid[floor]}" "$work/floor.err" > /dev/null

# --- serverless-offline --------------------------------------------------------------------------------------
svc="$work/offline"
cat > "$svc/handler.js" <<'JS'
'use strict';
exports.status = async () => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ version: '1.0.0' }),
});
JS
http_port=$(free_port)
lambda_port=$(free_port)
cat > "$svc/serverless.yml" <<YML
service: bench-offline
frameworkVersion: '3'
provider:
  name: aws
  runtime: nodejs20.x
  region: us-east-1
plugins:
  - serverless-offline
custom:
  serverless-offline:
    host: 127.0.0.1
    httpPort: $http_port
    lambdaPort: $lambda_port
    noPrependStageInUrl: true
functions:
  status:
    handler: handler.status
    events:
      - httpApi:
          path: /status
          method: get
  cold:
    handler: handler.status
    events:
      - httpApi:
          path: /cold
          method: get
YML
echo "serverless-offline on 127.0.0.1:$http_port" >&2
started=$(now_ms)
(cd "$svc" && exec node node_modules/serverless/bin/serverless.js offline start) \
  > "$work/offline.out" 2> "$work/offline.err" &
pids+=($!)
server_pid[offline]=$!
offline_first_200=$(wait_for_200 "http://127.0.0.1:$http_port/status" "$started" 120 "${server_pid[offline]}" \
  "$work/offline.err")

# serverless-offline reports no init duration: the cold figure is the wall time of a first request.
cold_started=$(now_ms)
curl -s -m 30 -o /dev/null "http://127.0.0.1:$http_port/cold"
offline_cold_wall=$(( $(now_ms) - cold_started ))

# --- bare Kestrel, the one-hop ceiling ----------------------------------------------------------------------
# The issue's aims were set on a machine where one Kestrel hop gave p99 about 1.5 ms; this run's own Kestrel
# figures say what the same aims mean on this machine today.
kestrel_port=$(free_port)
echo "bare Kestrel on 127.0.0.1:$kestrel_port" >&2
dotnet "$kestrel_dll" "$kestrel_port" > "$work/kestrel.out" 2>&1 &
pids+=($!)
server_pid[kestrel]=$!
wait_for_200 "http://127.0.0.1:$kestrel_port/status" "$(now_ms)" 60 "${server_pid[kestrel]}" "$work/kestrel.out" \
  > /dev/null

# --- warm figures, every server in turn ----------------------------------------------------------------------
echo "Warm figures: Stratus, the floor, serverless-offline and bare Kestrel measured in turn (the others" \
  "paused), three rounds, medians" >&2
measure_alternating "stratus=http://127.0.0.1:$port/status" "floor=http://127.0.0.1:$floor_port/status" \
  "offline=http://127.0.0.1:$http_port/status" "kestrel=http://127.0.0.1:$kestrel_port/status"
stratus_rps=${rps[stratus]} stratus_p50=${p50[stratus]} stratus_p99=${p99[stratus]}
stratus_non2xx=${non2xx[stratus]}
offline_rps=${rps[offline]} offline_p50=${p50[offline]} offline_p99=${p99[offline]}
offline_non2xx=${non2xx[offline]}
kestrel_rps=${rps[kestrel]} kestrel_p50=${p50[kestrel]} kestrel_p99=${p99[kestrel]}
kestrel_non2xx=${non2xx[kestrel]}
floor_rps=${rps[floor]} floor_p50=${p50[floor]} floor_p99=${p99[floor]} floor_non2xx=${non2xx[floor]}
stratus_cpu=${cpu_us[stratus]} floor_cpu=${cpu_us[floor]} offline_cpu=${cpu_us[offline]} kestrel_cpu=${cpu_us[kestrel]}
cleanup
pids=()

# --- report --------------------------------------------------------------------------------------------------
rps_ratio=$(ratio "$stratus_rps" "$offline_rps")
p50_ratio=$(ratio "$stratus_p50" "$offline_p50")
p99_ratio=$(ratio "$stratus_p99" "$offline_p99")
start_ratio=$(ratio "$stratus_first_200" "$offline_first_200")
cold_ratio=$(ratio "$stratus_cold_wall" "$offline_cold_wall")
kestrel_rps_ratio=$(ratio "$stratus_rps" "$kestrel_rps")
kestrel_p50_ratio=$(ratio "$stratus_p50" "$kestrel_p50")
kestrel_p99_ratio=$(ratio "$stratus_p99" "$kestrel_p99")
floor_rps_ratio=$(ratio "$stratus_rps" "$floor_rps")
floor_p50_ratio=$(ratio "$stratus_p50" "$floor_p50")
floor_p99_ratio=$(ratio "$stratus_p99" "$floor_p99")
cpu_offline_ratio=$(ratio "$stratus_cpu" "$offline_cpu")
cpu_floor_ratio=$(ratio "$stratus_cpu" "$floor_cpu")
# The p99 aim (2 ms where Kestrel's was 1.5 ms) scaled to this run's Kestrel.
p99_aim_here=$(awk -v k="$kestrel_p99" 'BEGIN { printf "%.3f", k * 2 / 1.5 }')

cat > "$results/local.json" <<JSON
{
  "machine": { "cores": $(nproc), "wrk": "2 threads, 16 connections, 10 s; each warmed 10 s, then measured in turn with the others paused, 3 rounds, medians" },
  "stratus": {
    "functionBuild": "$function_build",
    "requestsPerSecond": $stratus_rps, "p50Ms": $stratus_p50, "p99Ms": $stratus_p99, "non2xx": $stratus_non2xx,
    "cpuMicrosecondsPerRequest": $stratus_cpu,
    "startToFirst200Ms": $stratus_first_200, "firstStartBuildingToFirst200Ms": $stratus_first_start,
    "coldStartInitDurationMs": $stratus_init,
    "coldStartInitDurationsMs": [$(IFS=,; echo "${cold_inits[*]}")],
    "coldRequestWallMs": $stratus_cold_wall
  },
  "serverlessOffline": {
    "versions": { "serverless": "3.40.0", "serverless-offline": "$(node -p "require('$svc/node_modules/serverless-offline/package.json').version")" },
    "requestsPerSecond": $offline_rps, "p50Ms": $offline_p50, "p99Ms": $offline_p99, "non2xx": $offline_non2xx,
    "cpuMicrosecondsPerRequest": $offline_cpu,
    "startToFirst200Ms": $offline_first_200, "coldRequestWallMs": $offline_cold_wall
  },
  "ratiosStratusToOffline": {
    "requestsPerSecond": $rps_ratio, "p50": $p50_ratio, "p99": $p99_ratio,
    "startToFirst200": $start_ratio, "coldRequestWall": $cold_ratio, "cpuPerRequest": $cpu_offline_ratio
  },
  "bareKestrel": {
    "requestsPerSecond": $kestrel_rps, "p50Ms": $kestrel_p50, "p99Ms": $kestrel_p99, "non2xx": $kestrel_non2xx,
    "cpuMicrosecondsPerRequest": $kestrel_cpu
  },
  "ratiosStratusToBareKestrel": { "requestsPerSecond": $kestrel_rps_ratio, "p50": $kestrel_p50_ratio, "p99": $kestrel_p99_ratio },
  "floor": {
    "function": "C custom runtime, Runtime API only (bench/local/floor-runtime), through stratus dev",
    "requestsPerSecond": $floor_rps, "p50Ms": $floor_p50, "p99Ms": $floor_p99, "non2xx": $floor_non2xx,
    "cpuMicrosecondsPerRequest": $floor_cpu
  },
  "ratiosStratusToFloor": {
    "requestsPerSecond": $floor_rps_ratio, "p50": $floor_p50_ratio, "p99": $floor_p99_ratio, "cpuPerRequest": $cpu_floor_ratio
  },
  "p99AimScaledToThisRunMs": $p99_aim_here
}
JSON

printf '\n%-26s %14s %18s %10s\n' "" "Stratus" "serverless-offline" "ratio"
printf '%-26s %14s %18s %10s\n' "warm requests/s" "$stratus_rps" "$offline_rps" "${rps_ratio}x"
printf '%-26s %14s %18s %10s\n' "warm p50 (ms)" "$stratus_p50" "$offline_p50" "${p50_ratio}x"
printf '%-26s %14s %18s %10s\n' "warm p99 (ms)" "$stratus_p99" "$offline_p99" "${p99_ratio}x"
printf '%-26s %14s %18s %10s\n' "start to first 200 (ms)" "$stratus_first_200" "$offline_first_200" "${start_ratio}x"
printf '%-26s %14s %18s\n' "  the same, building (ms)" "$stratus_first_start" "n/a"
printf '%-26s %14s %18s %10s\n' "cold request wall (ms)" "$stratus_cold_wall" "$offline_cold_wall" "${cold_ratio}x"
printf '%-26s %14s %18s %10s\n' "CPU per request (µs)" "$stratus_cpu" "$offline_cpu" "${cpu_offline_ratio}x"
printf '%-26s %14s %18s\n' "cold Init Duration (ms)" "$stratus_init" "n/a"
printf '\n%-26s %14s %18s %10s\n' "" "Stratus" "bare Kestrel" "ratio"
printf '%-26s %14s %18s %10s\n' "warm requests/s" "$stratus_rps" "$kestrel_rps" "${kestrel_rps_ratio}x"
printf '%-26s %14s %18s %10s\n' "warm p50 (ms)" "$stratus_p50" "$kestrel_p50" "${kestrel_p50_ratio}x"
printf '%-26s %14s %18s %10s\n' "warm p99 (ms)" "$stratus_p99" "$kestrel_p99" "${kestrel_p99_ratio}x"
printf '\n%-26s %14s %18s %10s\n' "" "Stratus" "floor (C runtime)" "ratio"
printf '%-26s %14s %18s %10s\n' "warm requests/s" "$stratus_rps" "$floor_rps" "${floor_rps_ratio}x"
printf '%-26s %14s %18s %10s\n' "warm p50 (ms)" "$stratus_p50" "$floor_p50" "${floor_p50_ratio}x"
printf '%-26s %14s %18s %10s\n' "warm p99 (ms)" "$stratus_p99" "$floor_p99" "${floor_p99_ratio}x"
printf '%-26s %14s %18s %10s\n' "CPU per request (µs)" "$stratus_cpu" "$floor_cpu" "${cpu_floor_ratio}x"
echo "CPU per request: user and system time of each server's processes (wrk's excluded) over its measured runs;" \
  "what Stratus's exceeds the floor's by is what the C# function costs. Bare Kestrel: $kestrel_cpu µs."
echo "p99 aim scaled to this run (2 ms where one Kestrel hop gave 1.5 ms): $p99_aim_here ms"
echo "Wrote $results/local.json"
