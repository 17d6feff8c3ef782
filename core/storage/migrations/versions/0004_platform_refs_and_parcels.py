"""shop platform order ids and tracked parcels

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 23:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "platform_order_refs",
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("external_id", sa.String(length=64), nullable=False),
        sa.Column("order_no", sa.String(length=40), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("platform", "external_id", name=op.f("pk_platform_order_refs")),
    )
    op.create_table(
        "tracked_parcels",
        sa.Column("tracking_no", sa.String(length=64), nullable=False),
        sa.Column("order_no", sa.String(length=40), nullable=False),
        sa.Column("carrier", sa.String(length=40), nullable=False),
        sa.Column("provider", sa.String(length=32), nullable=True),
        sa.Column("subscribed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("tracking_no", "order_no", name=op.f("pk_tracked_parcels")),
    )
    with op.batch_alter_table("tracked_parcels", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tracked_parcels_order_no"), ["order_no"])


def downgrade() -> None:
    with op.batch_alter_table("tracked_parcels", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tracked_parcels_order_no"))
    op.drop_table("tracked_parcels")
    op.drop_table("platform_order_refs")
