"""Proof of identity (domain.md §11): OS accounts mapped to staff, script tokens, per-key SSH secrets.

Only hashes of tokens and secrets are stored: a copy of the database proves nobody."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel


class OsAccount(SQLModel, table=True):
    """An operating-system login whose commands act as one staff member, without a password."""

    __tablename__ = "os_account"
    id: int | None = Field(default=None, primary_key=True)
    os_user: str = Field(max_length=64, unique=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    mapped_at: datetime
    mapped_by: str = Field(max_length=64)


class ApiToken(SQLModel, table=True):
    """A token for scripts and cron (QUANCHENG_TOKEN): proves one login until it expires or is revoked."""

    __tablename__ = "api_token"
    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)  # sha256 of a 256-bit random token
    note: str = Field(default="", max_length=100)
    created_at: datetime
    created_by: str = Field(max_length=64)
    expires_on: date | None = None  # the last day it works
    revoked_at: datetime | None = None
    revoked_by: str | None = Field(default=None, max_length=64)
    last_used_at: datetime | None = None


class KeySecret(SQLModel, table=True):
    """The secret written into one key's forced command in authorized_keys (only the service account
    reads that file): it proves the session really came through that key's forced command."""

    __tablename__ = "ssh_key_secret"
    staff_key_id: int = Field(foreign_key="staff_key.id", primary_key=True, sa_column_kwargs={"autoincrement": False})
    secret_hash: str = Field(max_length=64, unique=True)
    issued_at: datetime
    issued_by: str = Field(max_length=64)


__all__ = ["ApiToken", "KeySecret", "OsAccount"]
