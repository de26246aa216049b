"""Creates the schema, the base VO and the root account of the local Rucio server's SQLite database
(what Rucio's tools/bootstrap.py does), and puts the database in WAL mode. Run with RUCIO_CONFIG
pointing at the server's rucio.cfg.

WAL matters: in the default rollback-journal mode a token being written (every authentication) makes
concurrent readers fail with "database is locked", and Rucio's list_replicas swallows that error and
answers with files that have no PFNs at the RSE concerned."""
import sqlite3

from rucio.common.config import config_get
from rucio.db.sqla.util import build_database, create_base_vo, create_root_account

build_database()
create_base_vo()
create_root_account()
with sqlite3.connect(config_get("database", "default").removeprefix("sqlite:///")) as connection:
    connection.execute("PRAGMA journal_mode=WAL")
print("rucio: database created")
