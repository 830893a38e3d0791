"""Alembic on both backends: empty → head → base → head, and a migrated schema that matches
the SQLAlchemy models exactly (autogenerate finds nothing to add, drop or alter).
"""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from data.db import make_engine
from data.migrate import alembic_config, current_revision, downgrade, upgrade
from data.models import Base

HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()


def tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def differences(engine: Engine) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        return compare_metadata(context, Base.metadata)


def test_upgrade_downgrade_upgrade(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        assert current_revision(engine) is None and tables(engine) == set()
        upgrade(engine)
        assert current_revision(engine) == HEAD
        assert tables(engine) == set(Base.metadata.tables) | {"alembic_version"}
        upgrade(engine)  # idempotent, as on every start
        assert current_revision(engine) == HEAD
        downgrade(engine)
        assert current_revision(engine) is None
        assert tables(engine) <= {"alembic_version"}
        upgrade(engine)
        assert current_revision(engine) == HEAD
        assert differences(engine) == []
    finally:
        engine.dispose()
