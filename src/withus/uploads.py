"""Checking uploaded files before keeping them: an allow-list of kinds, decided from the file's
own bytes (never its name or the browser's word), a size limit, and images re-encoded so that
hidden data (camera location, EXIF) is dropped.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
JPEG = "image/jpeg"
PNG = "image/png"
TEXT = "text/plain"

EXTENSIONS = {
    PDF: "pdf",
    DOCX: "docx",
    XLSX: "xlsx",
    PPTX: "pptx",
    ODT: "odt",
    JPEG: "jpg",
    PNG: "png",
    TEXT: "txt",
}
LABELS = {
    PDF: "PDF",
    DOCX: "Word",
    XLSX: "Excel",
    PPTX: "PowerPoint",
    ODT: "OpenDocument text",
    JPEG: "JPEG photo",
    PNG: "PNG image",
    TEXT: "plain text",
}
_OOXML_PARTS = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX, "ppt/presentation.xml": PPTX}
_SAFE_NAME = re.compile(r"[^A-Za-z0-9 ._()-]+")


@dataclass(frozen=True)
class CheckedUpload:
    filename: str
    content_type: str
    content: bytes

    def as_file(self) -> ContentFile:
        return ContentFile(self.content, name=self.filename)


def sniff(content: bytes) -> str | None:
    """The kind of file, from its first bytes and (for zip-based formats) its parts."""
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = set(archive.namelist())
                # Read the tiny "mimetype" entry only if it says it is tiny: a zip bomb must not
                # be inflated just to learn what kind of file it is.
                if (
                    "mimetype" in names
                    and archive.getinfo("mimetype").file_size < 100
                    and archive.read("mimetype").strip() == ODT.encode()
                ):
                    return ODT
        except (zipfile.BadZipFile, KeyError, OSError):
            return None
        for part, kind in _OOXML_PARTS.items():
            if part in names:
                return kind
        return None
    try:
        text = content[:4096].decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < 4090:  # a real error, not a character cut in half at the end
            return None
        text = content[: error.start].decode("utf-8")
    return TEXT if "\x00" not in text else None


def _reencode(content: bytes, kind: str) -> bytes:
    """Open and save the image again: only the pixels survive (no EXIF, no GPS)."""
    from PIL import Image, ImageOps

    try:
        with Image.open(io.BytesIO(content)) as image:
            # Check the size the header claims before decoding any pixels.
            if image.width * image.height > 40_000_000:
                raise ValidationError("The picture is too large. Try a smaller photo.")
            image.load()
            image = ImageOps.exif_transpose(image)  # keep it the right way up
            out = io.BytesIO()
            if kind == JPEG:
                image.convert("RGB").save(out, "JPEG", quality=85)
            else:
                image.save(out, "PNG")
            return out.getvalue()
    except ValidationError:
        raise
    except Exception as exc:  # noqa: BLE001 (Pillow raises many kinds on broken files)
        raise ValidationError("The picture could not be read. Try taking it again.") from exc


def safe_filename(name: str, kind: str) -> str:
    stem = _SAFE_NAME.sub("", (name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]).strip(" .")
    stem = stem.rsplit(".", 1)[0][:80] or "file"
    return f"{stem}.{EXTENSIONS[kind]}"


def check_upload(upload, *, allowed: set[str], max_bytes: int) -> CheckedUpload:
    """Read and check an uploaded file; raises ValidationError with a plain message."""
    if upload is None:
        raise ValidationError("Choose a file.")
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(f"The file must be smaller than {max_bytes // (1024 * 1024)} MB.")
    content = upload.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise ValidationError(f"The file must be smaller than {max_bytes // (1024 * 1024)} MB.")
    if not content:
        raise ValidationError("The file is empty.")
    kind = sniff(content)
    if kind not in allowed:
        kinds = ", ".join(sorted({LABELS[k] for k in allowed}))
        raise ValidationError(f"The file must be one of these kinds: {kinds}.")
    if kind in (JPEG, PNG):
        content = _reencode(content, kind)
    return CheckedUpload(safe_filename(upload.name, kind), kind, content)
