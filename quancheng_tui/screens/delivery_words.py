"""What a screen says when a form was saved instead of printed (documents.output.Delivery.reason)."""

from __future__ import annotations

from ..errors import N_

__all__ = ["DELIVERY_REASONS"]

DELIVERY_REASONS = {
    "no_printer": N_("未设置打印机，请打开 PDF 打印。"),
    "no_lp": N_("本机没有 lp 打印命令，未能打印，请打开 PDF 打印。"),
    "bad_printer": N_("打印机名称“{printer}”无效，未能打印，请打开 PDF 打印。"),
    "lp_failed": N_("打印失败（{detail}），请打开 PDF 打印。"),
    "lp_timeout": N_("打印机无响应，请打开 PDF 打印。"),
}
