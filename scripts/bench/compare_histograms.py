"""Reads the histograms of a pocket-coffea output (UHI JSON) and compares another implementation's
histograms with them: sum of weights and every bin, underflow and overflow included, within a relative
tolerance (1e-6 by default)."""
import json


def read_ours(path, axes):
    """{variable: {"values", "variances"}} of `hist/<variable>` (one dataset, one category, nominal),
    after checking that its regular axis is the one the benchmark's implementations use."""
    entries = {}
    with open(path) as f:
        for line in f:
            line = line.strip().rstrip(",")
            if line.startswith('"hist/'):
                key, _, body = line.partition(": ")
                entries[json.loads(key)[len("hist/"):]] = json.loads(body)
    result = {}
    for name, (bins, start, stop) in axes.items():
        if name not in entries:
            raise ValueError(f"{path}: no histogram 'hist/{name}' (has {sorted(entries)})")
        entry = entries[name]
        axis = entry["axes"][-1]
        if (axis.get("bins"), axis.get("lower"), axis.get("upper")) != (bins, start, stop):
            raise ValueError(f"{path}: hist/{name} has axis {axis}, the benchmark's implementations use "
                             f"{bins} bins from {start} to {stop} (update scripts/bench/processor_analyses.py)")
        values, variances = entry["storage"]["values"], entry["storage"].get("variances")
        while isinstance(values[0], list):
            if len(values) != 1:
                raise ValueError(f"{path}: hist/{name} has more than one dataset, category or variation")
            values, variances = values[0], variances[0] if variances else None
        result[name] = {"values": values, "variances": variances or values}
    return result


def relative(a, b):
    scale = max(abs(a), abs(b))
    return 0.0 if scale == 0 else abs(a - b) / scale


def compare(ours, theirs, tolerance=1e-6):
    """A list of differences (empty when the histograms agree)."""
    problems = []
    for name, mine in ours.items():
        other = theirs.get(name)
        if other is None:
            problems.append(f"{name}: missing")
            continue
        if len(other["values"]) != len(mine["values"]):
            problems.append(f"{name}: {len(other['values'])} bins with flow, ours {len(mine['values'])}")
            continue
        total_ours, total_theirs = sum(mine["values"]), sum(other["values"])
        if relative(total_ours, total_theirs) > tolerance:
            problems.append(f"{name}: sum of weights {total_theirs!r}, ours {total_ours!r}")
        bad = [i for i, (a, b) in enumerate(zip(mine["values"], other["values"])) if relative(a, b) > tolerance]
        if bad:
            shown = ", ".join(f"bin {i}: {other['values'][i]!r} vs ours {mine['values'][i]!r}" for i in bad[:3])
            problems.append(f"{name}: {len(bad)} bins differ (flow bins are 0 and last): {shown}")
    return problems
