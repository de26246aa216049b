"""Histograms of the processor benchmark's Python implementations (hist, weighted storage) and the JSON
they print for the driver: {"values": [...], "variances": [...]}, underflow and overflow included."""
import hist


def make(axes):
    return {name: hist.Hist(hist.axis.Regular(bins, start, stop, name=name), storage=hist.storage.Weight())
            for name, (bins, start, stop) in axes.items()}


def fill(histograms, filled):
    for name, (values, weights) in filled.items():
        if weights is None:
            histograms[name].fill(values)
        else:
            histograms[name].fill(values, weight=weights)


def to_json(histograms):
    return {name: {"values": h.values(flow=True).tolist(), "variances": h.variances(flow=True).tolist()}
            for name, h in histograms.items()}
