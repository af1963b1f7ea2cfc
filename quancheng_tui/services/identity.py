"""Who runs a command, proven (domain.md §11, issue 18): a claimed login is never enough.

The proofs, in the order `prove` tries them:
- the SSH forced command of an agent's key: a per-key secret in authorized_keys (which only the
  service account reads) matches the hash stored when `ssh authorized-keys` printed it;
- a token (QUANCHENG_TOKEN) an admin created for scripts and cron; only its sha256 is stored;
- the operating-system account that runs the command, mapped to a staff member by an admin
  (the account that ran `init` is the first admin's);
- the staff password, asked on the terminal (staff.authenticate).
Every token use, SSH session, login and failed login is audited; a locked account is refused by all.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date

from sqlmodel import Session, col, select

from ..domain import text
from ..domain.roles import ADMINS, Role
from ..errors import N_, InputError, NotFound, NotPermitted
from ..store.database import Database
from ..store.identity_tables import ApiToken, KeySecret, OsAccount
from ..store.keys import key
from ..store.tables import Staff
from . import audit
from . import staff as staff_svc
from .context import Actor, Clock

TOKEN_PREFIX = "qct_"
TOKEN_ENV = "QUANCHENG_TOKEN"
KEY_ENV = "QUANCHENG_SSH_KEY"  # set by the forced command line of `ssh authorized-keys`


@dataclass(frozen=True)
class TokenView:
    id: int
    login: str
    note: str
    created_at: str
    created_by: str
    expires_on: date | None
    revoked: bool
    last_used_at: str | None

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Claim:
    """What a command line says about who runs it; `prove` decides what it proves."""

    os_user: str  # from the kernel (pwd.getpwuid(geteuid())), not from $USER
    login: str | None = None  # --user / QUANCHENG_USER: a claim to be proven
    token: str | None = None  # QUANCHENG_TOKEN
    forced_login: str | None = None  # --login, written by `ssh authorized-keys`
    key_secret: str | None = None  # QUANCHENG_SSH_KEY, written beside it
    ssh_connection: str = ""  # SSH_CONNECTION, recorded with the session


def _digest(secret: str) -> str:
    # Tokens and key secrets are 256-bit random strings: a plain hash cannot be brute-forced.
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _staff(session: Session, login: str) -> Staff:
    s = session.exec(select(Staff).where(Staff.login == login)).first()
    if s is None:
        raise NotFound(N_("工作人员“{login}”不存在"), login=login)
    return s


def _usable(session: Session, s: Staff, clock: Clock) -> Actor:
    if not s.active:
        raise NotFound(N_("“{login}”不是本中心在岗的工作人员"), login=s.login)
    staff_svc.refuse_if_locked(s, clock.now())
    return staff_svc.actor_of(session, s)


# --- proving ---------------------------------------------------------------------------------------


def prove(db: Database, clock: Clock, claim: Claim, ask_password: Callable[[str], str | None]) -> Actor:
    """The proven actor of a command, or a refusal naming what would prove it.

    ask_password(login) returns the password typed on the terminal, or None when there is none."""
    if claim.forced_login is not None:
        if not claim.key_secret:
            raise NotPermitted(N_("--login 只在村代办员公钥的 SSH 强制命令中有效"))
        return prove_ssh_key(db, clock, claim.forced_login, claim.key_secret, claim.ssh_connection)
    if claim.token:
        actor = prove_token(db, clock, claim.token)
        if claim.login and claim.login != actor.login:
            raise NotPermitted(N_("令牌属于 {owner}，不能证明 {login} 的身份"), owner=actor.login, login=claim.login)
        return actor
    mapped = os_actor(db, clock, claim.os_user)
    if mapped is not None and claim.login in (None, mapped.login):
        return mapped
    if claim.login is None:
        raise NotPermitted(N_("系统账号 {os_user} 未关联工作人员：请用 --user 登录名（在终端输入密码）、"
                              "QUANCHENG_TOKEN，或请管理员执行 quancheng staff map-os"), os_user=claim.os_user)
    login = text.login(claim.login)
    password = ask_password(login)
    if password is None:
        raise NotPermitted(N_("无法证明 {login} 的身份：没有终端可输入密码（脚本请用 QUANCHENG_TOKEN）"),
                           login=login)
    return staff_svc.authenticate(db, clock, login, password)


def os_actor(db: Database, clock: Clock, os_user: str) -> Actor | None:
    """The staff member an admin mapped this OS account to, if any (a locked account is refused)."""
    with db.read() as session:
        row = session.exec(select(OsAccount, Staff).where(OsAccount.os_user == os_user,
                                                          OsAccount.staff_id == Staff.id)).first()
        if row is None:
            return None
        return _usable(session, row[1], clock)


def prove_token(db: Database, clock: Clock, token: str) -> Actor:
    """A live token's login; each use is audited (`token.use`)."""
    refused = NotPermitted(N_("令牌无效、已撤销或已过期"))
    digest = _digest(token.strip())
    failure: Exception | None = None
    with db.write() as session:
        row = session.exec(select(ApiToken).where(ApiToken.token_hash == digest)).first()
        if row is None or not hmac.compare_digest(row.token_hash, digest):
            raise refused
        s = session.get(Staff, row.staff_id)
        assert s is not None, "ApiToken.staff_id is a foreign key to the staff member"
        now = clock.now()
        if row.revoked_at is not None or (row.expires_on is not None and row.expires_on < now.date()):
            who = Actor(login=s.login, name=s.name, role=Role(s.role))
            audit.append(session, who, now, "token.refused", "token", str(row.id),
                         after={"revoked": row.revoked_at is not None})
            failure = refused
        else:
            actor = _usable(session, s, clock)
            row.last_used_at = now
            session.add(row)
            audit.append(session, actor, now, "token.use", "token", str(row.id))
    if failure is not None:
        raise failure
    return actor


