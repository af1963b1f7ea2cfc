"""Schema revisions known to this build, without importing Alembic.

Start-up compares the database's revision with these to refuse a newer
schema before anything touches the file; a test keeps this list equal to
the Alembic scripts.
"""

REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010", "0011", "0012", "0013", "0014", "0015")
HEAD = REVISIONS[-1]
