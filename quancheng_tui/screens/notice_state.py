"""The notice screen's worker results and the draft it keeps when the clerk leaves it.

Every database call and the PDF run in thread workers that only post these messages; the screen
applies them on the UI thread. The draft (matter, ticks, visitor) lives in memory, per app and login.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from textual.app import App
from textual.message import Message

if TYPE_CHECKING:
    from ..documents.output import Delivery
    from ..errors import QuanchengError
    from ..services.catalog_views import MatterView
    from ..services.notices import NoticeView

__all__ = ["MatterLoaded", "NoticeDelivered", "NoticeDraft", "NoticeIssued", "StepFailed", "VisitorLookedUp",
           "drafts"]


# Worker results.


class MatterLoaded(Message):
    def __init__(self, matter: MatterView) -> None:
        super().__init__()
        self.matter = matter


class VisitorLookedUp(Message):
    def __init__(self, matter_code: str, notice: NoticeView | None) -> None:
        super().__init__()
        self.matter_code = matter_code
        self.notice = notice


class NoticeIssued(Message):
    def __init__(self, notice: NoticeView) -> None:
        super().__init__()
        self.notice = notice


class NoticeDelivered(Message):
    def __init__(self, number: str, delivery: Delivery) -> None:
        super().__init__()
        self.number = number
        self.delivery = delivery


class StepFailed(Message):
    """A worker's service call was refused; `step` says which: matter, lookup, issue or deliver."""

    def __init__(self, step: str, error: QuanchengError) -> None:
        super().__init__()
        self.step = step
        self.error = error


# The draft kept when the clerk leaves the screen (per app and login, in memory only).


@dataclass
class NoticeDraft:
    query: str = ""
    matter_code: str | None = None
    brought: frozenset[str] = frozenset()
    approved: frozenset[str] = frozenset()
    earlier: NoticeView | None = None
    visitor: dict[str, str] = field(default_factory=dict)
    pane: str = "guide"


_DRAFTS: WeakKeyDictionary[App, dict[str, NoticeDraft]] = WeakKeyDictionary()


def drafts(app: App) -> dict[str, NoticeDraft]:
    return _DRAFTS.setdefault(app, {})
