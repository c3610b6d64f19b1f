"""Tables of the store (SQLAlchemy Core), the same on SQLite and PostgreSQL.

Every value participants enter is one row of `entries`, addressed by
(partnership, cycle, collection, record, field), so two people editing two fields of the same
record never overwrite each other. Every write also appends to `changes`: its id is the change
counter that open pages poll, and the rows are the history (who, when, what) behind undo. Text
saved at each pause of typing keeps one row per burst (api.TYPING_BURST_SECONDS), not one per pause.
"""

import sqlalchemy as sa

SCHEMA_VERSION_KEY = "schema_version"  # meta key: the schema this store is at
SCHEMA_VERSION = 4  # 2: the facilitators table; 3: participants.account; 4: the trainers table; each version is a migration in store/migrations/versions/

metadata = sa.MetaData()

meta = sa.Table(
    "meta", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

partnerships = sa.Table(
    "partnerships", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("slug", sa.String(80), nullable=False, unique=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("profile", sa.JSON, nullable=False),  # institutions, areas, language, start date
    sa.Column("created_at", sa.String(32), nullable=False),
)

participants = sa.Table(
    "participants", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("token", sa.String(64), nullable=False, unique=True),  # kept in a browser-session cookie
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("institution", sa.Text, nullable=False),
    sa.Column("role", sa.Text, nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),
    # the JupyterHub user this participant is (server/hub_auth.py); None for a room's participants
    sa.Column("account", sa.String(255), nullable=True),
    sa.Index("ix_participants_account", "account", unique=True),
)

# Participants made facilitators by the facilitator passcode (tpi_widgets/core/access.py).
facilitators = sa.Table(
    "facilitators", metadata,
    sa.Column("participant_id", sa.Integer, sa.ForeignKey("participants.id"), primary_key=True),
    sa.Column("granted_at", sa.String(32), nullable=False),
)

# Participants who are trainers: under JupyterHub, the members of its trainer group
# (server/hub_auth.py). They open the network view; they are no facilitators on the step pages.
trainers = sa.Table(
    "trainers", metadata,
    sa.Column("participant_id", sa.Integer, sa.ForeignKey("participants.id"), primary_key=True),
    sa.Column("granted_at", sa.String(32), nullable=False),
)

entries = sa.Table(
    "entries", metadata,
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

changes = sa.Table(
    "changes", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("partnership_id", sa.Integer, sa.ForeignKey("partnerships.id"), nullable=False),
    sa.Column("cycle", sa.Integer, nullable=False),
    sa.Column("collection", sa.String(64), nullable=False),
    sa.Column("record", sa.String(128), nullable=False),
    sa.Column("field", sa.String(64), nullable=False),
    sa.Column("value", sa.JSON, nullable=True),
    sa.Column("participant_id", sa.Integer, sa.ForeignKey("participants.id"), nullable=True),
    sa.Column("at", sa.String(32), nullable=False),
    sa.Index("ix_changes_partnership_id", "partnership_id", "id"),
)
