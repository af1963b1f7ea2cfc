"""Who is acting, and the clock they act at (injected so tests can fix it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from ..domain.roles import Role
from ..errors import N_, NotPermitted


def _now() -> datetime:
    return datetime.now().astimezone().replace(microsecond=0)


@dataclass(frozen=True)
class Actor:
    login: str
    name: str
    role: Role
    village: str | None = None  # village code, for agents
    acting_for: str | None = None  # the A post this B post stands in for

    def require(self, roles: frozenset[Role], what: str) -> None:
        if self.role not in roles:
            raise NotPermitted(N_("{login}（{role}）无权{what}"), login=self.login, role=self.role.value, what=what)


# The office set-up itself, before any staff exists.
SYSTEM = Actor(login="system", name="system", role=Role.ADMIN)


@dataclass(frozen=True)
class Clock:
    now: Callable[[], datetime] = field(default=_now)

    def today(self) -> date:
        return self.now().date()


def fixed_clock(at: datetime) -> Clock:
    return Clock(now=lambda: at)
