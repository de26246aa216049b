#!/usr/bin/env python3
"""Reads HTCondor user logs with the real reader (PyPI htcondor, module htcondor2.JobEventLog) and
prints, as JSON, each file's events: type, job id, EventTime and the attributes HTCondor parsed from
the body. The test suite compares pocket-coffea's user-log parser with it."""
import json
import sys

import htcondor2


def plain(value):
    return value if isinstance(value, (bool, int, float, str)) or value is None else str(value)


def dump(path):
    events = []
    for event in htcondor2.JobEventLog(path).events(stop_after=0):
        record = {key: plain(value) for key, value in event.items()}
        record["type"] = int(event.type)
        events.append(record)
    return events


if __name__ == "__main__":
    json.dump({path: dump(path) for path in sys.argv[1:]}, sys.stdout, indent=1)
