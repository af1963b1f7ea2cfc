"""What a run of `quancheng` knows before any command framework is loaded: the root options, the settings
they resolve to, opening the database, and how a failure ends the process.

Nothing here imports Typer or Click: plain `quancheng` (the counter's TUI) starts through this module alone
(`plain_tui`), which saves the framework's import and command building on every start (issue 17). The
Typer root (cli.py) fills the same CliState and ends through the same `finish`.
"""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import QuanchengError
from ..settings import ENV_DB, ENV_LANG, ENV_USER, Settings

if TYPE_CHECKING:
    from ..i18n import Translator
    from ..services.context import Actor, Clock
    from ..services.database import Database
    from ..services.identity import Claim

# The root's options that take a value, with the attribute of CliState each fills and its environment variable.
VALUED: dict[str, tuple[str, str | None]] = {
    "--db": ("db", ENV_DB),
    "--user": ("user", ENV_USER),
    "--lang": ("lang", ENV_LANG),
    "--login": ("login", None),
}
LITE_FLAGS = {"--lite": True, "--no-lite": False}


@dataclass
class CliState:
    db: str | None = None
    user: str | None = None
    lang: str | None = None
    login: str | None = None
    _settings: Settings | None = field(default=None, repr=False)
    _actor: Actor | None = field(default=None, repr=False)

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from ..settings import resolve

            # --login is only a claim until its SSH key secret is checked (actor(), commands.tui):
            # the settings never carry it as a forced login.
            self._settings = resolve(db=self.db, user=self.login or self.user, lang=self.lang)
        return self._settings


def plain_tui(argv: list[str], environ: dict[str, str] | os._Environ[str] = os.environ
              ) -> tuple[CliState, bool | None] | None:
    """The root options when the arguments ask for nothing but the TUI (`quancheng`, `--db F`, `--lang=en`,
    `--lite` …), read as the Typer root reads them (the last of a repeated option wins; an empty environment
    variable counts as unset). None for anything else: a sub-command, --help, --login (sshd's forced
    command), a missing value or an argument that is not UTF-8 go to the full command line, which parses,
    explains and refuses as documented."""
    values: dict[str, str | None] = {}
    lite: bool | None = None
    words = iter(argv)
    for word in words:
        name, eq, inline = word.partition("=")
        if not eq and word in LITE_FLAGS:
            lite = LITE_FLAGS[word]
        elif name in VALUED and name != "--login":
            value = inline if eq else next(words, None)
            if value is None or (not eq and value.startswith("-")):
                return None
            values[VALUED[name][0]] = value
        else:
            return None
    if not all(_utf8(v) for v in values.values()):
        return None
    for attr, env in VALUED.values():
        if attr not in values and env is not None:
            values[attr] = environ.get(env) or None
    return CliState(db=values.get("db"), user=values.get("user"), lang=values.get("lang")), lite


def _utf8(text: str | None) -> bool:
    try:
        (text or "").encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def translator(st: CliState) -> Translator:
    """The user's language; Chinese when the settings themselves are what failed."""
    from ..i18n import translator as make

    try:
        return make(st.settings.lang)
    except QuanchengError:
        return make("zh")


def open_db(st: CliState, tell: Callable[[str], None], *, create: bool = False, upgrade: bool = True) -> Database:
    """Open --db; with upgrade, bring its schema to head (backing the file up first). What opening changed is
    said through `tell` (a line on stderr; the TUI shows it on screen instead)."""
    from ..services.database import open_database

    settings = st.settings
    # Only the default place in the user data dir is created; a --db naming a
    # missing folder is more likely a typo than a wish.
    db = open_database(settings.db, create=create and settings.db_is_default, upgrade=upgrade)
    if upgrade:
        _adopt_shipped_calendar(db, tell, translator(st))
    return db


def _adopt_shipped_calendar(db: Database, tell: Callable[[str], None], tr: Translator) -> None:
    """A release shipping next year's official schedule re-dates open cases once (services.calendar)."""
    from ..services.calendar import adopt_shipped_years

    years, changes = adopt_shipped_years(db, clock())
    if changes:
        tell(tr("随程序提供的 {years} 年节假日安排已生效：{n} 件未办结案件的办结期限随之变更，请告知申请人",
                years="、".join(map(str, years)), n=len(changes)))


def clock() -> Clock:
    from ..services.context import Clock

    return Clock()


def claim(st: CliState) -> Claim:
    from ..services.identity import KEY_ENV, TOKEN_ENV, Claim

    # The key secret goes no further than this process: nothing it starts (a printer) inherits it.
    secret = os.environ.pop(KEY_ENV, None)
    return Claim(os_user=os_account(), login=st.user, token=os.environ.get(TOKEN_ENV) or None,
                 forced_login=st.login, key_secret=secret, ssh_connection=os.environ.get("SSH_CONNECTION", ""))


def os_account() -> str:
    """The account the kernel runs us as: $USER and $LOGNAME are whatever the caller set."""
    from ..services.identity import current_os_account

    return current_os_account()


def say_err(message: str) -> None:
    """One message line on stderr, through the one terminal sanitiser."""
    from ..domain.text import safe_for_terminal

    stream = sys.stderr
    if stream is None:  # pythonw, a closed stream: nowhere to say it
        return
    line = safe_for_terminal(message) + "\n"
    buffer = getattr(stream, "buffer", None)
    if buffer is not None and _ascii(getattr(stream, "encoding", None)):
        # An ASCII stream is a misconfigured locale more often than a terminal without Chinese: UTF-8, as
        # Click writes then (the old typer.echo path), rather than \u escapes.
        stream.flush()
        buffer.write(line.encode("utf-8"))
        buffer.flush()
        return
    stream.write(line)  # stderr's own error handler escapes what its encoding cannot hold
    stream.flush()


def _ascii(encoding: str | None) -> bool:
    try:
        return codecs.lookup(encoding or "ascii").name == "ascii"
    except LookupError:
        return False


def finish(body: Callable[[], int], tr: Callable[[], Translator]) -> int:
    """Run a command to its exit status: a known failure is one line in the user's language and status 1,
    Ctrl-C 130, anything unexpected one line too (a traceback only when debugging). Files made meanwhile
    are the owner's only."""
    old_umask = os.umask(0o077)
    try:
        return body()
    except QuanchengError as err:
        say_err(tr().error(err))
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        from .. import crash

        if crash.debugging():
            raise
        say_err(tr().error(crash.known(exc) or crash.unexpected(exc)))
        return 1
    finally:
        os.umask(old_umask)
