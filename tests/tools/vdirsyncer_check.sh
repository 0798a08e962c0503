#!/usr/bin/env bash
# Subscribe to a pinhui feed with vdirsyncer, as a real client would.
#
# Usage: tests/tools/vdirsyncer_check.sh PATH/TO/pinhui
#
# Creates a store with `pinhui demo`, starts `pinhui serve` on a free loopback
# port, issues a person token, syncs the feed with vdirsyncer (storage `http`
# into `filesystem`) and checks the events arrive as .ics files; then changes
# one session (re-import with a new duration) and cancels another (withdraw),
# re-plans and re-publishes, syncs again and checks that the update
# (SEQUENCE:1) and the cancellation (STATUS:CANCELLED) arrived. The server is
# stopped on exit.
set -euo pipefail

BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d)
SERVER=""
cleanup() {
    if [[ -n "$SERVER" ]] && kill -0 "$SERVER" 2>/dev/null; then
        kill -TERM "$SERVER"
        wait "$SERVER" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

PERSON=p0170
CHANGED=s-w49-fgw-1
CANCELLED=s-w49-scjgj-insp
STORE="$WORK/demo/pinhui.db"

"$BIN" demo --out "$WORK/demo" --data "$ROOT/data" >/dev/null
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$BIN" --store "$STORE" serve --bind "127.0.0.1:$PORT" >"$WORK/serve.log" 2>&1 &
SERVER=$!
python3 - "$PORT" <<'EOF'
import socket, sys, time
for _ in range(100):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=0.2).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit("vdirsyncer_check: server did not start")
EOF

URL=$("$BIN" --store "$STORE" feeds issue --person "$PERSON" --base-url "http://127.0.0.1:$PORT" |
    grep -o 'http://[^ ]*\.ics')
TOKEN=${URL##*/}
TOKEN=${TOKEN%.ics}
mkdir -p "$WORK/local" "$WORK/status"
cat >"$WORK/config" <<EOF
[general]
status_path = "$WORK/status/"

[pair feed]
a = "feed_remote"
b = "feed_local"
collections = null
conflict_resolution = "a wins"

[storage feed_remote]
type = "http"
url = "$URL"

[storage feed_local]
type = "filesystem"
path = "$WORK/local/"
fileext = ".ics"
EOF

vds() {
    vdirsyncer -c "$WORK/config" "$@" </dev/null >>"$WORK/vdirsyncer.log" 2>&1 || {
        cat "$WORK/vdirsyncer.log" >&2
        return 1
    }
}

# Compares the synced folder with the feed. vdirsyncer's http storage replaces
# each event's UID with a hash of its content, so synced events are matched to
# the feed's by SUMMARY (a cancelled one gains the 【已取消】 prefix).
# Usage: check URL SESSION=NAME:VALUE...; prints the number of synced events.
check() {
    python3 - "$WORK/local" "$@" <<'EOF'
import sys, urllib.request
from pathlib import Path
from icalendar import Calendar

local, url, wants = Path(sys.argv[1]), sys.argv[2], sys.argv[3:]
feed = Calendar.from_ical(urllib.request.urlopen(url).read())
by_uid = {str(e["UID"]).split("@")[0]: e for e in feed.walk("VEVENT")}
synced = []
for f in sorted(local.glob("*.ics")):
    synced.extend(Calendar.from_ical(f.read_bytes()).walk("VEVENT"))
if len(synced) != len(by_uid) or len(synced) < 2:
    sys.exit(f"vdirsyncer_check: {len(synced)} events synced, the feed has {len(by_uid)}")
summaries = sorted(str(e["SUMMARY"]) for e in synced)
if summaries != sorted(str(e["SUMMARY"]) for e in by_uid.values()):
    sys.exit("vdirsyncer_check: synced summaries differ from the feed's")
for want in wants:
    session, line = want.split("=", 1)
    name, value = line.split(":", 1)
    summary = str(by_uid[session]["SUMMARY"])
    hits = [e for e in synced if str(e["SUMMARY"]) == summary]
    if len(hits) != 1 or str(hits[0].get(name)) != value:
        got = [str(e.get(name)) for e in hits]
        sys.exit(f"vdirsyncer_check: {session}: want {line}, synced {got}")
print(len(synced))
EOF
}

vds discover feed
vds sync
count=$(check "$URL" "$CHANGED=SEQUENCE:0" "$CANCELLED=STATUS:CONFIRMED")

# Change one session, cancel another, re-plan and re-publish.
python3 - "$ROOT/data/weeks/2026-W49.toml" "$WORK/2026-W49.toml" <<'EOF'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
at = text.index('id = "w49-fgw-1"')
rel = text.index("duration_minutes = 90", at)
open(sys.argv[2], "w", encoding="utf-8").write(text[:rel] + "duration_minutes = 45" + text[rel + 21:])
EOF
"$BIN" --store "$STORE" import "$WORK/2026-W49.toml" >/dev/null
"$BIN" --store "$STORE" withdraw w49-scjgj-insp >/dev/null
# The changed proposal is a new version: its approvers decide again.
"$BIN" --store "$STORE" approvals --week 2026-W49 --json | python3 -c '
import json, sys
for a in json.load(sys.stdin):
    for who in sorted({r["approver"] for r in a["state"].get("waiting", []) if r["approver"]}):
        print(a["proposal"]["id"], who)
' | while read -r id who; do
    "$BIN" --store "$STORE" approve "$id" --as "$who" >/dev/null
done
"$BIN" --store "$STORE" plan --week 2026-W49 >/dev/null
"$BIN" --store "$STORE" publish --week 2026-W49 >/dev/null

vds sync
after=$(check "$URL" "$CHANGED=SEQUENCE:1" "$CANCELLED=STATUS:CANCELLED" "$CANCELLED=SEQUENCE:1")
if grep -q -- "$TOKEN" "$WORK/serve.log"; then
    echo "vdirsyncer_check: the token appears in the server log" >&2
    exit 1
fi
echo "vdirsyncer: $count events synced, then $after (people dropped from a session see it cancelled); the update (SEQUENCE:1) and the cancellation (STATUS:CANCELLED) arrived"
