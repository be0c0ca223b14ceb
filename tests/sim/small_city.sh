#!/usr/bin/env bash
# CI's small-city convergence check (issue #7): a fresh demo city in a temporary folder, the real
# bianmin-syncd on 127.0.0.1 (test clock), and bianmin-sim working two halls and two rooms of each
# for a week and a half, in two legs: five working days, then the server restarted and the history
# resumed for three more (as a simulated year runs; the city's shape kept in the history). bianmin-sim exits non-zero unless every device
# converged; the second leg's check counts the cases of both legs. Then a leg that dies in the
# middle of a day, and one more after it. On the way, the clear refusals of a resume that makes no sense.
#   small_city.sh SYNCD SIM RESOURCES [sim options…]
set -euo pipefail
syncd=$1 sim=$2 resources=$3
shift 3
work=$(mktemp -d)
pid=
stop_syncd() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  pid=
}
cleanup() {
  stop_syncd
  if [ "${BIANMIN_KEEP_TMP:-}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
start_syncd() {
  rm -f "$work/port"
  "$syncd" serve --db "$work/syncd.db" --dev-certs "$work/certs" --port 0 \
    --port-file "$work/port" --test-clock > /dev/null 2>> "$work/syncd.log" &
  pid=$!
  for _ in $(seq 1 100); do [ -s "$work/port" ] && break; sleep 0.1; done
  [ -s "$work/port" ] || { echo "syncd did not start"; cat "$work/syncd.log"; exit 1; }
}
run_sim() {
  "$sim" --server "127.0.0.1:$(cat "$work/port")" --ca "$work/certs/ca.pem" \
    --data "$work/devices" --quiet "$@"
}
# The city of the first leg; the later ones go on with it as sim-state.json keeps it.
city=(--halls 2 --rooms-per-hall 2 --scale 0.15)
sites_of() { grep -o '"sites":[0-9]*' "$1" | cut -d: -f2; }
# Must exit 2 with `what` in its message.
refused() {
  local what=$1 status=0
  shift
  run_sim "$@" > "$work/refused.log" 2>&1 || status=$?
  if [ "$status" != 2 ] || ! grep -q -- "$what" "$work/refused.log"; then
    echo "expected exit 2 and '$what' from: bianmin-sim $*"; cat "$work/refused.log"; exit 1
  fi
}

"$syncd" admin --db "$work/syncd.db" init-demo --resources "$resources" > /dev/null
start_syncd
refused "sim-state.json" --resume --days 1 "${city[@]}"
run_sim --days 5 "${city[@]}" "$@" | tee "$work/leg1.log"
grep -qx converged "$work/leg1.log"

stop_syncd
start_syncd
refused "lies in the history" --resume --days 1 --start 2026-03-02
refused "differs from the city simulated" --resume --days 1 --halls 3
refused "differs from the city simulated" --resume --days 1 --rooms-per-hall 1
run_sim --resume --days 3 "$@" | tee "$work/leg2.log"
grep -qx converged "$work/leg2.log"
# The second leg's check counted the cases of both legs, and found more than the first leg's.
first=$(grep -o '"receivedAllLegs":[0-9]*' "$work/leg1.log" | cut -d: -f2)
all=$(grep -o '"receivedAllLegs":[0-9]*' "$work/leg2.log" | cut -d: -f2)
center=$(grep -o '"centerReceived":[0-9]*' "$work/leg2.log" | cut -d: -f2)
[ "$all" = "$center" ] && [ "$all" -gt "$first" ] ||
  { echo "both legs: received $all, the center counts $center, the first leg $first"; exit 1; }

# A leg that dies in the middle of a day (as a machine that goes down: the process ends at once
# after its fifth case): the next one goes on from the day after, and its check still counts every
# case the sites received, the dead day's too.
status=0
run_sim --resume --days 4 --die-after 5 > "$work/leg3.log" 2>&1 || status=$?
[ "$status" = 3 ] || { echo "the dying leg ended with $status"; cat "$work/leg3.log"; exit 1; }
run_sim --resume --days 2 | tee "$work/leg4.log"
grep -qx converged "$work/leg4.log"
last=$(grep -o '"receivedAllLegs":[0-9]*' "$work/leg4.log" | cut -d: -f2)
leg4=$(grep -o '"received":[0-9]*' "$work/leg4.log" | tail -1 | cut -d: -f2)
[ "$last" = $((all + 5 + leg4)) ] ||
  { echo "after the dead leg: $last cases, expected $all + 5 + $leg4"; exit 1; }
[ "$(sites_of "$work/leg1.log")" = 6 ] && [ "$(sites_of "$work/leg4.log")" = 6 ] ||
  { echo "the city changed: $(sites_of "$work/leg1.log") sites, then $(sites_of "$work/leg4.log")"; exit 1; }

# The history file damaged: refused, as a missing one is. Where it cannot be written (a directory in
# the way of its temporary copy, as a full disk would fail it) the leg stops at once with exit 1 and
# the history stays as it was.
state="$work/devices/sim-state.json"
cp "$state" "$work/state.saved"
printf '{"firstStart":"2026-03-02","next":' > "$state"
refused "sim-state.json" --resume --days 1
printf '{"firstStart":"2026-03-02","next":"tomorrow","received":1}\n' > "$state"
refused "sim-state.json" --resume --days 1
sed 's/"halls":2/"halls":"two"/' "$work/state.saved" > "$state"
refused "sim-state.json" --resume --days 1
cp "$work/state.saved" "$state"
mkdir "$state.part"
status=0
run_sim --resume --days 1 > "$work/unwritable.log" 2>&1 || status=$?
if [ "$status" != 1 ] || ! grep -q "cannot write .*sim-state.json.part" "$work/unwritable.log" ||
  ! cmp -s "$state" "$work/state.saved"; then
  echo "an unwritable history: exit $status"; cat "$work/unwritable.log"; exit 1
fi
rmdir "$state.part"
echo "small city: both legs converged, and a leg after a dead one ($first, $all, then $last cases)"