def prove_ssh_key(db: Database, clock: Clock, login: str, secret: str, connection: str = "") -> Actor:
    """The agent whose key's forced command carried this secret; the session is audited (`ssh.session`)."""
    from ..store.case_tables import StaffKey

    digest = _digest(secret.strip())
    failure: Exception | None = None
    with db.write() as session:
        row = session.exec(select(KeySecret, StaffKey, Staff).where(
            KeySecret.secret_hash == digest, KeySecret.staff_key_id == StaffKey.id,
            StaffKey.staff_id == Staff.id)).first()
        now = clock.now()
        if row is None or row[2].login != login:
            # A forged or stale forced command: counted against the login it names, if that exists.
            claimed = session.exec(select(Staff).where(Staff.login == login)).first()
            if claimed is not None:
                staff_svc.record_failure(session, claimed, now, "ssh")
            failure = NotPermitted(N_("SSH 强制命令的密钥凭据无效，请管理员重新生成 authorized_keys"))
        else:
            _secret, key, s = row
            actor = _usable(session, s, clock)
            s.failed_logins = 0
            session.add(s)
            client = connection.split(" ")[0] if connection else ""
            audit.append(session, actor, now, "ssh.session", "staff", s.login,
                         after={"fingerprint": key.fingerprint, "from": client})
    if failure is not None:
        raise failure
    return actor


# --- OS accounts ------------------------------------------------------------------------------------


def map_os(db: Database, actor: Actor, clock: Clock, login: str, os_user: str) -> None:
    """Map an OS account to a staff member (admins): that account's commands then act as them."""
    actor.require(ADMINS, N_("管理工作人员"))
    os_user = _os_user(os_user)
    with db.write() as session:
        s = _staff(session, text.login(login))
        row = session.exec(select(OsAccount).where(OsAccount.os_user == os_user)).first()
        before = None
        if row is None:
            row = OsAccount(os_user=os_user, staff_id=key(s), mapped_at=clock.now(), mapped_by=actor.login)
        else:
            mapped = session.get(Staff, row.staff_id)
            assert mapped is not None, "OsAccount.staff_id is a foreign key to the staff member"
            before = {"login": mapped.login}
            row.staff_id, row.mapped_at, row.mapped_by = key(s), clock.now(), actor.login
        session.add(row)
        audit.append(session, actor, clock.now(), "staff.map_os", "staff", s.login, before=before,
                     after={"os_user": os_user, "login": s.login})


def current_os_account() -> str:
    """The account the kernel runs us as: $USER and $LOGNAME are whatever the caller set."""
    import os
    import pwd

    try:
        return pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:
        return str(os.geteuid())


def map_first_admin(db: Database, clock: Clock, login: str, os_user: str) -> bool:
    """`init` on a new office: the OS account that ran it is the first admin's. False when any
    mapping exists already (an existing office is never re-mapped by running init again)."""
    from .context import SYSTEM

    os_user = _os_user(os_user)
    with db.write() as session:
        if session.exec(select(OsAccount)).first() is not None:
            return False
        s = _staff(session, login)
        session.add(OsAccount(os_user=os_user, staff_id=key(s), mapped_at=clock.now(), mapped_by=SYSTEM.login))
        audit.append(session, SYSTEM, clock.now(), "staff.map_os", "staff", s.login,
                     after={"os_user": os_user, "login": s.login})
    return True


