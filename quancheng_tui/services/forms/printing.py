"""Where the screens' forms go: to the office printer, else into the print folder (PDF and text).

The command line writes a form to the file it is given (``forms.write``); the screens hand it to the
counter's printer through ``documents.output.deliver``. Both render the same data from this package.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...documents.output import Delivery
    from ...settings import Settings

__all__ = ["deliver_form", "print_folder", "printer_queues"]


def print_folder(settings: Settings) -> Path:
    """Where forms are saved when they are not printed: the configured folder, else Documents/quancheng."""
    if settings.print_dir is not None:
        return Path(settings.print_dir).expanduser()
    from platformdirs import user_documents_dir

    return Path(user_documents_dir()) / "quancheng"


def printer_queues() -> list[str] | None:
    """The CUPS queues this machine can print to (``lpstat -e``); None: no CUPS here, a name may be typed."""
    from ...documents.output import printers

    return printers()


def deliver_form(form: str, data, settings: Settings) -> Delivery:
    """Print ``data`` (form ``form``, a ``FORMS`` key) on the configured printer, or save it as
    ``<form's name>-<number>.pdf`` and ``.txt`` in the print folder (slow: fpdf2; call it in a worker)."""
    from ...documents.forms import render_pdf, render_text
    from ...documents.output import deliver
    from . import file_stem

    return deliver(render_pdf(data), render_text(data), file_stem(form, data), printer=settings.printer,
                   folder=print_folder(settings))
