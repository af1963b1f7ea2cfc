import sqlite3
import threading

import pytest
from sqlmodel import select

from quancheng_tui.errors import StorageError
from quancheng_tui.services import setup, staff
from quancheng_tui.services.backup import restore_sqlite
from quancheng_tui.store import migrate, schema
from quancheng_tui.store.database import Database
from quancheng_tui.store.tables import Office


@pytest.mark.sqlite_only
def test_sqlite_pragmas(db):
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


@pytest.mark.sqlite_only
def test_write_transactions_begin_immediate(db):
    """While a write unit is open, another connection cannot even start one (RESERVED lock)."""
    entered, release = threading.Event(), threading.Event()

    def writer():
        with db.write() as session:
            session.exec(select(Office)).all()  # a read first: the lock must already be held
            entered.set()
            release.wait(5)

    th = threading.Thread(target=writer)
    th.start()
    entered.wait(5)
    other = sqlite3.connect(str(db.target.path), timeout=0.1, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        other.execute("BEGIN IMMEDIATE")
    other.close()
    release.set()
    th.join()


def test_schema_constants_match_alembic():
    assert migrate.revisions() == list(schema.REVISIONS)
    assert migrate.head() == schema.HEAD


def test_models_match_migrations(db):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlmodel import SQLModel

    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


def test_downgrade_upgrade_round_trip_keeps_rows(office_db):
    migrate.downgrade(office_db, "0001")
    assert migrate.current(office_db) == "0001"
    result = migrate.upgrade(office_db)
    assert (result.before, result.after) == ("0001", schema.HEAD)
    assert setup.office(office_db).name == "青山镇便民服务中心"
    if office_db.dialect != "sqlite":
        assert result.backup is None  # a server's backups are the DBA's (pg_dump)
        return
    assert result.backup is not None and result.backup.exists()
    con = sqlite3.connect(str(result.backup))
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    assert con.execute("SELECT count(*) FROM staff").fetchone()[0] == 9
    con.close()


def test_upgrade_of_empty_file_takes_no_backup(tmp_path):
    db = Database.open(str(tmp_path / "new.db"))
    result = migrate.upgrade(db)
    assert result.before is None and result.backup is None
    assert list(tmp_path.iterdir()) == [tmp_path / "new.db"] or all(
        p.name.startswith("new.db") for p in tmp_path.iterdir())


def test_check_reports_integrity_and_version(db):
    result = migrate.check(db)
    assert result.ok and result.integrity == "ok" and result.revision == schema.HEAD


@pytest.mark.parametrize("case", ["directory", "not_sqlite", "newer", "missing_parent"])
def test_bad_targets_refused_and_untouched(tmp_path, case):
    if case == "directory":
        target = tmp_path
    elif case == "not_sqlite":
        target = tmp_path / "x.db"
        target.write_bytes(b"hello, not a database" * 10)
    elif case == "newer":
        target = tmp_path / "n.db"
        con = sqlite3.connect(target)
        con.execute("CREATE TABLE alembic_version (version_num TEXT)")
        con.execute("INSERT INTO alembic_version VALUES ('9999')")
        con.commit()
        con.close()
    else:
        target = tmp_path / "no" / "such" / "q.db"
    before = target.read_bytes() if target.is_file() else None
    with pytest.raises(StorageError):
        Database.open(str(target), create=False)
    if before is not None:
        assert target.read_bytes() == before
    assert not (tmp_path / "no").exists()


@pytest.mark.sqlite_only
def test_restore_checks_the_copy(office_db, tmp_path, clock):
    admin = staff.actor_for(office_db, "admin")
    copy = tmp_path / "copy.db"
    migrate.sqlite_backup(office_db.target.path, copy)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"junk" * 100)
    with pytest.raises(StorageError):
        restore_sqlite(office_db, admin, clock, junk)
    restore_sqlite(office_db, admin, clock, copy)  # restores are an admin's (issue 18), onto an existing office
    with office_db.read() as s:
        assert s.exec(select(Office)).one().code == "QS"


@pytest.mark.sqlite_only
def test_read_units_do_not_block_writers(office_db):
    with office_db.read() as s:
        s.exec(select(Office)).all()
        other = sqlite3.connect(str(office_db.target.path), timeout=0.5, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        other.close()
