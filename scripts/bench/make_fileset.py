#!/usr/bin/env python3
"""Deterministic benchmark input for scripts/bench-dry-run.sh.

Writes into OUTDIR:
  fileset.json   50,000 files in 20 datasets, PocketCoffea dataset-JSON format
                 (dataset -> {"metadata": {...}, "files": [...]}), as build-datasets writes it;
  analysis.yaml  our configurator, selecting every dataset of fileset.json;
  ref_ro.yaml    run options for the Python reference (dry run, 5000 jobs).

Same arguments, same bytes: the only randomness is random.Random(SEED), and file names are
derived from hashes of (dataset, index).
"""

import argparse
import hashlib
import json
import os
import random

SEED = 20250518
TOTAL_FILES = 50_000
MIN_FILES, MAX_FILES = 1_000, 4_000
YEAR = "2018"

# (sample, DAS primary dataset, cross-section in pb) for the 16 MC datasets.
MC_SAMPLES = [
    ("TTTo2L2Nu", "TTTo2L2Nu_TuneCP5_13TeV-powheg-pythia8", "88.29"),
    ("TTToSemiLeptonic", "TTToSemiLeptonic_TuneCP5_13TeV-powheg-pythia8", "365.34"),
    ("TTToHadronic", "TTToHadronic_TuneCP5_13TeV-powheg-pythia8", "377.96"),
    ("DYJetsToLL_M-50", "DYJetsToLL_M-50_TuneCP5_13TeV-amcatnloFXFX-pythia8", "6077.22"),
    ("WJetsToLNu", "WJetsToLNu_TuneCP5_13TeV-madgraphMLM-pythia8", "61526.7"),
    ("ST_tW_top", "ST_tW_top_5f_inclusiveDecays_TuneCP5_13TeV-powheg-pythia8", "35.85"),
    ("ST_tW_antitop", "ST_tW_antitop_5f_inclusiveDecays_TuneCP5_13TeV-powheg-pythia8", "35.85"),
    ("ST_t-channel_top", "ST_t-channel_top_4f_InclusiveDecays_TuneCP5_13TeV-powheg-madspin-pythia8", "136.02"),
    ("ST_t-channel_antitop", "ST_t-channel_antitop_4f_InclusiveDecays_TuneCP5_13TeV-powheg-madspin-pythia8", "80.95"),
    ("WW", "WW_TuneCP5_13TeV-pythia8", "118.7"),
    ("WZ", "WZ_TuneCP5_13TeV-pythia8", "47.13"),
    ("ZZ", "ZZ_TuneCP5_13TeV-pythia8", "16.523"),
    ("TTWJetsToLNu", "TTWJetsToLNu_TuneCP5_13TeV-amcatnloFXFX-madspin-pythia8", "0.2043"),
    ("TTZToLLNuNu_M-10", "TTZToLLNuNu_M-10_TuneCP5_13TeV-amcatnlo-pythia8", "0.2529"),
    ("ttHTobb", "ttHTobb_M125_TuneCP5_13TeV-powheg-pythia8", "0.2934"),
    ("ttHToNonbb", "ttHToNonbb_M125_TuneCP5_13TeV-powheg-pythia8", "0.2151"),
]
DATA_ERAS = ["A", "B", "C", "D"]  # DATA_SingleMuon, 4 datasets
MC_CAMPAIGN = "RunIISummer20UL18NanoAODv9"
MC_CONDITIONS = "106X_upgrade2018_realistic_v16_L1v1"
DATA_PROCESSING = "UL2018_MiniAODv2_NanoAODv9-v2"


def file_counts(rng, n):
    """n counts in [MIN_FILES, MAX_FILES] summing to exactly TOTAL_FILES."""
    counts = [rng.randint(MIN_FILES, MAX_FILES) for _ in range(n)]
    i = 0
    while sum(counts) != TOTAL_FILES:  # nudge round-robin, staying inside the bounds
        step = 1 if sum(counts) < TOTAL_FILES else -1
        if MIN_FILES <= counts[i % n] + step <= MAX_FILES:
            counts[i % n] += step
        i += 1
    return counts


