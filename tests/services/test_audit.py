from quancheng_tui.services import audit


def test_chain_intact_after_writes(office_db):
    result = audit.verify(office_db)
    assert result.ok and result.entries > 5


def _tamper(db, sql):
    """What someone with direct access to the database file or server could do."""
    with db.engine.begin() as conn:
        if db.dialect == "postgresql":
            conn.exec_driver_sql("ALTER TABLE audit DISABLE TRIGGER audit_append_only")
        conn.exec_driver_sql(sql)


def test_altered_entry_is_found(office_db):
    _tamper(office_db, "UPDATE audit SET actor='mallory' WHERE id=3")
    result = audit.verify(office_db)
    assert not result.ok and result.first_bad == 3


def test_removed_entry_is_found(office_db):
    _tamper(office_db, "DELETE FROM audit WHERE id=4")
    result = audit.verify(office_db)
    assert not result.ok and result.first_bad == 5


def test_inserted_entry_is_found(office_db):
    _tamper(office_db, "INSERT INTO audit (id, at, actor, action, entity, entity_key, prev_hash, hash) "
                       "SELECT 1000, at, 'x', 'x', 'x', '', hash, hash FROM audit WHERE id=(SELECT max(id) FROM audit)")
    result = audit.verify(office_db)
    assert not result.ok and result.first_bad == 1000


def test_postgresql_refuses_changing_audit_rows(office_db):
    import pytest
    import sqlalchemy as sa

    if office_db.dialect != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL")
    for sql in ("UPDATE audit SET actor='x' WHERE id=1", "DELETE FROM audit WHERE id=1"):
        with pytest.raises(sa.exc.DBAPIError, match="cannot be changed"):
            with office_db.engine.begin() as conn:
                conn.exec_driver_sql(sql)
    assert audit.verify(office_db).ok
