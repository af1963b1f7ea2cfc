"""Staff accounts, identities and passwords."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, TypedDict

from sqlmodel import Session, col, select

from ..domain import text
from ..domain.roles import ADMINS, Role, parse_role
from ..errors import N_, Conflict, InputError, NotFound, NotPermitted
from ..store.database import Database
from ..store.keys import key as row_key
from ..store.tables import Staff, Village
from . import audit
from .context import Actor, Clock
from .views import StaffView

if TYPE_CHECKING:
    from typing_extensions import Unpack  # typing.Unpack is 3.11+; the package still runs on 3.10

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=5)
MIN_PASSWORD = 8


class _HashParams(TypedDict, total=False):
    time_cost: int
    memory_cost: int
    parallelism: int


# argon2's own defaults (RFC 9106 low-memory profile). Test suites pass lighter parameters in
# (hash_parameters) so that a test pays for what it checks, not for a deliberately slow hash.
_HASH_PARAMS: _HashParams = {}


def hash_parameters(**params: Unpack[_HashParams]) -> None:
    """Set argon2 parameters (time_cost, memory_cost, parallelism) for hashes made from now on."""
    global _HASH_PARAMS
    _HASH_PARAMS = params


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher(**_HASH_PARAMS)


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InputError(N_("{field}至少 {n} 位"), field=N_("密码"), n=MIN_PASSWORD)
    return _hasher().hash(password)


def _village_code(session: Session, village_id: int | None) -> str | None:
    if not village_id:
        return None
    village = session.get(Village, village_id)
    assert village is not None, "Staff.village_id is a foreign key to the village"
    return village.code


def _view(session: Session, s: Staff) -> StaffView:
    village = _village_code(session, s.village_id)
    return StaffView(s.login, s.name, s.role, village, s.phone, s.active, bool(s.password_hash))


def _actor(session: Session, s: Staff) -> Actor:
    village = _village_code(session, s.village_id)
    return Actor(login=s.login, name=s.name, role=Role(s.role), village=village)


def create_staff(session: Session, actor: Actor, clock: Clock, login: str, name: str, role: str,
                 village: str | None = None, phone: str = "", password: str | None = None,
                 password_hash: str | None = None) -> Staff:
    """Inside an open write transaction (used by set-up and demo data too)."""
    login = text.login(login)
    name = text.clean(name, N_("姓名"), max_len=100)
    role_ = parse_role(role)
    village_id = None
    if role_ is Role.AGENT and not village:
        raise InputError(N_("村代办员必须指定所属村（--village）"))
    if village:
        v = session.exec(select(Village).where(Village.code == village)).first()
        if v is None:
            raise NotFound(N_("村（社区）“{code}”不存在"), code=village)
        village_id = v.id
    if session.exec(select(Staff).where(Staff.login == login)).first():
        raise Conflict(N_("登录名“{login}”已存在"), login=login)
    row = Staff(
        login=login, name=name, role=role_.value, village_id=village_id, phone=phone,
        active=True, password_hash=hash_password(password) if password else password_hash,
        failed_logins=0, created_at=clock.now(),
    )
    session.add(row)
    session.flush()
    audit.append(session, actor, clock.now(), "staff.add", "staff", login,
                 after={"login": login, "name": name, "role": role_.value, "village": village})
    return row


def add_staff(db: Database, actor: Actor, clock: Clock, login: str, name: str, role: str,
              village: str | None = None, phone: str = "", password: str | None = None) -> StaffView:
    actor.require(ADMINS, N_("管理工作人员"))
    with db.write() as session:
        return _view(session, create_staff(session, actor, clock, login, name, role, village, phone, password))


def list_staff(db: Database, actor: Actor | None) -> list[StaffView]:
    """Everyone; a village agent sees only the staff of their own village (issue 16: their pickers too)."""
    with db.read() as session:
        stmt = select(Staff).order_by(col(Staff.role), col(Staff.login))
        if actor is not None and actor.role is Role.AGENT:  # None: the office's own setup, no user yet
            stmt = stmt.where(col(Staff.village_id) == select(Village.id).where(Village.code == actor.village)
                              .scalar_subquery())
        rows = session.exec(stmt).all()
        return [_view(session, s) for s in rows]


def set_password(db: Database, actor: Actor, clock: Clock, login: str, password: str) -> None:
    if actor.login != login and actor.role not in ADMINS:
        raise NotPermitted(N_("只能修改自己的密码"))
    digest = hash_password(password)
    with db.write() as session:
        s = session.exec(select(Staff).where(Staff.login == login)).first()
        if s is None:
            raise NotFound(N_("工作人员“{login}”不存在"), login=login)
        s.password_hash = digest
        s.failed_logins = 0
        s.locked_until = None
        session.add(s)
        audit.append(session, actor, clock.now(), "staff.password", "staff", login)


def actor_for(db: Database, login: str) -> Actor:
    """The identity of an active staff member (CLI --user, SSH forced login)."""
    with db.read() as session:
        s = session.exec(select(Staff).where(Staff.login == login)).first()
        if s is None or not s.active:
            raise NotFound(N_("“{login}”不是本中心在岗的工作人员"), login=login)
        return _actor(session, s)


def authenticate(db: Database, clock: Clock, login: str, password: str) -> Actor:
    """Check a password; five failures lock the account for five minutes."""
    from argon2.exceptions import InvalidHashError, VerificationError

    now = clock.now()
    failed = InputError(N_("登录名或密码不正确"))
    refusal: Exception | None = None
    with db.write() as session:
        s = session.exec(select(Staff).where(Staff.login == login.strip())).first()
        if s is None or not s.active or not s.password_hash:
            raise failed
        refuse_if_locked(s, now)
        try:
            _hasher().verify(s.password_hash, password)
        except (VerificationError, InvalidHashError):
            # The failure is counted (committed) even though the login is refused.
            record_failure(session, s, now, "password")
            refusal = failed
        else:
            s.failed_logins = 0
            s.locked_until = None
            session.add(s)
            actor = _actor(session, s)
            audit.append(session, actor, clock.now(), "login", "staff", s.login, after={"via": "password"})
    if refusal is not None:
        raise refusal
    return actor


def refuse_if_locked(s: Staff, now: datetime) -> None:
    """Five failures lock an account for every kind of proof: password, token, OS account and SSH key."""
    if s.locked_until and s.locked_until > now:
        minutes = max(1, -int(-(s.locked_until - now).total_seconds() // 60))
        raise NotPermitted(N_("账号已锁定，请 {minutes} 分钟后再试"), minutes=minutes)


def record_failure(session: Session, s: Staff, now: datetime, via: str) -> None:
    """Inside a write transaction the caller commits even though it refuses the login."""
    s.failed_logins += 1
    if s.failed_logins >= MAX_FAILURES:
        s.locked_until = now + LOCKOUT
        s.failed_logins = 0
    session.add(s)
    who = Actor(login=s.login, name=s.name, role=Role(s.role))
    audit.append(session, who, now, "login.failed", "staff", s.login, after={"via": via})


def actor_of(session: Session, s: Staff) -> Actor:
    """The Actor of a staff row, inside a transaction (services.identity)."""
    return _actor(session, s)


def add_key(db: Database, actor: Actor, clock: Clock, login: str, key_text: str) -> str:
    """Store a staff member's SSH public key; returns its fingerprint."""
    from ..domain import sshkeys
    from ..store.case_tables import StaffKey

    actor.require(ADMINS, N_("管理工作人员"))
    key = sshkeys.parse(key_text)
    with db.write() as session:
        s = session.exec(select(Staff).where(Staff.login == login)).first()
        if s is None:
            raise NotFound(N_("工作人员“{login}”不存在"), login=login)
        if session.exec(select(StaffKey).where(StaffKey.key == key.blob)).first():
            raise Conflict(N_("该公钥已登记过"))
        session.add(StaffKey(staff_id=row_key(s), key_type=key.type, key=key.blob, comment=key.comment,
                             fingerprint=key.fingerprint, added_at=clock.now(), added_by=actor.login))
        audit.append(session, actor, clock.now(), "staff.add_key", "staff", login,
                     after={"fingerprint": key.fingerprint, "type": key.type})
    return key.fingerprint


def authorized_keys(db: Database, actor: Actor, clock: Clock, command: str) -> list[str]:
    """authorized_keys lines pinning each active staff member's keys to `command --login LOGIN`.

    Each line carries a new per-key secret (QUANCHENG_SSH_KEY, only its hash is stored) that proves
    the session came through that key's forced command; lines printed before stop working."""
    from ..domain import sshkeys
    from ..store.case_tables import StaffKey
    from . import identity

    actor.require(ADMINS, N_("管理工作人员"))
    with db.write() as session:
        rows = session.exec(select(StaffKey, Staff).where(StaffKey.staff_id == Staff.id, Staff.active == True)  # noqa: E712
                            .order_by(col(Staff.login), col(StaffKey.id))).all()
        lines = []
        for k, s in rows:
            secret = identity.issue_key_secret(session, actor, clock, row_key(k))
            forced = f"{identity.KEY_ENV}={secret} exec {command} --login {text.login(s.login)}"
            lines.append(sshkeys.authorized_keys_line(sshkeys.PublicKey(k.key_type, k.key, k.comment), forced))
        audit.append(session, actor, clock.now(), "ssh.authorized_keys", "staff_key", "",
                     after={"keys": [k.fingerprint for k, _ in rows]})
        return lines
