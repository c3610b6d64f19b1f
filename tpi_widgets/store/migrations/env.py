"""Alembic's environment: migrations run on the connection Store hands over (migrations.migrate)."""

from alembic import context

from tpi_widgets.store import schema

context.configure(connection=context.config.attributes["connection"], target_metadata=schema.metadata,
                  render_as_batch=True)  # SQLite alters a table by copying it (batch mode)
with context.begin_transaction():
    context.run_migrations()
