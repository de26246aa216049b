"""A minimal CMS-like Rucio policy package for the local test server (scripts/rucio-server.sh).

CMS's own policy package is not on PyPI; this one gives the server what the tests need: CMS DID and RSE
names (schema.py) and the `cmsidentity` lfn2pfn algorithm, so a PFN is the protocol prefix followed by the
LFN, as on CMS storage.
"""


def cmsidentity(scope, name, rse, rse_attrs, protocol_attrs):
    """The LFN itself, without its leading slash: prefix '/eos/cms/' + 'store/mc/...'."""
    del scope, rse, rse_attrs, protocol_attrs
    return name.lstrip("/")


def get_algorithms():
    return {"lfn2pfn": {"cmsidentity": cmsidentity}}
