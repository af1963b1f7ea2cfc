"""Getting a rendered form to paper: the printer through ``lp``, or files in a folder.

``deliver()`` never raises for a printer problem: a missing ``lp``, a refused
job or a timeout falls back to saving the files, and the returned
``Delivery`` says what happened (``reason`` is a code for the screen to put
into words, ``detail`` is lp's own message). Only a folder that cannot be
written is an error (``InputError``).
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import N_, InputError
from .layout import clean

__all__ = ["LP_TIMEOUT", "Delivery", "deliver", "printer_name_ok", "printers", "safe_filename", "write_private"]

LP_TIMEOUT = 30.0  # seconds: lp only queues the job, it does not wait for the paper
MAX_COPIES = 999  # name-2 … name-999, then give up
MAX_NAME = 60  # characters of the file stem; a hanzi is 3 bytes and most file systems allow 255
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f-\x9f]')  # separators, Windows-reserved, controls
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.I)  # Windows device names
_PRINTER = re.compile(r"^[^\s/#\\\x00-\x1f\x7f-\x9f-][^\s/#\\\x00-\x1f\x7f-\x9f]{0,126}$")  # CUPS queue names
_JOB = re.compile(r"request id is (\S+)")


@dataclass(frozen=True)
class Delivery:
    """What became of a document.

    printed: the job was queued on ``printer`` (``job`` is CUPS's request id,
    e.g. ``Office-17``, when lp reported one); otherwise ``pdf_path`` and
    ``text_path`` are the saved files and ``reason`` says why nothing was
    printed: ``no_printer`` (none configured), ``no_lp`` (the lp command is not
    installed), ``bad_printer`` (the configured name is not a valid queue
    name), ``lp_failed`` (lp refused; ``detail`` has its message) or
    ``lp_timeout``.
    """

    printed: bool
    printer: str | None = None
    job: str | None = None
    pdf_path: Path | None = None
    text_path: Path | None = None
    reason: str | None = None
    detail: str = ""

    @property
    def paths(self) -> tuple[Path, ...]:
        return tuple(p for p in (self.pdf_path, self.text_path) if p is not None)


def safe_filename(name: str, default: str = "document") -> str:
    """A file stem from user data: no path separators, control or reserved characters."""
    text = clean(unicodedata.normalize("NFKC", name or ""), multiline=False)
    text = _UNSAFE.sub("_", text)
    text = re.sub(r"\s+", "_", text)
    text = re.sub(r"_{2,}", "_", text).strip("._- ")
    text = text[:MAX_NAME].rstrip("._- ")
    if not text:
        return default
    if _RESERVED.match(text):
        text = "_" + text
    return text


def printer_name_ok(name: str) -> bool:
    """Whether ``name`` can be a CUPS queue (what ``lp -d`` is given)."""
    return bool(_PRINTER.match(name))


def printers() -> list[str] | None:
    """The CUPS queues this machine knows (``lpstat -e``), or None when there is no ``lpstat`` or it
    cannot reach a CUPS server: then a name can still be typed."""
    lpstat = shutil.which("lpstat")
    if lpstat is None:
        return None
    env = dict(os.environ, LC_ALL="C", LANG="C")
    try:
        done = subprocess.run([lpstat, "-e"], capture_output=True, timeout=10, env=env, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    names = [line.strip() for line in done.stdout.decode("utf-8", "replace").splitlines()]
    return sorted({n for n in names if n and _PRINTER.match(n)})


def deliver(pdf: bytes, text: str, name: str, *, printer: str | None, folder: Path) -> Delivery:
    """Print ``pdf`` on ``printer`` with lp; if that is not possible, save ``name.pdf`` and ``name.txt``."""
    stem = safe_filename(name)
    printer = (printer or "").strip() or None
    reason: str
    detail = ""
    if printer is None:
        reason = "no_printer"
    elif not _PRINTER.match(printer):
        reason = "bad_printer"
    else:
        lp = shutil.which("lp")
        if lp is None:
            reason = "no_lp"
        else:
            env = dict(os.environ, LC_ALL="C", LANG="C")  # lp's "request id is …" in English, to parse
            try:
                done = subprocess.run(
                    [lp, "-d", printer, "-t", stem, "--"],  # the PDF arrives on standard input
                    input=pdf, capture_output=True, timeout=LP_TIMEOUT, env=env, check=False,
                )
            except subprocess.TimeoutExpired:
                reason = "lp_timeout"
            except OSError as err:
                reason, detail = "lp_failed", clean(err.strerror or str(err), multiline=False)
            else:
                out = done.stdout.decode("utf-8", "replace")
                if done.returncode == 0:
                    match = _JOB.search(out)
                    return Delivery(printed=True, printer=printer, job=match.group(1) if match else None)
                reason = "lp_failed"
                err_text = done.stderr.decode("utf-8", "replace") or out
                detail = clean(err_text, multiline=False)[:300] or f"exit status {done.returncode}"
    pdf_path, text_path = _save(pdf, text, stem, folder)
    return Delivery(printed=False, printer=printer, pdf_path=pdf_path, text_path=text_path,
                    reason=reason, detail=detail)


def _save(pdf: bytes, text: str, stem: str, folder: Path) -> tuple[Path, Path]:
    """Write the pair under the first free stem (name, name-2, name-3, …); never overwrite."""
    # The text file is for Notepad on old Windows too: UTF-8 with a BOM and CRLF line ends.
    text_bytes = "\r\n".join(text.replace("\r\n", "\n").split("\n")).encode("utf-8-sig")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for n in range(1, MAX_COPIES + 1):
            candidate = stem if n == 1 else f"{stem}-{n}"
            pdf_path, text_path = folder / f"{candidate}.pdf", folder / f"{candidate}.txt"
            if pdf_path.exists() or text_path.exists():
                continue
            try:
                _write_new(pdf_path, pdf)
            except FileExistsError:
                continue
            try:
                _write_new(text_path, text_bytes)
            except FileExistsError:
                pdf_path.unlink(missing_ok=True)
                continue
            except BaseException:
                pdf_path.unlink(missing_ok=True)  # no half pair left behind
                raise
            return pdf_path, text_path
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST))
    except OSError as err:
        raise InputError(N_("无法保存到 {path}：{reason}"), path=str(folder), reason=err.strerror or str(err)) from err


def _write_new(path: Path, data: bytes) -> None:
    # Exclusive create (a file that appeared meanwhile is not replaced), readable by its owner only
    # (a form names the applicant), and whole or not at all (a full disk leaves no empty file).
    from ..files import write_bytes

    write_bytes(path, data, overwrite=False)


def write_private(path: Path, data: bytes) -> Path:
    """Write (or replace) ``path`` with mode 0600, whole or not at all: the file holds personal data."""
    from ..files import write_bytes

    return write_bytes(path, data)
