#!/usr/bin/env python3
"""Parses every .sub file of a jobs folder with the real HTCondor submit parser (PyPI htcondor,
module htcondor2) and prints, as JSON, each file's commands, queue items and the `arguments` and
`transfer_input_files` each queued job gets. Used by the test suite; exits 1 on a parse error."""
import json
import pathlib
import sys

import htcondor2


def expand_jobs(text):
    submit = htcondor2.Submit(text)
    items = list(submit.itemdata() or []) or [{}]
    body = "\n".join(line for line in text.splitlines() if not line.startswith("queue") and not line.startswith("  ") and line != ")")
    jobs = []
    for proc_id, item in enumerate(items):
        job = htcondor2.Submit(body)
        for key, value in item.items():
            job[key] = value
        job["ProcId"] = str(proc_id)
        jobs.append({
            "arguments": job.expand("arguments"),
            "transfer_input_files": job.expand("transfer_input_files"),
            "Log": job.expand("Log"),
        })
    return submit, items, jobs


def main(folder):
    report = {}
    for path in sorted(pathlib.Path(folder).glob("*.sub")):
        try:
            submit, items, jobs = expand_jobs(path.read_text())
        except Exception as error:  # the parser's own message is what the test wants to see
            print(f"{path}: {error}", file=sys.stderr)
            return 1
        report[path.name] = {
            "keys": list(submit.keys()),
            "values": {key: submit[key] for key in submit.keys()},
            "items": items,
            "jobs": jobs,
        }
    json.dump(report, sys.stdout, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
