"""The standard library zipfile's fast path (see the package's docstring): on only for the Python versions
in VERIFIED, whose zipfile writes the records copied here.

A document python-docx or python-pptx saved is written by zipfile: an entry deflated at zipfile's default
level whose content normalising leaves unchanged keeps its compressed bytes, which are those a fresh
compression would give (zlib is deterministic), so nothing is inflated and deflated again. Where those
libraries' own fast paths are on, they store their entries (fastpaths.docx, fastpaths.pptx) and every
entry is deflated here once, an entry that is one of the template's parts (a layout, a theme) once per
process: most of a document's parts are the template's own, unchanged."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from functools import lru_cache
from typing import Callable

from . import enabled

DISTRIBUTION = "python"
VERIFIED = ("3.11",)  # zipfile's local and central records as this writes them

# Below this (and a zip of fewer than 65,535 entries), zipfile writes no ZIP64 records: the copy below
# writes the same plain records; anything larger takes zipfile's own path.
_SMALL_ZIP = 1 << 30


def on() -> bool:
    return enabled(DISTRIBUTION, VERIFIED)


def normalised_copy(data: bytes, infos: list[zipfile.ZipInfo], epoch: tuple, content_of: Callable[[zipfile.ZipInfo], bytes],
                    changes: Callable[[zipfile.ZipInfo], bool], template: bytes | None = None) -> bytes | None:
    """output.normalise_zip's records written as zipfile writes them (`ZipFile.writestr` into memory,
    ZIP_DEFLATED at level 6, no ZIP64), each deflated entry whose content does not change (`changes`)
    copied compressed from `data`, the others compressed from `content` (a content that is one of the
    parts of `template`, the package the document was made from, compressed once per process); None (the
    caller takes zipfile's own path) when off, or for a zip whose records zipfile would write as ZIP64."""
    if not on() or len(infos) >= 0xFFFF or len(data) >= _SMALL_ZIP or any(i.file_size >= _SMALL_ZIP for i in infos):
        return None
    known = _parts_of(template) if template is not None else frozenset()
    parts: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for info in infos:
        entry = zipfile.ZipInfo(info.filename, date_time=epoch)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o644 << 16
        entry.create_system = 0
        changed = changes(info)
        if info.compress_type == zipfile.ZIP_DEFLATED and not info.flag_bits & 0x01 and not changed:
            start = info.header_offset
            name_len, extra_len = struct.unpack("<HH", data[start + 26:start + 30])
            start += 30 + name_len + extra_len
            compressed = data[start:start + info.compress_size]
            entry.CRC, entry.file_size = info.CRC, info.file_size
        else:
            content = content_of(info)
            compressed = _kept_deflate(content) if content in known else _deflate(content)
            # an unchanged (stored) entry's CRC is the one zipfile checked as it read the content
            entry.CRC, entry.file_size = zlib.crc32(content) if changed else info.CRC, len(content)
        entry.compress_size = len(compressed)
        header = entry.FileHeader(False)
        parts += [header, compressed]
        dt = entry.date_time
        name = header[30:]
        flags = struct.unpack("<H", header[6:8])[0]
        central.append(struct.pack(zipfile.structCentralDir, zipfile.stringCentralDir, entry.create_version,
                                   entry.create_system, entry.extract_version, entry.reserved, flags,
                                   entry.compress_type, dt[3] << 11 | dt[4] << 5 | (dt[5] // 2),
                                   (dt[0] - 1980) << 9 | dt[1] << 5 | dt[2], entry.CRC, entry.compress_size,
                                   entry.file_size, len(name), 0, 0, 0, entry.internal_attr,
                                   entry.external_attr, offset) + name)
        offset += len(header) + len(compressed)
    directory = b"".join(central)
    end = struct.pack(zipfile.structEndArchive, zipfile.stringEndArchive, 0, 0, len(central), len(central),
                      len(directory), offset, 0)
    return b"".join(parts) + directory + end


def _deflate(content: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(content) + compressor.flush()


@lru_cache(maxsize=256)
def _kept_deflate(content: bytes) -> bytes:
    """A template part's compressed bytes, made once per process (bounded: a template's parts)."""
    return _deflate(content)


# What is kept of a template: its parts of up to _KEPT_PART bytes (XML: a house template's largest is 74 KB),
# up to _KEPT_TEMPLATE bytes in all; larger parts (pictures, fonts) are deflated afresh, as before.
_KEPT_PART = 256 * 1024
_KEPT_TEMPLATE = 4 * 2**20


@lru_cache(maxsize=4)
def _parts_of(template: bytes) -> frozenset[bytes]:
    """The contents of a template package's small parts, whose compressed bytes are kept (what the
    template was read from is checked and bounded: package.sanitise)."""
    kept: list[bytes] = []
    total = 0
    with zipfile.ZipFile(io.BytesIO(template)) as source:
        for info in source.infolist():
            if info.is_dir() or info.file_size > _KEPT_PART or total + info.file_size > _KEPT_TEMPLATE:
                continue
            kept.append(source.read(info))
            total += info.file_size
    return frozenset(kept)
