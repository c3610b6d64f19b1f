"""Schema 2: the facilitators table (participants made facilitators by the facilitator passcode)."""

import sqlalchemy as sa
from alembic import op

from tpi_widgets.store.migrations import record_schema_version

revision = "0002"
down_revision = "0001"


def upgrade():
    op.create_table(
        "facilitators",
        sa.Column("participant_id", sa.Integer, sa.ForeignKey("participants.id"), primary_key=True),
        sa.Column("granted_at", sa.String(32), nullable=False),
    )
    record_schema_version(2)
