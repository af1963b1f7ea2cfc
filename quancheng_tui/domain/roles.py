"""Roles and what each may do (domain.md §1)."""

from __future__ import annotations

from enum import Enum

from ..errors import N_


class Role(str, Enum):
    CLERK = "clerk"
    HANDLER = "handler"
    LEADER = "leader"
    ADMIN = "admin"
    AGENT = "agent"
    SUPERVISOR = "supervisor"


ROLE_LABELS = {
    Role.CLERK: N_("协办员"),
    Role.HANDLER: N_("具体办理人"),
    Role.LEADER: N_("值班领导"),
    Role.ADMIN: N_("管理员"),
    Role.AGENT: N_("村代办员"),
    Role.SUPERVISOR: N_("监督员"),
}

# Who may change reference data (catalog, staff, rosters, calendar, settings).
ADMINS = frozenset({Role.ADMIN})
# Who may write cases at all; a supervisor only reads.
WRITERS = frozenset({Role.CLERK, Role.HANDLER, Role.LEADER, Role.ADMIN, Role.AGENT})
APPROVERS = frozenset({Role.LEADER, Role.ADMIN})


def parse_role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        from ..errors import InputError

        raise InputError(
            N_("角色“{role}”无效，应为 clerk、handler、leader、admin、agent 或 supervisor"), role=value
        ) from None
