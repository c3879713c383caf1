"""Parse a calendar file with the `icalendar` package (a real iCalendar reader, as the
calendar apps use) and print a JSON summary of its events: uid, summary, UTC start and end
(ISO 8601 with Z), transparency and categories. Exits non-zero if the file does not parse
or breaks the RFC 5545 rules the e2e test relies on (CRLF lines of at most 75 octets).

Usage: .tools/py/bin/python tests/e2e/ics_check.py release-calendar.ics
"""
import json
import sys
from datetime import timezone

from icalendar import Calendar


def utc(value):
    return value.dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def main(path):
    raw = open(path, "rb").read()
    lines = raw.split(b"\r\n")
    if lines[-1] != b"" or any(b"\n" in line or b"\r" in line for line in lines):
        sys.exit("lines must end with CRLF")
    if max(len(line) for line in lines) > 75:
        sys.exit("a line is longer than 75 octets")
    calendar = Calendar.from_ical(raw)
    events = []
    for event in calendar.walk("VEVENT"):
        categories = event.get("CATEGORIES")
        names = []
        for entry in categories if isinstance(categories, list) else [categories]:
            if entry is not None:
                names.extend(str(c) for c in entry.cats)
        events.append(
            {
                "uid": str(event["UID"]),
                "summary": str(event["SUMMARY"]),
                "start": utc(event["DTSTART"]),
                "end": utc(event["DTEND"]),
                "transparent": str(event.get("TRANSP", "")) == "TRANSPARENT",
                "categories": names,
            }
        )
    print(
        json.dumps(
            {
                "version": str(calendar["VERSION"]),
                "prodid": str(calendar["PRODID"]),
                "events": events,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
