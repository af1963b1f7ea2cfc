"""The terminal driver of `--lite`: Textual's own, with every frame cut down to the cells that changed."""

from __future__ import annotations

import os

from textual.drivers.linux_driver import LinuxDriver

from .screen_diff import ScreenDiff


class LiteDriver(LinuxDriver):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._diff = ScreenDiff()
        self._size: tuple[int, int] | None = None

    def write(self, data: str) -> None:
        size: tuple[int, int] | None = None
        try:
            if self._file is not None:
                size = tuple(os.get_terminal_size(self._file.fileno()))  # type: ignore[assignment]
        except (OSError, ValueError):
            pass
        if size != self._size:  # a resized terminal keeps, cuts or wraps its cells as it likes
            self._diff.forget()
            self._size = size
        out = self._diff.feed(data)
        if out:
            super().write(out)

    def start_application_mode(self) -> None:
        self._diff.forget()  # back from a suspend: the screen was someone else's
        super().start_application_mode()
