"""Seeds the local Rucio server with a CMS-like catalogue, through its REST API with the bundled client.

Scope `cms`; RSEs T2_CH_CERN, T1_US_FNAL_Disk, T1_US_FNAL_Tape (tape), T2_DE_DESY (root + davs),
T2_US_Nebraska (davs only); the TTTo2L2Nu sample of docs/specs/rucio_server.md (5 files with 1-3 replicas,
two blocks, one container); and a 1,000-file BenchSample container (4 blocks, 1-3 replicas per file) for
the look-up measurement. Idempotent: a catalogue already seeded is left as it is.

Run with RUCIO_CONFIG pointing at a client configuration ([client] section, userpass as root)."""
import hashlib
import zlib

from rucio.client import Client
from rucio.common.exception import RucioException

SCOPE = "cms"
XROOTD = "rucio.rse.protocols.xrootd.Default"
WEBDAV = "rucio.rse.protocols.gfal.Default"

# name: (rse_type, site, country, tier, [(scheme, host, port, prefix, impl, priority)])
RSES = {
    "T2_CH_CERN": ("DISK", "T2_CH_CERN", "CH", "2", [("root", "eoscms.cern.ch", 1094, "/eos/cms/", XROOTD, 1)]),
    "T1_US_FNAL_Disk": (
        "DISK", "T1_US_FNAL", "US", "1", [("root", "cmsdcadisk.fnal.gov", 1094, "/dcache/uscmsdisk/", XROOTD, 1)]),
    "T1_US_FNAL_Tape": (
        "TAPE", "T1_US_FNAL", "US", "1",
        [("root", "cmsdcatape.fnal.gov", 1094, "/pnfs/fnal.gov/usr/cms/WAX/11/", XROOTD, 1)]),
    "T2_DE_DESY": (
        "DISK", "T2_DE_DESY", "DE", "2",
        [("root", "dcache-cms-xrootd.desy.de", 1094, "/pnfs/desy.de/cms/tier2/", XROOTD, 1),
         ("davs", "dcache-cms-webdav.desy.de", 2880, "/pnfs/desy.de/cms/tier2/", WEBDAV, 2)]),
    "T2_US_Nebraska": ("DISK", "T2_US_Nebraska", "US", "2", [("davs", "red-webdav.unl.edu", 1094, "/", WEBDAV, 1)]),
}

TT_CONTAINER = "/TTTo2L2Nu_TuneCP5_13TeV-powheg-pythia8/RunIISummer20UL18NanoAODv9-106X_upgrade2018_realistic_v16_L1v1-v1/NANOAODSIM"
TT_FOLDER = ("/store/mc/RunIISummer20UL18NanoAODv9/TTTo2L2Nu_TuneCP5_13TeV-powheg-pythia8/NANOAODSIM/"
             "106X_upgrade2018_realistic_v16_L1v1-v1/120000")
TT_BLOCKS = {
    TT_CONTAINER + "#0b4e2a9c-1111-4c1e-9a31-5d7c0ffee001": [1, 2, 3],
    TT_CONTAINER + "#0b4e2a9c-2222-4c1e-9a31-5d7c0ffee002": [4, 5],
}
TT_REPLICAS = {
    1: ["T2_CH_CERN", "T1_US_FNAL_Disk", "T2_DE_DESY"],
    2: ["T2_CH_CERN", "T1_US_FNAL_Disk"],
    3: ["T2_DE_DESY"],
    4: ["T1_US_FNAL_Disk", "T1_US_FNAL_Tape"],
    5: ["T2_CH_CERN", "T2_US_Nebraska"],
}

BENCH_CONTAINER = "/BenchSample_TuneCP5_13TeV-pythia8/RunIISummer20UL18NanoAODv9-106X_upgrade2018_realistic_v16_L1v1-v1/NANOAODSIM"
BENCH_FOLDER = ("/store/mc/RunIISummer20UL18NanoAODv9/BenchSample_TuneCP5_13TeV-pythia8/NANOAODSIM/"
                "106X_upgrade2018_realistic_v16_L1v1-v1/130000")
BENCH_FILES = 1000
BENCH_BLOCK_SIZE = 250
BENCH_REPLICAS = [["T2_CH_CERN", "T1_US_FNAL_Disk", "T2_DE_DESY"], ["T2_CH_CERN", "T2_DE_DESY"], ["T1_US_FNAL_Disk"]]


