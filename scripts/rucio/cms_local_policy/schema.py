"""Rucio's generic schema with CMS names allowed: block names carry '#', RSE names have lower case
letters (T1_US_FNAL_Disk)."""
from rucio.common.schema.generic import *  # noqa: F401,F403 - the policy package re-exports the generic schema
from rucio.common.schema import generic as _generic

_CMS_RSE = r"^([A-Za-z0-9]+([_-][A-Za-z0-9]+)*)$"

# The schemas are plain dicts shared by reference, so changing these patterns in place changes every
# schema that uses them.
_generic.NAME["pattern"] = r"^[/A-Za-z0-9][/A-Za-z0-9\.\-_#]*$"
_generic.RSE["pattern"] = _CMS_RSE
_generic.ATTACHMENT["properties"]["rse"]["pattern"] = _CMS_RSE
