"""outcomes: episodes of conversations, outcome events, satisfaction questions to send

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-02 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outcome_episodes",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("customer_key", sa.String(length=64), nullable=True),
        sa.Column("conversation_key", sa.String(length=64), nullable=True),
        sa.Column("order_key", sa.String(length=64), nullable=True),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("intent", sa.String(length=32), nullable=True),
        sa.Column("flow", sa.String(length=20), nullable=True),
        sa.Column("platform", sa.String(length=32), nullable=True),
        sa.Column("detour", sa.Boolean(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("handoff_reason", sa.String(length=40), nullable=True),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("follows", sa.String(length=32), nullable=True),
        sa.Column("turns", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("first_response_s", sa.Float(), nullable=True),
        sa.Column("bot_done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("handed_off_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("staff_first_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("takeover_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("handback_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("survey_asked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("satisfaction", sa.Integer(), nullable=True),
        sa.Column("satisfaction_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outcome_episodes")),
    )
    with op.batch_alter_table("outcome_episodes", schema=None) as batch_op:
        for column in ("customer_key", "conversation_key", "ticket_id", "started_at"):
            batch_op.create_index(
                batch_op.f(f"ix_outcome_episodes_{column}"), [column], unique=False
            )
        batch_op.create_index("ix_outcome_episodes_outcome", ["outcome", "last_at"], unique=False)

    op.create_table(
        "outcome_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("detail", sa.String(length=60), nullable=True),
        sa.Column("ref", sa.String(length=40), nullable=True),
        sa.Column("channel", sa.String(length=32), nullable=True),
        sa.Column("customer_key", sa.String(length=64), nullable=True),
        sa.Column("actor", sa.String(length=16), nullable=True),
        sa.Column("amount", sa.String(length=32), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outcome_events")),
    )
    with op.batch_alter_table("outcome_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outcome_events_at"), ["at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_outcome_events_customer_key"), ["customer_key"], unique=False
        )

    op.create_table(
        "outcome_surveys",
        sa.Column("conversation", sa.String(length=200), nullable=False),
        sa.Column("episode_id", sa.String(length=32), nullable=False),
        sa.Column("customer_key", sa.String(length=64), nullable=True),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("conversation", name=op.f("pk_outcome_surveys")),
    )
    with op.batch_alter_table("outcome_surveys", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outcome_surveys_customer_key"), ["customer_key"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_outcome_surveys_due_at"), ["due_at"], unique=False)


def downgrade() -> None:
    op.drop_table("outcome_surveys")
    op.drop_table("outcome_events")
    op.drop_table("outcome_episodes")
