"""The store's schema migrations (Alembic), run by Store.create() and Store.upgrade() on the
store's own connection: users need no alembic.ini and no `alembic` command.

Each revision records its schema version in the meta table too, so `meta.schema_version` and
Alembic's `alembic_version` always agree. A store made before migrations existed has no
`alembic_version`: its meta schema version says which revision it is at, so it is stamped there
and then upgraded.

A new schema change: add versions/000N_<what>.py (down_revision the previous head), its
upgrade() ending with record_schema_version(N), and raise schema.SCHEMA_VERSION to N.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext

from tpi_widgets.errors import StoreError
from tpi_widgets.store import schema

FOLDER = Path(__file__).resolve().parent

# The revision of each schema version: where a store made by the code before migrations (1, 2)
# is stamped, and the revision every later version's migration ends at.
REVISION_OF_SCHEMA = {1: "0001", 2: "0002", 3: "0003", 4: "0004"}


def migrate(connection: sa.Connection, schema_version: int | None):
    """Bring the database behind `connection` (inside its transaction) to the newest revision."""
    config = Config()
    config.set_main_option("script_location", str(FOLDER))
    config.attributes["connection"] = connection
    if schema_version is not None and current_revision(connection) is None:
        if schema_version not in REVISION_OF_SCHEMA:
            raise StoreError(f"the store is at schema version {schema_version}, which this version of "
                             f"TPI Workbook does not know: upgrade TPI Workbook")
        command.stamp(config, REVISION_OF_SCHEMA[schema_version])
    command.upgrade(config, "head")


def current_revision(connection: sa.Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def record_schema_version(version: int):
    """Inside a revision's upgrade(): the meta row that says which schema the store is at."""
    from alembic import op
    meta = sa.table("meta", sa.column("key"), sa.column("value"))
    bind = op.get_bind()
    bind.execute(meta.delete().where(meta.c.key == schema.SCHEMA_VERSION_KEY))
    bind.execute(meta.insert().values(key=schema.SCHEMA_VERSION_KEY, value=str(version)))
