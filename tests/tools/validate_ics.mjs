#!/usr/bin/env node
// Validate iCalendar feeds written by pinhui with Mozilla's ical.js (the
// parser Thunderbird uses).
//
// Usage: node tests/tools/validate_ics.mjs FILE_OR_DIR...
//
// ical.js is found by a plain `import "ical.js"` (npm install --no-save ical.js
// in the repository) or, failing that, in the directory named by ICALJS_DIR
// (a folder holding node_modules/ical.js). For every .ics file (directories
// are searched recursively) it checks that the text parses, every VEVENT has
// UID and DTSTAMP, every TZID resolves to the file's own VTIMEZONE, and each
// start time converts to the UTC instant a +08:00 zone gives. Prints
// "validated N files, M events" and exits non-zero on any failure.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

async function loadIcal() {
  try {
    return (await import("ical.js")).default;
  } catch (e) {
    const dir = process.env.ICALJS_DIR;
    if (!dir) {
      console.error("validate_ics.mjs: ical.js not found: npm install --no-save ical.js, or set ICALJS_DIR");
      process.exit(2);
    }
    const url = pathToFileURL(join(dir, "node_modules", "ical.js", "dist", "ical.js"));
    return (await import(url.href)).default;
  }
}

function* icsFiles(paths) {
  for (const p of paths) {
    if (statSync(p).isDirectory()) {
      const names = readdirSync(p).sort();
      yield* icsFiles(names.map((n) => join(p, n)).filter((x) => statSync(x).isDirectory() || x.endsWith(".ics")));
    } else {
      yield p;
    }
  }
}

function checkFile(ICAL, path) {
  const problems = [];
  const text = readFileSync(path, "utf8");
  let cal;
  try {
    cal = new ICAL.Component(ICAL.parse(text));
  } catch (e) {
    return { problems: [`ical.js cannot parse it: ${e.message}`], events: 0 };
  }
  if (cal.name !== "vcalendar") problems.push(`top component is ${cal.name}`);
  const zones = new Map();
  for (const vtz of cal.getAllSubcomponents("vtimezone")) {
    const tz = new ICAL.Timezone(vtz);
    zones.set(tz.tzid, tz);
  }
  const events = cal.getAllSubcomponents("vevent");
  events.forEach((ve, i) => {
    const where = `VEVENT ${i + 1} (${ve.getFirstPropertyValue("uid") ?? "no UID"})`;
    for (const prop of ["uid", "dtstamp", "dtstart"]) {
      if (!ve.hasProperty(prop)) problems.push(`${where}: no ${prop.toUpperCase()}`);
    }
    if (ve.hasProperty("attendee")) problems.push(`${where}: has ATTENDEE`);
    for (const prop of ["dtstart", "dtend"]) {
      const p = ve.getFirstProperty(prop);
      if (!p) continue;
      const tzid = p.getParameter("tzid");
      if (!tzid) continue;
      const zone = zones.get(tzid);
      if (!zone) {
        problems.push(`${where}: TZID ${tzid} has no VTIMEZONE`);
        continue;
      }
      const t = p.getFirstValue();
      const local = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
      t.zone = zone;
      const utc = t.toUnixTime() * 1000;
      if (tzid === "Asia/Shanghai" && local - utc !== 8 * 3600 * 1000) {
        problems.push(`${where}: ${prop} resolves to UTC${(local - utc) / 3600000}, not +8`);
      }
    }
  });
  return { problems, events: events.length };
}

const args = process.argv.slice(2);
if (args.length === 0) {
  console.error("usage: node tests/tools/validate_ics.mjs FILE_OR_DIR...");
  process.exit(2);
}
const ICAL = await loadIcal();
let files = 0;
let eventCount = 0;
let failed = false;
for (const path of icsFiles(args)) {
  files += 1;
  const { problems, events } = checkFile(ICAL, path);
  eventCount += events;
  for (const p of problems) {
    console.error(`${path}: ${p}`);
    failed = true;
  }
}
if (files === 0) {
  console.error("validate_ics.mjs: no .ics files found");
  process.exit(1);
}
console.log(`validated ${files} files, ${eventCount} events`);
process.exit(failed ? 1 : 0);
