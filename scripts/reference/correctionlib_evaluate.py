#!/usr/bin/env python3
"""Evaluates a correction with PyPI correctionlib, the reference the Swift evaluator is compared with.

Usage: correctionlib_evaluate.py REQUEST.json > result.json
       correctionlib_evaluate.py --check FILE... > result.json
REQUEST: {"file": path, "name": correction, "compound": bool,
          "columns": [{"type": "real"|"int"|"string", "values": [...]}]}  (reals as float.hex strings)
Prints one entry per event: the value as a float.hex string, or {"error": message}.
With --check, prints one entry per file: null when both pydantic's schema and the C++ loader accept it,
else the first one's message."""
import json
import sys

import correctionlib
import correctionlib.schemav2


def main(path):
    with open(path) as handle:
        request = json.load(handle)
    cset = correctionlib.CorrectionSet.from_file(request["file"])
    correction = cset.compound[request["name"]] if request["compound"] else cset[request["name"]]
    columns = []
    for column in request["columns"]:
        if column["type"] == "real":
            columns.append([float.fromhex(v) for v in column["values"]])
        elif column["type"] == "int":
            columns.append([int(v) for v in column["values"]])
        else:
            columns.append([str(v) for v in column["values"]])
    results = []
    for event in range(len(columns[0]) if columns else 1):
        try:
            results.append(float(correction.evaluate(*(c[event] for c in columns))).hex())
        except Exception as error:  # correctionlib raises RuntimeError / IndexError / ValueError
            results.append({"error": str(error)})
    print(json.dumps(results))


def check(paths):
    results = []
    for path in paths:
        try:
            with open(path) as handle:
                correctionlib.schemav2.CorrectionSet.model_validate(json.load(handle))
            correctionlib.CorrectionSet.from_file(path)
            results.append(None)
        except Exception as error:
            results.append(str(error).splitlines()[0] if str(error) else type(error).__name__)
    print(json.dumps(results))


if __name__ == "__main__":
    if sys.argv[1] == "--check":
        check(sys.argv[2:])
    else:
        main(sys.argv[1])
