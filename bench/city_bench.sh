#!/usr/bin/env bash
# The whole demo city over simulated days (issue #7): a fresh demo city (its users' passwords
# hashed with --password-cost minimal, so that a year of daily sign-ins does not dominate; the
# sign-in cost is measured by province_bench), the real bianmin-syncd on 127.0.0.1 with a test
# clock, and bianmin-sim working every hall and room with its convergence check at the end.
# Prints the simulator's log (a line per day with where its time went) and a summary with the
# server's and the simulator's CPU time and memory.
#   city_bench.sh SYNCD SIM RESOURCES OUTDIR [--continue CITYDIR] [sim options…]
# (default: --days 20). The city lives in OUTDIR/city; --continue CITYDIR goes on with the city
# an earlier run left there (its server database and devices) for the days asked, from the day
# after its last one (bianmin-sim --resume): a long history in legs, each with its check.
set -euo pipefail
syncd=$1 sim=$2 resources=$3 out=$4
shift 4
mkdir -p "$out"
work="$out/city"
resume=()
if [ "${1:-}" = --continue ]; then
  work=$2
  shift 2
  [ -f "$work/syncd.db" ] && [ -f "$work/devices/sim-state.json" ] ||
    { echo "city_bench: $work holds no city to go on with (syncd.db, devices/sim-state.json)"; exit 2; }
  resume=(--resume)
fi
[ $# -gt 0 ] || set -- --days 20
pid=
cleanup() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi; }
trap cleanup EXIT
if [ ${#resume[@]} = 0 ]; then
  rm -rf "$work"
  mkdir -p "$work"
  "$syncd" admin --db "$work/syncd.db" init-demo --resources "$resources" --password-cost minimal > /dev/null
fi
rm -f "$work/port"
"$syncd" serve --db "$work/syncd.db" --dev-certs "$work/certs" --port 0 --port-file "$work/port" \
  --test-clock --workers 8 > /dev/null 2>> "$work/syncd.log" &
pid=$!
for _ in $(seq 1 100); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || { echo "syncd did not start"; cat "$work/syncd.log"; exit 1; }
echo "city_bench: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), city $work, sim options: --workers 8 ${resume[*]} $*"
started=$SECONDS
"$sim" --server "127.0.0.1:$(cat "$work/port")" --ca "$work/certs/ca.pem" --data "$work/devices" \
  --workers 8 --report "$out/city-report.json" "${resume[@]}" "$@" > "$out/city.log" 2>&1 &
simpid=$!
# CPU time (clock ticks) and resident memory of its own (anonymous, KiB) of a running process.
# The stores' files are read through memory maps: their pages count in VmRSS and VmHWM but are the
# operating system's page cache, not the process's memory; RssAnon is what the process holds.
usage_of() { echo "$(cut -d' ' -f14,15 "/proc/$1/stat" 2>/dev/null) $(awk '/RssAnon/ {print $2}' "/proc/$1/status" 2>/dev/null)"; }
simusage="0 0 0" srvusage="0 0 0" mpeak=0 speak=0
while kill -0 "$simpid" 2>/dev/null; do
  u=$(usage_of "$simpid")
  [ "$(echo "$u" | wc -w)" = 3 ] && simusage=$u && mpeak=$(( ${u##* } > mpeak ? ${u##* } : mpeak ))
  u=$(usage_of "$pid")
  [ "$(echo "$u" | wc -w)" = 3 ] && srvusage=$u && speak=$(( ${u##* } > speak ? ${u##* } : speak ))
  sleep 1
done
status=0
wait "$simpid" || status=$?
grep -v '^  ' "$out/city.log" || true
wall=$((SECONDS - started))
u=$(usage_of "$pid")
[ "$(echo "$u" | wc -w)" = 3 ] && srvusage=$u
read -r su ss _ <<< "$srvusage"
read -r mu ms _ <<< "$simusage"
srss=$speak mrss=$mpeak
cases=$(grep -o '"received":[0-9]*' "$out/city-report.json" 2>/dev/null | tail -1 | cut -d: -f2)
all=$(grep -o '"receivedAllLegs":[0-9]*' "$out/city-report.json" 2>/dev/null | cut -d: -f2)
awk -v wall="$wall" -v cases="${cases:-0}" -v all="${all:-0}" -v su="$su" -v ss="$ss" -v srss="$srss" -v mu="$mu" \
  -v ms="$ms" -v mrss="$mrss" -v tick="$(getconf CLK_TCK)" \
  -v db="$(du -m "$work/syncd.db" | cut -f1)" -v dev="$(du -sm "$work/devices" | cut -f1)" 'BEGIN {
  server = (su + ss) / tick; simcpu = (mu + ms) / tick; n = cases > 0 ? cases : 1
  printf "city_bench: %d s wall, %d cases received (%d in the city since its first day)\n", wall, cases, all
  printf "  server: CPU %.1f s, peak memory of its own (RssAnon, sampled each second) %d MiB\n", server, srss / 1024
  printf "  simulator (every device): CPU %.1f s, peak memory of its own %d MiB\n", simcpu, mrss / 1024
  printf "  per case: %.2f ms wall, %.2f ms CPU (server %.2f, simulator %.2f)\n", wall * 1000 / n, (server + simcpu) * 1000 / n, server * 1000 / n, simcpu * 1000 / n
  printf "  server database %d MiB, device stores %d MiB\n", db, dev
}'
exit $status
