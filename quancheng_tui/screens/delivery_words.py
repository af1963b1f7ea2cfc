"""What a screen says when a form was saved instead of printed (documents.output.Delivery.reason)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import N_

if TYPE_CHECKING:
    from ..documents.output import Delivery
    from ..i18n import Translator

__all__ = ["DELIVERY_REASONS", "LP_FELL_BACK", "delivery_line"]

DELIVERY_REASONS = {
    "no_printer": N_("未设置打印机，请打开 PDF 打印。"),
    "no_lp": N_("本机没有 lp 打印命令，未能打印，请打开 PDF 打印。"),
    "bad_printer": N_("打印机名称“{printer}”无效，未能打印，请打开 PDF 打印。"),
    "lp_failed": N_("打印失败（{detail}），请打开 PDF 打印。"),
    "lp_timeout": N_("打印机无响应，请打开 PDF 打印。"),
}

# One line for a message bar: why the printer was not used, before where the file went.
LP_FELL_BACK = {
    "no_lp": N_("本机没有 lp 打印命令"),
    "bad_printer": N_("打印机名称“{printer}”无效"),
    "lp_failed": N_("打印失败（{detail}）"),
    "lp_timeout": N_("打印机无响应"),
}


def delivery_line(t: Translator, document: str, d: Delivery) -> str:
    """Where a document went, on one line: "受理回执已送打印机 X" or "受理回执已保存：path" (after why lp was
    not used, when a printer is set). ``document`` is the form's name in the user's language."""
    if d.printed:
        job = f"（{t('作业 {job}', job=d.job)}）" if d.job else ""
        return t("{document}已送打印机 {printer}", document=document, printer=d.printer) + job
    path = str(d.paths[0]) if d.paths else ""  # the PDF is what gets printed; the text copy sits beside it
    why = LP_FELL_BACK.get(d.reason or "")
    if why is None:
        return t("{document}已保存：{path}", document=document, path=path)
    return t("{reason}，{document}已保存：{path}", reason=t(why, printer=d.printer or "", detail=d.detail),
             document=document, path=path)
