"""Makes every token of the local Rucio server expire now, as if an hour had passed.

Usage: expire_tokens.py DATABASE.sqlite"""
import sqlite3
import sys

with sqlite3.connect(sys.argv[1]) as connection:
    count = connection.execute("UPDATE tokens SET expired_at = datetime('now', '-1 minute')").rowcount
print(f"rucio: {count} token(s) expired")