def adopt_unmapped_office(db: Database, clock: Clock, os_user: str) -> str | None:
    """An office upgraded from before OS mappings existed has none: the OS account that upgrades it (the
    one that owns the file, and could replace it anyway) becomes its first admin's, as `init` does for a
    new office. Returns that admin's login, or None when a mapping exists or there is no active admin."""
    from .context import SYSTEM

    os_user = _os_user(os_user)
    with db.write() as session:
        if session.exec(select(OsAccount)).first() is not None:
            return None
        admin = session.exec(select(Staff).where(Staff.role == Role.ADMIN.value, col(Staff.active).is_(True))
                             .order_by(col(Staff.id))).first()
        if admin is None:
            return None
        session.add(OsAccount(os_user=os_user, staff_id=key(admin), mapped_at=clock.now(), mapped_by=SYSTEM.login))
        audit.append(session, SYSTEM, clock.now(), "staff.map_os", "staff", admin.login,
                     after={"os_user": os_user, "login": admin.login, "why": "upgrade"})
        return admin.login


def _os_user(value: str) -> str:
    value = (value or "").strip()
    if not value or len(value) > 64 or not value.isprintable() or any(c in value for c in " :/"):
        raise InputError(N_("系统账号名“{os_user}”无效"), os_user=value)
    return value


# --- tokens ----------------------------------------------------------------------------------------


def create_token(db: Database, actor: Actor, clock: Clock, login: str, expires_on: date | None = None,
                 note: str = "") -> tuple[int, str]:
    """A new token for `login` (admins): (its id, the token). Only its hash is kept: shown once."""
    actor.require(ADMINS, N_("管理令牌"))
    if expires_on is not None and expires_on < clock.today():
        raise InputError(N_("{field}不能早于今天"), field=N_("有效期"))
    note = text.clean(note, N_("备注"), max_len=100) if note else ""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with db.write() as session:
        s = _staff(session, text.login(login))
        if not s.active:
            raise NotFound(N_("“{login}”不是本中心在岗的工作人员"), login=s.login)
        row = ApiToken(staff_id=key(s), token_hash=_digest(token), note=note, created_at=clock.now(),
                       created_by=actor.login, expires_on=expires_on)
        session.add(row)
        session.flush()
        audit.append(session, actor, clock.now(), "token.create", "token", str(row.id),
                     after={"login": s.login, "expires_on": expires_on.isoformat() if expires_on else None})
        return key(row), token


def list_tokens(db: Database, actor: Actor) -> list[TokenView]:
    actor.require(ADMINS, N_("管理令牌"))
    with db.read() as session:
        rows = session.exec(select(ApiToken, Staff).where(ApiToken.staff_id == Staff.id).order_by(col(ApiToken.id))).all()
        return [TokenView(key(t), s.login, t.note, t.created_at.isoformat(), t.created_by, t.expires_on,
                          t.revoked_at is not None, t.last_used_at.isoformat() if t.last_used_at else None)
                for t, s in rows]


def revoke_token(db: Database, actor: Actor, clock: Clock, token_id: int) -> None:
    actor.require(ADMINS, N_("管理令牌"))
    with db.write() as session:
        row = session.get(ApiToken, token_id)
        if row is None:
            raise NotFound(N_("令牌 {id} 不存在"), id=token_id)
        if row.revoked_at is not None:
            return
        row.revoked_at, row.revoked_by = clock.now(), actor.login
        session.add(row)
        audit.append(session, actor, clock.now(), "token.revoke", "token", str(token_id))


# --- SSH key secrets -------------------------------------------------------------------------------


def issue_key_secret(session: Session, actor: Actor, clock: Clock, staff_key_id: int) -> str:
    """Inside authorized_keys' transaction: a new secret for one key, replacing the old (so printing
    authorized_keys again retires the lines printed before)."""
    secret = secrets.token_urlsafe(32)
    row = session.get(KeySecret, staff_key_id)
    if row is None:
        row = KeySecret(staff_key_id=staff_key_id, secret_hash=_digest(secret), issued_at=clock.now(),
                        issued_by=actor.login)
    else:
        row.secret_hash, row.issued_at, row.issued_by = _digest(secret), clock.now(), actor.login
    session.add(row)
    return secret
