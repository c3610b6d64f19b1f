"""Schema 3: participants.account, the JupyterHub user a participant is (one participant each)."""

import sqlalchemy as sa
from alembic import op

from tpi_widgets.store.migrations import record_schema_version

revision = "0003"
down_revision = "0002"


def upgrade():
    op.add_column("participants", sa.Column("account", sa.String(255), nullable=True))
    op.create_index("ix_participants_account", "participants", ["account"], unique=True)
    record_schema_version(3)
