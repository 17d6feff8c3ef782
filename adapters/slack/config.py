"""The desk's configuration: staff channels by department, who may act (`core.staff.StaffAccess`),
what waits for approval, where file links point."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from core.settings import Settings
from core.staff import APPROVAL_KINDS, StaffAccess

FILE_LINK_SECONDS = 7 * 24 * 3600
REFUSAL = "Sorry, you are not allowed to act on order-support tickets here."


def _listed(values: Iterable[str]) -> frozenset[str]:
    return frozenset(str(v).strip() for v in values if str(v).strip())


@dataclass(frozen=True)
class SlackConfig:
    channels: Mapping[str, str]
    """Department -> channel id; the key "default" serves every department not listed."""
    access: StaffAccess
    """Who may act (in the staff channels only), and who sees `/order` unmasked."""
    approval_kinds: frozenset[str] = APPROVAL_KINDS
    public_url: str | None = None
    """Where customers reach this service: the base of links to files staff send."""
    file_link_seconds: int = FILE_LINK_SECONDS

    @classmethod
    def from_settings(
        cls, settings: Settings, channels: Mapping[str, str] | None = None
    ) -> SlackConfig:
        slack = settings.slack
        routing = dict(channels if channels is not None else slack.channels)
        return cls(
            channels=routing,
            access=StaffAccess(
                staff=_listed(slack.staff_users),
                places=frozenset(routing.values()),
                unmask=_listed(slack.unmask_users),
            ),
            approval_kinds=_listed(slack.approval_kinds),
            public_url=settings.public_url or None,
            file_link_seconds=settings.file_link_ttl_seconds,
        )

    def channel_for(self, department: str) -> str | None:
        return self.channels.get(department) or self.channels.get("default")

    def may_act(self, user: str | None, channel: str | None) -> bool:
        return self.access.may_act(user, channel)
