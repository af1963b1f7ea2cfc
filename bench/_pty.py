"""A program under a pseudo-terminal of 80×24, as a clerk's terminal or an agent's SSH session runs it:
the benches that watch the real app's screen (bytes, start-up) drive it through this."""

from __future__ import annotations

import fcntl
import os
import struct
import subprocess
import termios
import time

COLS, ROWS = 80, 24


class PtyProgram:
    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        self.t0 = time.perf_counter()
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                                     start_new_session=True, close_fds=True)
        os.close(slave)

    def send(self, data: str) -> None:
        os.write(self.master, data.encode())

    def close(self) -> None:
        self.send("\x11")  # ctrl+q
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)


def terminal_env(cache_dir: str, root: str) -> dict[str, str]:
    """This environment as a plain xterm-256color terminal at the counter has it: no colour or SSH hints, no
    config file, a cache of its own (the receipt font), the checkout's package first."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLORTERM", "NO_COLOR", "SSH_CONNECTION", "TEXTUAL")}
    env.update(TERM="xterm-256color", LANG="C.UTF-8", QUANCHENG_CONFIG=os.devnull, XDG_CACHE_HOME=cache_dir,
               PYTHONPATH=root)
    return env
