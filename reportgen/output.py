"""Writing outputs safely: reproducible zip bytes, atomic replacement."""

from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
from pathlib import Path

_EPOCH = (1980, 1, 1, 0, 0, 0)


def normalise_zip(data: bytes, when: str = "2000-01-01T00:00:00Z", embedded: bool = False) -> bytes:
    """The same zip with fixed timestamps and permissions, so equal content gives equal bytes.

    Embedded Office files (a native chart's .xlsx workbook) are normalised too, and their
    creation and modification dates set to `when` (ISO 8601), as they carry the wall clock.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 0
            content = source.read(info.filename)
            if info.filename.endswith((".xlsx", ".docx", ".pptx")):
                content = normalise_zip(content, when, embedded=True)
            elif info.filename == "docProps/core.xml" and embedded:
                content = _CORE_DATES.sub(rb"\g<1>" + when.encode() + rb"\g<2>", content)
            target.writestr(entry, content, compresslevel=6)
    return out.getvalue()


_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def write_atomic(path: Path, data: bytes) -> None:
    """Write data to path via a temporary file in the same folder, replaced only when complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
