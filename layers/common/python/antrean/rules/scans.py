"""Is an uploaded file really the scan it claims to be? Size, first bytes, and a real decode.

The presigned POST's policy bounds size and type on AWS, but a client can lie about the type and
the local S3 enforces nothing: these checks run on every object that lands, wherever it runs.
"""

from __future__ import annotations

import io

from PIL import Image
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from antrean.domain import ScanType
from antrean.errors import FieldProblem

_SIGNATURES = {
    ScanType.JPEG: (b"\xff\xd8\xff",),
    ScanType.PNG: (b"\x89PNG\r\n\x1a\n",),
    ScanType.PDF: (b"%PDF-",),
}
_PROGRAMS = (b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"#!")
# Refuse images whose pixel count would make decoding a memory bomb (a 5 MB PNG can claim 1e10).
MAX_PIXELS = 60_000_000


def scan_problem(data: bytes, declared: str | None, min_bytes: int, max_bytes: int) -> FieldProblem | None:
    """Why `data` is not an acceptable scan of type `declared`, or None when it is."""
    if len(data) < min_bytes:
        return FieldProblem(
            "scan_too_small",
            f"The file is too small ({len(data)} bytes; at least {min_bytes}): scan the whole page.",
            f"Berkas terlalu kecil ({len(data)} byte; minimal {min_bytes}): pindai seluruh halaman.",
        )
    if len(data) > max_bytes:
        return FieldProblem(
            "scan_too_large",
            f"The file is too large (at most {max_bytes // 1024} KB): scan at a lower resolution.",
            f"Berkas terlalu besar (maksimal {max_bytes // 1024} KB): pindai dengan resolusi lebih rendah.",
        )
    if data.startswith(_PROGRAMS):
        return FieldProblem(
            "scan_is_program",
            "This file is a program, not a scan. Send a photo (JPEG, PNG) or a PDF.",
            "Berkas ini adalah program, bukan hasil pindaian. Kirim foto (JPEG, PNG) atau PDF.",
        )
    try:
        scan_type = ScanType(declared or "")
    except ValueError:
        return _wrong_type()
    if not data.startswith(_SIGNATURES[scan_type]):
        return _wrong_type()
    return _pdf_problem(data) if scan_type == ScanType.PDF else _image_problem(data)


def _wrong_type() -> FieldProblem:
    return FieldProblem(
        "scan_wrong_type",
        "The file is not the JPEG, PNG or PDF it was sent as.",
        "Berkas bukan JPEG, PNG, atau PDF seperti yang dinyatakan.",
    )


def _unreadable() -> FieldProblem:
    return FieldProblem(
        "scan_unreadable",
        "The file is damaged and cannot be opened. Scan or photograph the document again.",
        "Berkas rusak dan tidak dapat dibuka. Pindai atau foto ulang dokumennya.",
    )


def _image_problem(data: bytes) -> FieldProblem | None:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            width, height = probe.size
            if width * height > MAX_PIXELS:
                return _unreadable()
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return _unreadable()
    return None


def _pdf_problem(data: bytes) -> FieldProblem | None:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            return FieldProblem(
                "scan_encrypted",
                "The PDF is protected by a password. Send it without a password.",
                "PDF dilindungi kata sandi. Kirim tanpa kata sandi.",
            )
        if len(reader.pages) == 0:
            return _unreadable()
    except (PyPdfError, OSError, ValueError, KeyError, TypeError):
        return _unreadable()
    return None
