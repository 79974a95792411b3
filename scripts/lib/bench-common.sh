# Helpers shared by the benchmark scripts (scripts/bench-proxy, scripts/bench-shadow). Sourced, not run.
#
# The sourcing script sets, before calling anything here:
#   BENCH_NAME   name used in messages ("bench-proxy")
#   repo         the repository root
# and for the build: build (1/0), BUILD_TIMEOUT, STRANGLER_BIN.
# bench_start_tmp creates $tmp and installs the cleanup trap; processes appended to the array `pids`
# (and their children) are stopped on exit; set ok=1 at the end of a successful run to remove $tmp.

die() { echo "$BENCH_NAME: error: $*" >&2; exit 1; }
log() { echo "$BENCH_NAME: $*" >&2; }

# "10s" / "10" / "1m" -> seconds
to_seconds() {
  case "$1" in
    *[!0-9smh]*|"") return 1 ;;
    *h) echo $(( ${1%h} * 3600 )) ;;
    *m) echo $(( ${1%m} * 60 )) ;;
    *s) echo $(( ${1%s} )) ;;
    *) echo $(( $1 )) ;;
  esac
}

# bench_tools: runs scripts/setup (installs what is missing), sets NGINX, HAPROXY and ncpu, and checks
# the tools every benchmark uses.
bench_tools() {
  log "checking tools (scripts/setup installs what is missing)"
  if [ -x "$repo/scripts/setup" ]; then
    timeout 900 "$repo/scripts/setup" >&2 || die "scripts/setup failed; install nginx, haproxy, wrk, curl and procps by hand (apt-get install nginx haproxy wrk curl procps) and rerun"
  else
    log "warning: scripts/setup not found; assuming the tools are installed"
  fi
  NGINX="$(command -v nginx || true)"; [ -n "$NGINX" ] || NGINX=/usr/sbin/nginx
  HAPROXY="$(command -v haproxy || true)"; [ -n "$HAPROXY" ] || HAPROXY=/usr/sbin/haproxy
  [ -x "$NGINX" ] || die "nginx not found; run scripts/setup (or apt-get install nginx)"
  [ -x "$HAPROXY" ] || die "haproxy not found; run scripts/setup (or apt-get install haproxy)"
  local t
  for t in wrk curl taskset timeout pgrep awk; do
    command -v "$t" >/dev/null 2>&1 || die "$t not found; run scripts/setup (or apt-get install wrk curl util-linux coreutils procps gawk)"
  done
  ncpu="$(nproc)"
  [ "$ncpu" -ge 2 ] || die "needs at least 2 CPUs for the pinning (wrk on CPU 0, servers on CPU 1); this machine has $ncpu"
}

# bench_build_strangler [BUILD_FAILED_HINT [MISSING_HINT]]: builds the release binary when build=1, then
# checks STRANGLER_BIN exists. The hints are appended to the two error messages (e.g. ", or pass --x").
bench_build_strangler() {
  if [ "$build" -eq 1 ]; then
    command -v swift >/dev/null 2>&1 || die "swift not found; put the Swift toolchain on PATH, or pass STRANGLER_BIN=/path/to/strangler"
    log "building release: swift build -c release --product strangler --scratch-path .build-release (about 10 min the first time; --no-build or STRANGLER_BIN to skip)"
    local t0=$SECONDS
    if ! (cd "$repo" && timeout "$BUILD_TIMEOUT" swift build -c release --product strangler --scratch-path .build-release >&2); then
      die "release build failed (see above); fix it, or pass STRANGLER_BIN=/path/to/strangler${1:-}"
    fi
    log "release build took $((SECONDS - t0)) s"
  fi
  [ -x "$STRANGLER_BIN" ] || die "strangler binary not found at $STRANGLER_BIN; build it (drop --no-build), set STRANGLER_BIN${2:-}"
}

