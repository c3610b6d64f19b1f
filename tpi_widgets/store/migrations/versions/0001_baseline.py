"""Baseline, schema 1: the tables as the first store made them (meta, partnerships, participants,
entries, changes). Written out here, not taken from schema.py, so that later changes to schema.py
never change what this revision creates."""

import sqlalchemy as sa
from alembic import op

from tpi_widgets.store.migrations import record_schema_version

revision = "0001"
down_revision = None


def upgrade():
    op.create_table(
        "meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "partnerships",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("slug", sa.String(80), nullable=False, unique=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("profile", sa.JSON, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "participants",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("token", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("institution", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "entries",
        sa.Column("partnership_id", sa.Integer, sa.ForeignKey("partnerships.id"), primary_key=True),
        sa.Column("cycle", sa.Integer, primary_key=True),
        sa.Column("collection", sa.String(64), primary_key=True),
        sa.Column("record", sa.String(128), primary_key=True),
        sa.Column("field", sa.String(64), primary_key=True),
        sa.Column("value", sa.JSON, nullable=True),
        sa.Column("participant_id", sa.Integer, sa.ForeignKey("participants.id"), nullable=True),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.Column("change_id", sa.Integer, nullable=False),
    )
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("partnership_id", sa.Integer, sa.ForeignKey("partnerships.id"), nullable=False),
        sa.Column("cycle", sa.Integer, nullable=False),
        sa.Column("collection", sa.String(64), nullable=False),
        sa.Column("record", sa.String(128), nullable=False),
        sa.Column("field", sa.String(64), nullable=False),
        sa.Column("value", sa.JSON, nullable=True),
        sa.Column("participant_id", sa.Integer, sa.ForeignKey("participants.id"), nullable=True),
        sa.Column("at", sa.String(32), nullable=False),
    )
    op.create_index("ix_changes_partnership_id", "changes", ["partnership_id", "id"])
    record_schema_version(1)
