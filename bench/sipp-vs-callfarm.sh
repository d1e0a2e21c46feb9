#!/usr/bin/env bash
# Side-by-side anchor for CallFarm's call rate: SIPp (Debian's sip-tester) with its built-in uas/uac
# scenarios (INVITE, 100/180/200, ACK, BYE on UDP over 127.0.0.1) against `./callfarm load` (invite,
# accept, hang up; load generator and engine in two processes over 127.0.0.1 like uac and uas,
# signalling only, --talk 0) at the same rates.
# Each step is bounded in count (rate x STEP_SECONDS calls) and in time (timeout). Prints a table:
#   rate | SIPp: calls ok/failed, achieved cps | CallFarm: completed/lost/errors, achieved cps | ratio
# "sustained" = no failure (SIPp) / lost 0 and errors 0 (CallFarm) and >= 95 % of the rate achieved.
# CallFarm's JVMs first ramp up over RAMP_SECONDS (the JIT compiles the call path meanwhile: started at full
# rate, its compiler threads took 0.85 of the 2 cores here and the first seconds queued up to 2 s), then hold
# the rate for STEP_SECONDS; its achieved cps and percentiles count the ramp's calls too. SIPp is native and
# starts at full rate. The table also gives CallFarm's invite->onInvited p99.
# Usage: bench/sipp-vs-callfarm.sh [RATE...]     (default rates: 50 100 200 400 800 1600)
# Env: STEP_SECONDS (default 10), RAMP_SECONDS (default 30), JAVA_OPTS (passed to ./callfarm). Output in
# reports/bench/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/reports/bench"
step="${STEP_SECONDS:-10}"
ramp="${RAMP_SECONDS:-30}"
rates=("$@")
[[ ${#rates[@]} -gt 0 ]] || rates=(50 100 200 400 800 1600)
mkdir -p "$out"

if ! command -v sipp >/dev/null; then
  echo "sipp-vs-callfarm: installing sip-tester (SIPp)..." >&2
  if [[ $(id -u) -eq 0 ]]; then apt-get install -y sip-tester >&2; else sudo apt-get install -y sip-tester >&2; fi
fi

uas_port=5070
uac_port=5071
uas_pid=""
cleanup() { [[ -n "$uas_pid" ]] && kill "$uas_pid" 2>/dev/null || true; }
trap cleanup EXIT

# UAS: answers every INVITE; bounded by timeout in case the script dies.
timeout $(( ${#rates[@]} * (2 * step + ramp + 180) + 300 )) sipp -sn uas -i 127.0.0.1 -p "$uas_port" -nostdin \
  >"$out/sipp-uas.log" 2>&1 &
uas_pid=$!

# a field of the last row of SIPp's ';'-separated statistics file
stat() { python3 - "$1" "$2" <<'PY'
import sys
rows = [l.rstrip(';\n').split(';') for l in open(sys.argv[1]) if l.strip()]
print(rows[-1][rows[0].index(sys.argv[2])])
PY
}

rows=()
for rate in "${rates[@]}"; do
  count=$(( rate * step ))
  stf="$out/sipp-uac-$rate.csv"
  rm -f "$stf"
  set +e
  timeout $(( step + 30 )) sipp -sn uac 127.0.0.1:"$uas_port" -i 127.0.0.1 -p "$uac_port" \
    -r "$rate" -m "$count" -nostdin -timeout $(( step + 20 ))s -recv_timeout 5000 \
    -trace_stat -stf "$stf" -fd 1 >"$out/sipp-uac-$rate.log" 2>&1
  set -e
  ok=$(stat "$stf" "SuccessfulCall(C)" 2>/dev/null || echo 0)
  failed=$(stat "$stf" "FailedCall(C)" 2>/dev/null || echo "$count")
  sipp_cps=$(stat "$stf" "CallRate(C)" 2>/dev/null || echo 0)   # SIPp's own cumulative call rate
  sipp_cps=$(python3 -c "print(round(float('$sipp_cps'), 1))")

  # four users per cps, at least 200, at most 19,000 (the open-files limit here is 20,000 per process)
  users=$(( rate * 4 > 200 ? rate * 4 : 200 ))
  users=$(( users > 19000 ? 19000 : users ))
  set +e
  (cd "$root" && timeout $(( step + ramp + 180 )) ./callfarm load --users "$users" --cps "$rate" \
    --duration $(( step + ramp )) --ramp "$ramp" --talk 0 --timeout 5 --answer accept --json --out "reports/bench/callfarm-$rate" \
    >"$out/callfarm-$rate.json" 2>"$out/callfarm-$rate.log")
  set -e
  read -r cf_done cf_lost cf_errors cf_cps cf_p99 < <(python3 - "$out/callfarm-$rate.json" <<'PY'
import json, sys
try:
    r = json.load(open(sys.argv[1]))
    print(r["invitations"]["completed"], r["lost"], sum(e["count"] for e in r["errors"]),
          round(r["achievedCps"], 1), round(r["latency"]["invite_to_invited"]["p99Ms"], 1))
except Exception:
    print(0, -1, -1, 0, -1)
PY
)
  sipp_ok="no"; [[ "$failed" == "0" ]] && python3 -c "import sys; sys.exit(0 if $sipp_cps >= 0.95*$rate else 1)" && sipp_ok="yes"
  cf_ok="no"; [[ "$cf_lost" == "0" && "$cf_errors" == "0" ]] && python3 -c "import sys; sys.exit(0 if $cf_cps >= 0.95*$rate else 1)" && cf_ok="yes"
  ratio=$(python3 -c "print(round($cf_cps / $sipp_cps, 2) if $sipp_cps > 0 else 'n/a')")
  rows+=("$(printf '%6s | %-3s %6s ok %4s failed %8s cps | %-3s %6s done %3s lost %3s err %8s cps %8s ms | %5s' \
    "$rate" "$sipp_ok" "$ok" "$failed" "$sipp_cps" "$cf_ok" "$cf_done" "$cf_lost" "$cf_errors" "$cf_cps" "$cf_p99" \
    "$ratio")")
  echo "sipp-vs-callfarm: rate $rate done" >&2
done

{
  echo "  rate | SIPp uac->uas (127.0.0.1 UDP)          | CallFarm load (invite/accept/hangup)                      | ratio"
  echo "       | sust calls      failed      achieved   | sust completed lost errors    achieved  invite p99   | CF/SIPp"
  printf '%s\n' "${rows[@]}"
} | tee "$out/sipp-vs-callfarm.txt"
