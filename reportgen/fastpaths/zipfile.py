"""The standard library zipfile's fast path (see the package's docstring): on only for the Python versions
in VERIFIED, whose zipfile writes the records copied here.

A document python-docx or python-pptx saved was deflated by zipfile at its default level, so an entry
whose content normalising leaves unchanged keeps its compressed bytes, which are those a fresh compression
would give (zlib is deterministic): nothing is inflated and deflated again."""

from __future__ import annotations

import struct
import zipfile
import zlib
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
                    changes: Callable[[zipfile.ZipInfo], bool]) -> bytes | None:
    """output.normalise_zip's records written as zipfile writes them (`ZipFile.writestr` into memory,
    ZIP_DEFLATED at level 6, no ZIP64), each entry whose content does not change (`changes`) copied
    compressed from `data`, the others compressed from `content`; None (the caller takes zipfile's own
    path) when off, or for a zip whose records zipfile would write as ZIP64."""
    if not on() or len(infos) >= 0xFFFF or len(data) >= _SMALL_ZIP or any(i.file_size >= _SMALL_ZIP for i in infos):
        return None
    parts: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for info in infos:
        entry = zipfile.ZipInfo(info.filename, date_time=epoch)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o644 << 16
        entry.create_system = 0
        if info.compress_type == zipfile.ZIP_DEFLATED and not info.flag_bits & 0x01 \
                and not changes(info):
            start = info.header_offset
            name_len, extra_len = struct.unpack("<HH", data[start + 26:start + 30])
            start += 30 + name_len + extra_len
            compressed = data[start:start + info.compress_size]
            entry.CRC, entry.file_size = info.CRC, info.file_size
        else:
            content = content_of(info)
            compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
            compressed = compressor.compress(content) + compressor.flush()
            entry.CRC, entry.file_size = zlib.crc32(content), len(content)
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
