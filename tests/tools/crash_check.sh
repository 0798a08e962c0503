#!/usr/bin/env bash
# Crash test: on a copy of the demo store, withdraw a proposal, then run
# `pinhui plan` and `pinhui publish` and kill -9 each at a random moment,
# ROUNDS times. After every kill: PRAGMA integrity_check is ok, every
# published version's sessions are exactly its plan's (plus cancelled ones
# carried over: wholly old or wholly new, never half), and the number of
# published versions grew by at most one.
# Usage: tests/tools/crash_check.sh BIN [ROUNDS]
set -euo pipefail
BIN=$(realpath "$1")
ROUNDS=${2:-20}
WEEK=2026-W49
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
"$BIN" demo --out "$TMP/demo" >/dev/null
STORE="$TMP/pinhui.db"
cp "$TMP/demo/pinhui.db" "$STORE"

check() {
    python3 - "$STORE" "$1" <<'PY'
import json, sqlite3, sys
store, before = sys.argv[1], int(sys.argv[2])
db = sqlite3.connect(store)
ok = db.execute("PRAGMA integrity_check").fetchone()[0]
assert ok == "ok", f"integrity_check: {ok}"
published = db.execute(
    "SELECT week, version, plan_json FROM plan_versions WHERE status = 'published'").fetchall()
for week, version, plan_json in published:
    planned = {s["id"] for s in json.loads(plan_json)["sessions"]}
    rows = db.execute(
        "SELECT session_id, cancelled FROM published_sessions WHERE week = ? AND version = ?",
        (week, version)).fetchall()
    live = {sid for sid, cancelled in rows if not cancelled}
    assert live == planned, f"{week} v{version}: published {sorted(live)} vs plan {sorted(planned)}"
n = len(published)
assert n in (before, before + 1), f"published versions {before} -> {n}"
print(n)
PY
}

count() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT count(*) FROM plan_versions WHERE status='published'\").fetchone()[0])" "$STORE"; }

# Runs a command, sends SIGKILL after a random 0–249 ms; prints "killed"
# when the signal ended it (exit status 137), "finished" otherwise.
run_and_kill() {
    "$BIN" --store "$STORE" "$@" >/dev/null 2>&1 &
    local pid=$!
    sleep "0.$(printf %03d $((RANDOM % 250)))"
    kill -9 "$pid" 2>/dev/null || true
    local rc=0
    wait "$pid" 2>/dev/null || rc=$?
    if [ "$rc" = 137 ]; then echo killed; else echo finished; fi
}

killed=0; finished=0; published_runs=0
for i in $(seq 1 "$ROUNDS"); do
    victim=$(python3 -c "import sqlite3,sys; r=sqlite3.connect(sys.argv[1]).execute(\"SELECT id FROM proposals WHERE week=? AND status='active' ORDER BY id LIMIT 1 OFFSET 3\", (sys.argv[2],)).fetchone(); print(r[0] if r else '')" "$STORE" "$WEEK")
    if [ -n "$victim" ]; then "$BIN" --store "$STORE" withdraw "$victim" >/dev/null; fi
    for cmd in plan publish; do
        before=$(count)
        r=$(run_and_kill "$cmd" --week "$WEEK")
        if [ "$r" = killed ]; then killed=$((killed + 1)); else finished=$((finished + 1)); fi
        after=$(check "$before")
        if [ "$after" -gt "$before" ]; then published_runs=$((published_runs + 1)); fi
    done
done
echo "crash_check: $ROUNDS rounds, $((ROUNDS * 2)) runs of plan/publish: $killed killed mid-run, $finished finished first, $published_runs publications committed; integrity ok, every publication whole"
