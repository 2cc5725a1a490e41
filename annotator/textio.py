"""Reading text files from the field: encoding detection and the one normalisation we do.

Files arrive in UTF-8 (with or without BOM), GB18030/GBK or Big5, with LF, CRLF or CR line
ends. We decide the encoding from the bytes (charset-normalizer, restricted to the encodings
Chinese newsrooms actually use, so it cannot wander off to e.g. cp1252), then prove the choice
by decoding the whole file strictly. Nothing is guessed silently: a file no candidate encoding
decodes is an error naming the line of the first bad byte.

Normalisation is exactly: drop a leading BOM, turn CRLF and lone CR into LF. Nothing else,
because every stored offset depends on the stored text.
"""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

from .errors import InputError

# Encodings we accept, as Python codec names. GB18030 is a superset of GBK and GB2312.
UTF8 = "utf-8"
UTF8_BOM = "utf-8-sig"
GB18030 = "gb18030"
BIG5 = "big5"
SUPPORTED_ENCODINGS = (UTF8, UTF8_BOM, GB18030, BIG5)
_ALIASES = {"gbk": GB18030, "gb2312": GB18030, "cp936": GB18030, "cp950": BIG5}

_SNIFF_BYTES = 64 * 1024
_CHUNK = 1 << 20


@dataclass(frozen=True)
class FileInfo:
    """What we learnt about a file before reading its records."""

    path: Path
    source_path: str  # the absolute path, as stored with each document
    encoding: str  # a Python codec name from SUPPORTED_ENCODINGS
    sha256: str
    size: int


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF; a leading BOM is dropped. The only change we make."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical_encoding(name: str) -> str:
    """The codec name we use for a user-supplied encoding name; error for unsupported ones."""
    normalised = codecs.lookup(name).name if _known_codec(name) else name.lower()
    normalised = _ALIASES.get(normalised, normalised)
    if normalised not in SUPPORTED_ENCODINGS:
        raise ValueError(
            f"unsupported encoding {name!r}; use one of: {', '.join(SUPPORTED_ENCODINGS)}"
        )
    return normalised


def inspect_file(path: Path, encoding: str | None = None) -> FileInfo:
    """Check that ``path`` is a non-empty text file and find its encoding.

    Reads the file twice in chunks (once to hash and sniff, once to prove the decoding),
    so memory stays flat whatever the file's size.
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError as exc:
        raise InputError(path, f"cannot read the file: {exc.strerror or exc}") from exc
    if size == 0 or not head.strip():
        raise InputError(path, "empty file: there is no text to import")
    if b"\x00" in head:
        raise InputError(
            path, "binary file (it contains NUL bytes); expected text in UTF-8, GB18030 or Big5"
        )
    chosen = encoding or _sniff(path, head)
    try:
        sha256 = _prove_decoding(path, chosen)
    except _DecodeFailure as failure:
        if encoding or chosen != UTF8:
            raise failure.error from None
        # The head was plain ASCII/UTF-8 but the body is not: sniff again where it breaks.
        chosen = _sniff_window(path, failure.byte_offset) or UTF8
        try:
            sha256 = _prove_decoding(path, chosen)
        except _DecodeFailure:
            raise failure.error from None
    return FileInfo(path=path, source_path=str(path.resolve()), encoding=chosen, sha256=sha256, size=size)


class _DecodeFailure(Exception):
    def __init__(self, error: InputError, byte_offset: int):
        super().__init__(str(error))
        self.error = error
        self.byte_offset = byte_offset


def _sniff_window(path: Path, offset: int) -> str | None:
    with path.open("rb") as handle:
        handle.seek(max(offset - 16, 0))
        window = handle.read(_SNIFF_BYTES)
    best = charset_normalizer.from_bytes(window, cp_isolation=[GB18030, BIG5]).best()
    return None if best is None else canonical_encoding(best.encoding)


def _known_codec(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def _sniff(path: Path, head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return UTF8_BOM
    if _is_utf8_prefix(head):
        # UTF-8 is self-validating: text that decodes as UTF-8 is UTF-8. The whole file is
        # checked afterwards; only the sniffed head is trusted here.
        return UTF8
    best = charset_normalizer.from_bytes(head, cp_isolation=[GB18030, BIG5]).best()
    if best is None:
        line = head.count(b"\n", 0, _first_undecodable_offset(head)) + 1
        raise InputError(
            path, "cannot decode the text as UTF-8, GB18030 or Big5 (undecodable bytes)", line
        )
    return canonical_encoding(best.encoding)


def _is_utf8_prefix(head: bytes) -> bool:
    decoder = codecs.getincrementaldecoder(UTF8)("strict")
    try:
        decoder.decode(head, final=False)  # a character cut at the sniff boundary is fine
    except UnicodeDecodeError:
        return False
    return True


def _first_undecodable_offset(data: bytes) -> int:
    try:
        data.decode(UTF8)
    except UnicodeDecodeError as exc:
        return exc.start
    return len(data)


def _prove_decoding(path: Path, encoding: str) -> str:
    """Decode the whole file strictly; return its sha256 or raise naming the bad line."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    digest = hashlib.sha256()
    newlines_before = 0
    offset = 0
    with path.open("rb") as handle:
        while True:
            chunk = handle.read(_CHUNK)
            final = not chunk
            digest.update(chunk)
            try:
                decoder.decode(chunk, final=final)
            except UnicodeDecodeError as exc:
                bad_at = max(exc.start - len(exc.object) + len(chunk), 0)
                line = newlines_before + chunk.count(b"\n", 0, bad_at) + 1
                error = InputError(
                    path,
                    f"cannot decode: bytes that are not valid {encoding} (near "
                    f"{exc.object[exc.start:exc.start + 4]!r}); the file is damaged or in "
                    "another encoding (UTF-8, GB18030 and Big5 are read; see --encoding)",
                    line,
                )
                raise _DecodeFailure(error, offset + bad_at) from exc
            if final:
                return digest.hexdigest()
            newlines_before += chunk.count(b"\n")
            offset += len(chunk)
