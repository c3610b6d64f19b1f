"""${message}"""

import sqlalchemy as sa
from alembic import op

from tpi_widgets.store.migrations import record_schema_version

revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}


def upgrade():
    ${upgrades if upgrades else "pass"}