# ---------------------------------------------------------------- processes and cleanup
# stop_tree PID...: SIGTERM to each process and its children, up to 5 s for them to exit, then SIGKILL;
# reaps those that are children of this shell.
stop_tree() {
  local all=() p c i alive
  for p in "$@"; do
    all+=("$p")
    for c in $(pgrep -P "$p" 2>/dev/null || true); do all+=("$c"); done
  done
  [ ${#all[@]} -gt 0 ] || return 0
  for p in "${all[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for i in $(seq 1 50); do
    alive=0
    for p in "${all[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ "$alive" -eq 0 ] && break
    sleep 0.1
  done
  for p in "${all[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  for p in "$@"; do wait "$p" 2>/dev/null || true; done
}

# forget_pid PID: drop PID from `pids` (after stop_tree stopped it).
forget_pid() {
  local keep=() p
  for p in "${pids[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
  pids=("${keep[@]+"${keep[@]}"}")
}

bench_cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_tree "${pids[@]+"${pids[@]}"}"
  if [ "$ok" -eq 1 ] && [ "${KEEP_TMP:-0}" != 1 ]; then
    rm -rf "$tmp"
  else
    echo "$BENCH_NAME: configs, server logs and raw wrk output kept in $tmp" >&2
  fi
  exit "$rc"
}

# bench_start_tmp: creates $tmp, empties `pids`, installs the traps.
bench_start_tmp() {
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/$BENCH_NAME.XXXXXX")"
  pids=()
  ok=0
  trap bench_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

# A port no socket uses, below the kernel's ephemeral range (so that no outgoing connection grabs
# it between the check and the bind), not handed out before in this run.
used_ports=" "
eph_low="$(awk '{ print $1 }' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)"
[ "$eph_low" -gt 12000 ] 2>/dev/null || eph_low=32768
free_port() {
  local p i
  for i in $(seq 1 200); do
    p=$(( 10000 + (RANDOM * 32768 + RANDOM) % (eph_low - 10000) ))
    case "$used_ports" in *" $p "*) continue ;; esac
    if command -v ss >/dev/null 2>&1 && [ -n "$(ss -Htan "( sport = :$p or dport = :$p )" 2>/dev/null)" ]; then
      continue
    fi
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      used_ports="$used_ports$p "
      echo "$p"
      return 0
    fi
  done
  die "no free port found on 127.0.0.1"
}

# wait_http NAME PID URL LOG SECONDS: poll until URL answers 200, the process dies, or time runs out.
wait_http() {
  local name="$1" pid="$2" url="$3" logf="$4" limit="$5"
  local deadline=$(( SECONDS + limit )) code
  while [ "$SECONDS" -lt "$deadline" ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "--- last lines of $logf:" >&2; tail -n 30 "$logf" >&2 || true
      die "$name exited during start-up (log above, in $logf)"
    fi
    code="$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$url" 2>/dev/null || true)"
    [ "$code" = 200 ] && return 0
    sleep 0.1
  done
  echo "--- last lines of $logf:" >&2; tail -n 30 "$logf" >&2 || true
  die "$name did not answer 200 on $url within ${limit}s (last status '${code:-none}'; log above, in $logf)"
}

# ---------------------------------------------------------------- nginx config pieces
nginx_user=""
[ "$(id -u)" -eq 0 ] && nginx_user="user $(id -un) $(id -gn);"

# nginx_main PREFIX: main-context lines every nginx here shares.
nginx_main() {
  cat <<EOF
$nginx_user
daemon off;
master_process on;
worker_processes 1;
pid $1/nginx.pid;
error_log $1/error.log warn;
events { worker_connections 8192; multi_accept on; }
EOF
}
# nginx_http_common PREFIX: http-context lines every nginx here shares.
nginx_http_common() {
  cat <<EOF
    access_log off;
    client_body_temp_path $1/client_body;
    proxy_temp_path $1/proxy;
    fastcgi_temp_path $1/fastcgi;
    uwsgi_temp_path $1/uwsgi;
    scgi_temp_path $1/scgi;
    keepalive_timeout 75s;
    keepalive_requests 1000000;
    server_tokens off;
EOF
}

# ---------------------------------------------------------------- measuring
# CPU ticks (user+system) of a process and its children.
clk_tck="$(getconf CLK_TCK 2>/dev/null || echo 100)"
cpu_ticks() {
  local total=0 p stat rest f
  for p in "$1" $(pgrep -P "$1" 2>/dev/null || true); do
    stat="$(cat "/proc/$p/stat" 2>/dev/null)" || continue
    rest="${stat##*) }"
    read -r -a f <<<"$rest"
    total=$(( total + f[11] + f[12] ))
  done
  echo "$total"
}

# Results, one row per run.
R_TARGET=(); R_BODY=(); R_CONNS=(); R_RPS=(); R_P50=(); R_P99=(); R_REQS=(); R_NON2XX=(); R_SOCKERR=(); R_SOCKDETAIL=(); R_CPU=()

# parse_wrk FILE -> "rps p50_us p99_us requests non2xx socket_errors socket_error_detail"
parse_wrk() {
  awk '
    function us(v,   n, u) {
      n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
      if (u == "us") return n
      if (u == "ms") return n * 1000
      if (u == "s")  return n * 1000000
      if (u == "m")  return n * 60000000
      if (u == "h")  return n * 3600000000
      return -1
    }
    /^Requests\/sec:/ { rps = $2 }
    /^ *50% / { p50 = us($2) }
    /^ *99% / { p99 = us($2) }
    / requests in / { reqs = $1 }
    /Non-2xx or 3xx responses:/ { non2xx = $NF }
    /Socket errors:/ { gsub(",", ""); sockerr = $4 + $6 + $8 + $10; detail = "connect=" $4 ",read=" $6 ",write=" $8 ",timeout=" $10 }
    END {
      if (rps == "") rps = -1; if (p50 == "") p50 = -1; if (p99 == "") p99 = -1; if (reqs == "") reqs = -1
      if (detail == "") detail = "none"
      printf "%s %.1f %.1f %s %d %d %s\n", rps, p50, p99, reqs, non2xx + 0, sockerr + 0, detail
    }' "$1"
}

# wrk_run TARGET LABEL URL PID CONNS DURATION_S [warmup]: wrk (1 thread, CPU 0) against URL; appends a row
# to the R_* arrays (LABEL goes into R_BODY) with the CPU of PID and its children per request. The raw
# output is $tmp/wrk-TARGET-LABEL-cCONNS.txt. BENCH_LOG_WIDTH sets the target column of the log line; WRK_SCRIPT,
# when set, is a Lua script for wrk (-s).
wrk_run() {
  local target="$1" label="$2" url="$3" pid="$4" conns="$5" secs="$6" mode="${7:-}"
  local raw="$tmp/wrk-$target-$label-c$conns${mode:+-$mode}.txt"
  local threads=1
  kill -0 "$pid" 2>/dev/null || die "$target (pid $pid) is no longer running before the $label c=$conns run; see its log in $tmp"
  local c0; c0="$(cpu_ticks "$pid")"
  local script=()
  [ -n "${WRK_SCRIPT:-}" ] && script=(-s "$WRK_SCRIPT")
  if ! timeout $(( secs + 30 )) taskset -c 0 wrk -t"$threads" -c"$conns" -d"${secs}s" ${script[@]+"${script[@]}"} \
      --latency "$url" >"$raw" 2>&1; then
    cat "$raw" >&2
    die "wrk against $target ($url) failed or hung"
  fi
  local c1; c1="$(cpu_ticks "$pid")"
  kill -0 "$pid" 2>/dev/null || die "$target (pid $pid) died during the $label c=$conns run; see its log in $tmp"
  [ "$mode" = warmup ] && return 0
  local rps p50 p99 reqs non2xx sockerr detail cpu
  read -r rps p50 p99 reqs non2xx sockerr detail <<<"$(parse_wrk "$raw")"
  [ "$rps" != -1 ] && [ "$p50" != -1.0 ] || { cat "$raw" >&2; die "could not parse wrk output for $target $label c=$conns ($raw)"; }
  cpu="$(awk -v d=$(( c1 - c0 )) -v t="$clk_tck" -v n="$reqs" 'BEGIN { if (n > 0) printf "%.1f", d * 1000000 / t / n; else print "-1" }')"
  R_TARGET+=("$target"); R_BODY+=("$label"); R_CONNS+=("$conns"); R_RPS+=("$rps"); R_P50+=("$p50"); R_P99+=("$p99")
  R_REQS+=("$reqs"); R_NON2XX+=("$non2xx"); R_SOCKERR+=("$sockerr"); R_SOCKDETAIL+=("$detail"); R_CPU+=("$cpu")
  local warn=""
  [ "$non2xx" -gt 0 ] && warn=" NON-2XX=$non2xx"
  [ "$sockerr" -gt 0 ] && warn="$warn SOCKET-ERRORS($detail)"
  log "$(printf "%-${BENCH_LOG_WIDTH:-9}s %-5s c=%-4s %10s req/s  p50 %8s us  p99 %8s us  cpu %6s us/req%s" "$target" "$label" "$conns" "$rps" "$p50" "$p99" "$cpu" "$warn")"
}

find_row() { # TARGET BODY CONNS -> index or -1
  local j
  for j in "${!R_TARGET[@]}"; do
    if [ "${R_TARGET[$j]}" = "$1" ] && [ "${R_BODY[$j]}" = "$2" ] && [ "${R_CONNS[$j]}" = "$3" ]; then echo "$j"; return; fi
  done
  echo -1
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "null" }'; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a - b }'; }

# warn_load: a warning when the 1-minute load average says other work shares the CPUs.
warn_load() {
  local load1; load1="$(cut -d' ' -f1 /proc/loadavg)"
  if awk -v l="$load1" 'BEGIN { exit !(l > 0.7) }'; then
    log "WARNING: load average is $(cut -d' ' -f1-3 /proc/loadavg): other work (builds?) shares the CPUs and will skew the figures"
  fi
}

# json_versions: the "versions" object's body (nginx, haproxy, wrk).
json_versions() {
  printf '"nginx": "%s", "haproxy": "%s", "wrk": "%s"' \
    "$("$NGINX" -v 2>&1 | sed 's/.*nginx\///')" "$("$HAPROXY" -v 2>/dev/null | head -n1 | awk '{ print $3 }')" \
    "$(wrk --version 2>&1 | head -n1 | awk '{ print $2 }')"
}
