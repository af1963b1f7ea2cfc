"""Printable forms: PDF with an embedded subset of a Chinese font, plain text, and printing.

    from quancheng_tui.documents import NoticeData, Material, render_pdf, render_text, deliver

    data = NoticeData(office=…, number=…, issued_on=date(…), applicant=…, matter_name=…,
                      matter_code=…, missing=[Material("居民身份证", "original", 1)])
    result = deliver(render_pdf(data), render_text(data), "告知书-QS-2026-0001",
                     printer=settings_printer, folder=documents_folder)

Modules: ``forms`` (the forms' layout; what they say is services.forms), ``layout`` (the block builder and its two
renderers), ``fonts`` (the embedded font), ``output`` (lp or files).
Importing this package does not import fpdf2; ``render_pdf`` does, the first time.
"""

from __future__ import annotations

from .fonts import FontMissing, font_path
from .forms import (
    AcceptanceData,
    CaseLogData,
    Contacts,
    DateChangeData,
    FormData,
    LogEntry,
    Material,
    NoticeData,
    ReceiptData,
    RefusalData,
    ReminderData,
    TransferData,
    build,
    render_pdf,
    render_text,
)
from .layout import Column, Document
from .output import Delivery, deliver, safe_filename

__all__ = [
    "AcceptanceData",
    "CaseLogData",
    "Column",
    "Contacts",
    "DateChangeData",
    "Delivery",
    "Document",
    "FontMissing",
    "FormData",
    "LogEntry",
    "Material",
    "NoticeData",
    "ReceiptData",
    "RefusalData",
    "ReminderData",
    "TransferData",
    "build",
    "deliver",
    "font_path",
    "render_pdf",
    "render_text",
    "safe_filename",
]
