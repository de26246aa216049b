# Minimal PocketCoffea 0.9.13 configurator for scripts/bench-dry-run.sh (the Python reference side).
# It selects the same datasets as the generated analysis.yaml: every sample of fileset.json, year 2018.
# The fileset path comes from the environment (BENCH_FILESET_JSON), written by scripts/bench/make_fileset.py.
import json
import os

from omegaconf import OmegaConf

from pocket_coffea.parameters.cuts import passthrough
from pocket_coffea.utils.configurator import Configurator
from pocket_coffea.workflows.base import BaseProcessorABC


class BenchProcessor(BaseProcessorABC):
    """A processor that selects nothing: only job compilation is measured."""

    def apply_object_preselection(self, variation):
        pass

    def count_objects(self, variation):
        pass


_fileset = os.environ["BENCH_FILESET_JSON"]
with open(_fileset) as f:
    _samples = sorted({d["metadata"]["sample"] for d in json.load(f).values()})

cfg = Configurator(
    workflow=BenchProcessor,
    # defaults.get_default_parameters() reads /cvmfs; this is the one key the loader needs.
    parameters=OmegaConf.create({"jets_calibration": {"legacy_txt_calibration": False}}),
    datasets={"jsons": [_fileset], "filter": {"samples": _samples, "samples_exclude": [], "year": ["2018"]}},
    skim=[],
    preselections=[],
    categories={"baseline": [passthrough]},
    weights_classes=[],
    weights={"common": {"inclusive": [], "bycategory": {}}, "bysample": {}},
    calibrators=[],
    variations={"weights": {"common": {"inclusive": [], "bycategory": {}}, "bysample": {}},
                "shape": {"common": {"inclusive": []}}},
    variables={},
    columns={},
)
