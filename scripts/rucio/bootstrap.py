"""Creates the schema, the base VO and the root account of the local Rucio server's SQLite database
(what Rucio's tools/bootstrap.py does). Run with RUCIO_CONFIG pointing at the server's rucio.cfg."""
from rucio.db.sqla.util import build_database, create_base_vo, create_root_account

build_database()
create_base_vo()
create_root_account()
print("rucio: database created")
