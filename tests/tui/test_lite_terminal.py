"""`--lite` over a real pseudo-terminal: the same keys give the same screen, cell for cell and colour for
colour, as Textual's full frames, and far fewer bytes (issue 17). The screens are read back through a
terminal emulator (pyte); each step waits for its text, never for a time."""

from __future__ import annotations

import fcntl
import os
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pyte
import pytest
from quancheng_at import AT

COLS, ROWS = 80, 24


class Session:
    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                                     start_new_session=True, close_fds=True)
        os.close(slave)
        self.screen = pyte.Screen(COLS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        self.bytes = 0

    def pump(self) -> None:
        while select.select([self.master], [], [], 0)[0]:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.bytes += len(chunk)
            self.stream.feed(chunk)

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def cells(self) -> list[tuple]:
        return [(c.data, c.fg, c.bg, c.bold, c.reverse, c.underscore)
                for y in range(ROWS) for c in (self.screen.buffer[y][x] for x in range(COLS))]

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()
        os.close(self.master)


def _steps_agree(full: Session, lite: Session, marker: str, limit: float = 90.0) -> None:
    """Wait until both show `marker` and the same cells; fail with both screens if they never do."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        select.select([full.master, lite.master], [], [], 0.1)
        full.pump()
        lite.pump()
        if marker in full.text() and marker in lite.text() and full.cells() == lite.cells():
            return
    pytest.fail(f"after waiting for {marker!r}:\n--- full frames ---\n{full.text()}\n--- lite ---\n{lite.text()}")


@pytest.mark.slow
def test_lite_output_shows_the_same_screens_with_fewer_bytes(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("COLORTERM", "NO_COLOR", "SSH_CONNECTION", "TEXTUAL")}
    env.update(TERM="xterm-256color", LANG="C.UTF-8", QUANCHENG_CONFIG=os.devnull)
    at = [sys.executable, str(AT)]
    db = tmp_path / "demo.db"
    subprocess.run([*at, "--db", str(db), "init", "--demo"], env=env, check=True, capture_output=True)
    full = Session([*at, "--db", str(db), "--user", "zhangwei", "--no-lite"], env)
    lite = Session([*at, "--db", str(db), "--user", "zhangwei", "--lite"], env)
    try:
        _steps_agree(full, lite, "回车登录")
        for keys, marker in (("demo1234\r", "一次性告知"), ("3", "QS-20"), ("\x1b[B", "QS-20"),
                             ("\x1b[6~", "QS-20"), ("\r", "办理过程"), ("\x1b", "筛选")):
            full.send(keys)
            lite.send(keys)
            _steps_agree(full, lite, marker)
        assert lite.bytes * 3 < full.bytes, (lite.bytes, full.bytes)
    finally:
        full.close()
        lite.close()