def file_record(name, events):
    """Made-up but deterministic size and checksums for a file."""
    digest = hashlib.md5(name.encode()).hexdigest()
    return {"scope": SCOPE, "name": name, "bytes": 1_000_000 + int(digest[:5], 16), "md5": digest,
            "adler32": "%08x" % zlib.adler32(name.encode()), "meta": {"events": events}}


def tolerate_existing(action, *arguments, **keywords):
    """Runs a catalogue change; one that was already made (a re-run of the seed) is not an error."""
    try:
        action(*arguments, **keywords)
    except RucioException as error:
        text = f"{type(error).__name__} {error}"
        if not any(word in text for word in ("Duplicate", "AlreadyExists", "already exists", "already attached")):
            raise


def seed_rses(client):
    for name, (rse_type, site, country, tier, protocols) in RSES.items():
        tolerate_existing(client.add_rse, name, deterministic=True, rse_type=rse_type)
        for key, value in (("site", site), ("country", country), ("tier", tier),
                           ("lfn2pfn_algorithm", "cmsidentity"), ("cms_type", "real")):
            client.add_rse_attribute(name, key, value)
        existing = {(p["scheme"], p["hostname"], p["port"]) for p in protocols_of(client, name)}
        for scheme, host, port, prefix, impl, priority in protocols:
            if (scheme, host, port) in existing:
                continue
            operations = {"read": priority, "write": priority, "delete": priority}
            client.add_protocol(name, {
                "scheme": scheme, "hostname": host, "port": port, "prefix": prefix, "impl": impl,
                "domains": {"lan": dict(operations),
                            "wan": dict(operations, third_party_copy_read=priority, third_party_copy_write=priority)},
            })


def protocols_of(client, rse):
    try:
        return client.get_protocols(rse)
    except RucioException:
        return []


def seed_sample(client, container, blocks, replicas_of):
    """Files (with replicas), their blocks and the container."""
    tolerate_existing(client.add_container, SCOPE, container)
    for block, files in blocks.items():
        tolerate_existing(client.add_dataset, SCOPE, block)
        by_rse = {}
        for name, events in files:
            for rse in replicas_of(name):
                by_rse.setdefault(rse, []).append(file_record(name, events))
        for rse, records in by_rse.items():
            for start in range(0, len(records), 500):
                tolerate_existing(client.add_replicas, rse, records[start:start + 500])
        names = [{"scope": SCOPE, "name": name} for name, _ in files]
        for start in range(0, len(names), 500):
            tolerate_existing(client.attach_dids, SCOPE, block, names[start:start + 500])
        tolerate_existing(client.attach_dids, SCOPE, container, [{"scope": SCOPE, "name": block}])


def main():
    client = Client()
    if seeded_files(client) == BENCH_FILES:
        print("rucio: catalogue already seeded")
        return
    tolerate_existing(client.add_scope, "root", SCOPE)
    seed_rses(client)
    tt_files = {f"{TT_FOLDER}/file_{n}.root": TT_REPLICAS[n] for n in TT_REPLICAS}
    seed_sample(client, TT_CONTAINER,
                {block: [(f"{TT_FOLDER}/file_{n}.root", 1000 * n) for n in numbers]
                 for block, numbers in TT_BLOCKS.items()},
                lambda name: tt_files[name])
    bench_names = [f"{BENCH_FOLDER}/bench_{i:04d}.root" for i in range(BENCH_FILES)]
    bench_replicas = {name: BENCH_REPLICAS[i % len(BENCH_REPLICAS)] for i, name in enumerate(bench_names)}
    bench_blocks = {
        f"{BENCH_CONTAINER}#bench-block-{start // BENCH_BLOCK_SIZE}":
            [(name, 1000) for name in bench_names[start:start + BENCH_BLOCK_SIZE]]
        for start in range(0, BENCH_FILES, BENCH_BLOCK_SIZE)
    }
    seed_sample(client, BENCH_CONTAINER, bench_blocks, lambda name: bench_replicas[name])
    print(f"rucio: catalogue seeded ({len(RSES)} RSEs, {len(tt_files)} + {BENCH_FILES} files)")


def seeded_files(client):
    """The number of files in the bench container, the last thing the seed adds (0 when absent)."""
    try:
        return sum(1 for _ in client.list_files(SCOPE, BENCH_CONTAINER))
    except RucioException:
        return 0


if __name__ == "__main__":
    main()
