"""Which papers an event may have: documents and pictures people can open on a phone."""

from __future__ import annotations

from django.conf import settings

from withus import uploads

PAPER_KINDS = {
    uploads.PDF,
    uploads.DOCX,
    uploads.ODT,
    uploads.XLSX,
    uploads.PPTX,
    uploads.TEXT,
    uploads.JPEG,
    uploads.PNG,
}


def check_paper(upload) -> uploads.CheckedUpload:
    return uploads.check_upload(
        upload, allowed=PAPER_KINDS, max_bytes=settings.EVENT_PAPER_MAX_BYTES
    )
