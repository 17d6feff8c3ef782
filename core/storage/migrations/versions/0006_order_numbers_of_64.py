"""order numbers up to 64 characters (DESIGN.md: Tokopedia, Rakuten, Ozon formats)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 00:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

COLUMNS = (
    ("orders", False),
    ("tickets", True),
    ("audit_log", True),
    ("exception_decisions", False),
    ("outbox", True),
    ("platform_order_refs", False),
    ("tracked_parcels", False),
)


def upgrade() -> None:
    # SQLite does not enforce VARCHAR lengths: only servers that do need the change.
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, nullable in COLUMNS:
        op.alter_column(
            table,
            "order_no",
            existing_type=sa.String(length=40),
            type_=sa.String(length=64),
            existing_nullable=nullable,
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, nullable in COLUMNS:
        op.alter_column(
            table,
            "order_no",
            existing_type=sa.String(length=64),
            type_=sa.String(length=40),
            existing_nullable=nullable,
        )
