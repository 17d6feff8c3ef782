"""proactive exceptions: orders.watch_at, exception decisions, compensation budget, outbox

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("watch_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(
            "ix_orders_watch_at",
            ["watch_at"],
            unique=False,
            postgresql_where=sa.text("watch_at IS NOT NULL"),
            sqlite_where=sa.text("watch_at IS NOT NULL"),
        )

    op.create_table(
        "exception_decisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("order_no", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("exception", sa.String(length=40), nullable=False),
        sa.Column("customer_id", sa.String(length=64), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finding", JSON, nullable=False),
        sa.Column("offer", JSON, nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=True),
        sa.Column("choice", sa.String(length=20), nullable=True),
        sa.Column("choice_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exception_decisions")),
        sa.UniqueConstraint("order_no", "kind", name="uq_exception_decisions_order_no_kind"),
    )

    op.create_table(
        "compensation_budget",
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("spent_minor", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("day", "currency", name=op.f("pk_compensation_budget")),
    )

    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.Column("order_no", sa.String(length=40), nullable=True),
        sa.Column("customer_id", sa.String(length=64), nullable=True),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=True),
        sa.Column("chat_id", sa.String(length=128), nullable=True),
        sa.Column("payload", JSON, nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.String(length=80), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_decision_id"), ["decision_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_outbox_order_no"), ["order_no"], unique=False)
        batch_op.create_index(
            "ix_outbox_due",
            ["status", "next_attempt_at"],
            unique=False,
            postgresql_where=sa.text("status IN ('pending', 'sending')"),
            sqlite_where=sa.text("status IN ('pending', 'sending')"),
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_due")
        batch_op.drop_index(batch_op.f("ix_outbox_order_no"))
        batch_op.drop_index(batch_op.f("ix_outbox_decision_id"))

    op.drop_table("outbox")
    op.drop_table("compensation_budget")
    op.drop_table("exception_decisions")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index("ix_orders_watch_at")
        batch_op.drop_column("watch_at")
