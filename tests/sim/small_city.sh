#!/usr/bin/env bash
# CI's small-city convergence check (issue #7): a fresh demo city in a temporary folder, the real
# bianmin-syncd on 127.0.0.1 (test clock), and bianmin-sim working two halls and two rooms of each
# for a week and a half; bianmin-sim exits non-zero unless every device converged.
#   small_city.sh SYNCD SIM RESOURCES [sim options…]
set -euo pipefail
syncd=$1 sim=$2 resources=$3
shift 3
work=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  if [ "${BIANMIN_KEEP_TMP:-}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
"$syncd" admin --db "$work/syncd.db" init-demo --resources "$resources" > /dev/null
"$syncd" serve --db "$work/syncd.db" --dev-certs "$work/certs" --port 0 \
  --port-file "$work/port" --test-clock > /dev/null 2> "$work/syncd.log" &
pid=$!
for _ in $(seq 1 100); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || { echo "syncd did not start"; cat "$work/syncd.log"; exit 1; }
"$sim" --server "127.0.0.1:$(cat "$work/port")" --ca "$work/certs/ca.pem" --data "$work/devices" \
  --halls 2 --rooms-per-hall 2 --days 8 --scale 0.15 --quiet "$@"
