#!/usr/bin/env python3
"""Expands a submit file's commands job by job with HTCondor's own submit parser and macro expander
(PyPI htcondor, module htcondor2): queue items from itemdata(), then, per job, the automatic variables
(ClusterId and ProcId given as condor_submit gives them, with their old names Cluster and Process,
Step, ItemIndex, Row) and each requested key expanded (null when the file does not set it).
Prints JSON; the test suite compares pocket-coffea's submit-file reader with it.

    expand-submit-file.py FILE.sub CLUSTER KEY [KEY ...]
"""
import json
import sys

import htcondor2


def expand(job, key):
    try:
        return job.expand(key)
    except KeyError:
        return None


def main(path, cluster, keys):
    submit = htcondor2.Submit(open(path).read())
    words = (submit.getQArgs() or "").split()
    count = int(words[0]) if words and words[0].isdigit() else 1
    items = list(submit.itemdata() or []) or [{}]
    raw = {key: submit[key] for key in submit.keys()}
    jobs = []
    for index, item in enumerate(items):
        for step in range(count):
            job = htcondor2.Submit(raw)
            for name, value in item.items():
                job[name] = value
            for name, value in (("ClusterId", cluster), ("Cluster", cluster), ("ProcId", len(jobs)),
                                ("Process", len(jobs)), ("Step", step), ("ItemIndex", index), ("Row", index)):
                job[name] = str(value)
            jobs.append({key: expand(job, key) for key in keys})
    json.dump({"keys": list(submit.keys()), "items": items, "jobs": jobs}, sys.stdout, indent=1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
