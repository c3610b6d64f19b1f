"""Schema 4: the trainers table (under JupyterHub, the members of its trainer group)."""

import sqlalchemy as sa
from alembic import op

from tpi_widgets.store.migrations import record_schema_version

revision = "0004"
down_revision = "0003"


def upgrade():
    op.create_table(
        "trainers",
        sa.Column("participant_id", sa.Integer, sa.ForeignKey("participants.id"), primary_key=True),
        sa.Column("granted_at", sa.String(32), nullable=False),
    )
    record_schema_version(4)
