#!/usr/bin/env python3
"""Validate iCalendar feeds written by pinhui.

Usage: python3 tests/tools/validate_ics.py [--require-vobject] FILE_OR_DIR...

Every .ics file (directories are searched recursively) must:
  - be UTF-8 without BOM, with CRLF line ends only, no blank line and no
    physical line over 75 octets;
  - parse with the `icalendar` package (Calendar.from_ical);
  - have UID and DTSTAMP on every VEVENT;
  - define a VTIMEZONE for every TZID it uses;
  - parse and validate with `vobject` (validate=True), when that package is
    importable; with --require-vobject its absence is a failure.

Prints "validated N files, M events" and exits non-zero on any failure,
naming the file and the reason.
"""

import sys
from pathlib import Path

try:
    from icalendar import Calendar
except ImportError:  # pragma: no cover - reported to the user
    sys.exit("validate_ics: the 'icalendar' package is missing: pip install icalendar vobject")

try:
    import vobject
except ImportError:
    vobject = None

MAX_OCTETS = 75


def ics_files(args):
    for arg in args:
        p = Path(arg)
        if p.is_dir():
            yield from sorted(x for x in p.rglob("*.ics") if x.is_file())
        elif p.is_file():
            yield p
        else:
            raise FileNotFoundError(f"{arg}: no such file or directory")


def check_bytes(data):
    """Line-level rules, on raw bytes. Returns a list of problems."""
    problems = []
    if data.startswith(b"\xef\xbb\xbf"):
        problems.append("starts with a UTF-8 BOM")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        problems.append(f"not valid UTF-8: {e}")
    if not data.endswith(b"\r\n"):
        problems.append("does not end with CRLF")
    lines = data.split(b"\r\n")
    if lines and lines[-1] == b"":
        lines.pop()
    for n, line in enumerate(lines, 1):
        if b"\n" in line:
            problems.append(f"line {n}: bare LF")
        if b"\r" in line:
            problems.append(f"line {n}: bare CR")
        if line == b"":
            problems.append(f"line {n}: blank line")
        if len(line) > MAX_OCTETS:
            problems.append(f"line {n}: {len(line)} octets (max {MAX_OCTETS})")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"line {n}: fold splits a UTF-8 character")
        if len(problems) > 20:
            problems.append("… more problems omitted")
            break
    return problems


def tzids_used(component):
    """TZID parameters on any property of the component tree."""
    used = set()
    for sub in component.walk():
        for _name, value in sub.property_items(recursive=False, sorted=False):
            params = getattr(value, "params", None)
            if params and "TZID" in params:
                used.add(str(params["TZID"]))
    return used


def check_calendar(text):
    """Parser-level rules. Returns (problems, number of events)."""
    problems = []
    try:
        cal = Calendar.from_ical(text)
    except Exception as e:  # noqa: BLE001 - any parse error is a failure
        return [f"icalendar cannot parse it: {e}"], 0
    if cal.name != "VCALENDAR":
        problems.append(f"top component is {cal.name}, not VCALENDAR")
    for prop in ("VERSION", "PRODID"):
        if prop not in cal:
            problems.append(f"VCALENDAR has no {prop}")
    events = cal.walk("VEVENT")
    for i, ev in enumerate(events, 1):
        where = f"VEVENT {i} ({ev.get('UID', 'no UID')})"
        for prop in ("UID", "DTSTAMP", "DTSTART"):
            if prop not in ev:
                problems.append(f"{where}: no {prop}")
        errors = getattr(ev, "errors", None)
        if errors:
            problems.append(f"{where}: parse errors {errors}")
    defined = {str(tz.get("TZID")) for tz in cal.walk("VTIMEZONE")}
    for tzid in sorted(tzids_used(cal) - defined):
        problems.append(f"TZID {tzid} is used but has no VTIMEZONE")
    if vobject is not None:
        try:
            parsed = vobject.readOne(text, validate=True)
            parsed.validate(raiseException=True)
        except Exception as e:  # noqa: BLE001 - any error is a failure
            problems.append(f"vobject: {type(e).__name__}: {e}")
    return problems, len(events)


def main(argv):
    if argv and argv[0] == "--require-vobject":
        argv = argv[1:]
        if vobject is None:
            print("validate_ics: the 'vobject' package is missing: pip install vobject", file=sys.stderr)
            return 2
    if not argv:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    files = events = 0
    failures = []
    try:
        paths = list(ics_files(argv))
    except FileNotFoundError as e:
        print(f"validate_ics: {e}", file=sys.stderr)
        return 2
    for path in paths:
        files += 1
        data = path.read_bytes()
        problems = check_bytes(data)
        text = data.decode("utf-8", errors="replace")
        more, n = check_calendar(text)
        problems += more
        events += n
        for p in problems:
            failures.append(f"{path}: {p}")
    for f in failures:
        print(f, file=sys.stderr)
    if files == 0:
        print("validate_ics: no .ics files found", file=sys.stderr)
        return 1
    note = "" if vobject is not None else " (vobject not installed: skipped)"
    print(f"validated {files} files, {events} events{note}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