def guid(dataset, index):
    """A stable GUID-like file name, as CMS NanoAOD files have."""
    h = hashlib.md5(f"{dataset}/{index}".encode()).hexdigest().upper()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def files_of(dataset, lfn_dir, count):
    # Files are grouped in numbered folders of up to 1000, as on CMS storage.
    return [
        f"root://xrootd-cms.infn.it//{lfn_dir}/{2520000 + 10000 * (i // 1000)}/{guid(dataset, i)}.root"
        for i in range(count)
    ]


def build():
    rng = random.Random(SEED)
    n_datasets = len(MC_SAMPLES) + len(DATA_ERAS)
    counts = file_counts(rng, n_datasets)
    fileset = {}
    for (sample, primary, xsec), count in zip(MC_SAMPLES, counts):
        name = f"{sample}_{YEAR}"
        events_per_file = rng.randint(40_000, 160_000)
        fileset[name] = {
            "metadata": {
                "das_names": str([f"/{primary}/{MC_CAMPAIGN}-{MC_CONDITIONS}-v1/NANOAODSIM"]),
                "sample": sample,
                "year": YEAR,
                "isMC": "True",
                "xsec": xsec,
                "nevents": str(count * events_per_file + rng.randint(0, events_per_file)),
            },
            "files": files_of(name, f"store/mc/{MC_CAMPAIGN}/{primary}/NANOAODSIM/{MC_CONDITIONS}-v1", count),
        }
    for era, count in zip(DATA_ERAS, counts[len(MC_SAMPLES):]):
        name = f"DATA_SingleMuon_{YEAR}_Era{era}"
        events_per_file = rng.randint(60_000, 120_000)
        fileset[name] = {
            "metadata": {
                "das_names": str([f"/SingleMuon/Run{YEAR}{era}-{DATA_PROCESSING}/NANOAOD"]),
                "sample": "DATA_SingleMuon",
                "year": YEAR,
                "isMC": "False",
                "primaryDataset": "SingleMuon",
                "era": era,
                "nevents": str(count * events_per_file + rng.randint(0, events_per_file)),
            },
            "files": files_of(name, f"store/data/Run{YEAR}{era}/SingleMuon/NANOAOD/{DATA_PROCESSING}", count),
        }
    return fileset


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir")
    outdir = parser.parse_args().outdir
    os.makedirs(outdir, exist_ok=True)

    fileset = build()
    n_files = sum(len(d["files"]) for d in fileset.values())
    assert len(fileset) == 20 and n_files == TOTAL_FILES, (len(fileset), n_files)
    with open(os.path.join(outdir, "fileset.json"), "w") as f:
        json.dump(fileset, f, indent=2)

    samples = sorted({d["metadata"]["sample"] for d in fileset.values()})
    with open(os.path.join(outdir, "analysis.yaml"), "w") as f:
        f.write("# Benchmark configurator (generated by scripts/bench/make_fileset.py)\n")
        f.write("description: dry-run job compilation benchmark, 50,000 files in 20 datasets\n")
        f.write("datasets:\n  jsons: [fileset.json]\n  filter:\n")
        f.write(f"    samples: {json.dumps(samples)}\n    year: [\"{YEAR}\"]\n")
        f.write("tree: Events\ncategories:\n  baseline: []\n")
    with open(os.path.join(outdir, "ref_ro.yaml"), "w") as f:
        f.write("scaleout: 5000\ndry-run: true\n")

    events = sum(int(d["metadata"]["nevents"]) for d in fileset.values())
    print(f"fileset: {len(fileset)} datasets, {n_files} files, {events:,} events "
          f"(files per dataset {min(len(d['files']) for d in fileset.values())}–"
          f"{max(len(d['files']) for d in fileset.values())})")


if __name__ == "__main__":
    main()
