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
import contextlib
import hashlib
import io
import os
import stat
import urllib.parse
from dataclasses import dataclass, field
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
    # A file small enough to be read in one go (its sniffed head is the whole file) keeps its
    # proven decoding here, so a .txt import reads and decodes it once, not twice.
    text: str | None = field(default=None, repr=False, compare=False)


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


# How a path that is not valid UTF-8 is stored: as a file: URI (RFC 8089) of its bytes.
_URI_PREFIX = "file://"


def source_path_text(path: Path) -> str:
    """The lossless text form of an absolute path, as stored with each document.

    A path whose bytes are valid UTF-8 (nearly all) is stored as itself. Any other path
    (e.g. a Linux file name in GBK bytes, which Python holds with surrogate escapes that
    SQLite cannot store) is stored as a ``file://`` URI whose bytes outside the safe ASCII
    set are %XX-escaped: ``/data/\\xff.txt`` becomes ``file:///data/%FF.txt``. A stored
    absolute path never starts with ``file:``, so the two forms cannot be confused;
    :func:`path_from_source_text` turns either back into the same path.
    """
    text = str(path)
    raw = os.fsencode(text)
    try:
        if raw.decode(UTF8) == text:
            return text
    except UnicodeDecodeError:
        pass
    return _URI_PREFIX + urllib.parse.quote_from_bytes(raw, safe="/")


def path_from_source_text(text: str) -> Path:
    """The path a :func:`source_path_text` form stands for."""
    if text.startswith(_URI_PREFIX):
        return Path(os.fsdecode(urllib.parse.unquote_to_bytes(text[len(_URI_PREFIX):])))
    return Path(text)


def display_path(path: str | Path) -> str:
    """A path fit to print: bytes that are not UTF-8 shown as \\xNN, never an encoding error."""
    return os.fsencode(str(path)).decode(UTF8, "backslashreplace")


def regular_file_problem(path: Path) -> str | None:
    """Why ``path`` cannot be read as an input file, found without opening it (a FIFO
    would block the open until a writer came; a device never ends), or None."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "no such file"
    except OSError as exc:
        return f"cannot read the file: {exc.strerror or exc}"
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if not stat.S_ISREG(mode):
        return "not a regular file (a FIFO, socket or device): only files can be imported"
    return None


def inspect_file(path: Path, encoding: str | None = None) -> FileInfo:
    """Check that ``path`` is a regular text file with some text in it and find its encoding.

    Reads the file twice in chunks (once to sniff, once to prove the decoding, looking
    for NUL bytes and hashing on the way), so memory stays flat whatever the file's size.
    """
    problem = regular_file_problem(path)
    if problem:
        raise InputError(path, problem)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError as exc:
        raise InputError(path, f"cannot read the file: {exc.strerror or exc}") from exc
    if size == 0:
        raise InputError(path, "empty file: there is no text to import")
    _refuse_nul(path, head, 0)
    chosen = encoding or _sniff(path, head)
    whole = head if len(head) == size else None  # the head is the whole file: no second read
    try:
        sha256, text = _prove_decoding(path, chosen, whole)
    except _DecodeFailure as failure:
        if encoding or chosen != UTF8:
            raise failure.error from None
        # The head was plain ASCII/UTF-8 but the body is not: sniff again where it breaks.
        chosen = _sniff_window(path, failure.byte_offset) or UTF8
        try:
            sha256, text = _prove_decoding(path, chosen, whole)
        except _DecodeFailure:
            raise failure.error from None
    return FileInfo(
        path=path, source_path=source_path_text(path.resolve()), encoding=chosen, sha256=sha256, size=size, text=text
    )


def _refuse_nul(path: Path, chunk: bytes, newlines_before: int) -> None:
    """A NUL byte anywhere is refused: no text we read holds one (none of the three
    encodings puts 0x00 inside a character), and a stored NUL breaks every later export."""
    at = chunk.find(b"\x00")
    if at < 0:
        return
    hint = "; it looks like UTF-16, save it as UTF-8" if chunk[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else ""
    raise InputError(
        path,
        f"binary file (it contains NUL bytes){hint}; expected text in UTF-8, GB18030 or Big5",
        newlines_before + chunk.count(b"\n", 0, at) + 1,
    )


class _DecodeFailure(Exception):
    def __init__(self, error: InputError, byte_offset: int):
        super().__init__(str(error))
        self.error = error
        self.byte_offset = byte_offset


def _sniff_window(path: Path, offset: int) -> str | None:
    with path.open("rb") as handle:
        handle.seek(max(offset - 16, 0))
        window = handle.read(_SNIFF_BYTES)
    best = charset_normalizer.from_bytes(_whole_lines(window), cp_isolation=[GB18030, BIG5]).best()
    return None if best is None else canonical_encoding(best.encoding)


def _whole_lines(sample: bytes) -> bytes:
    """A sample read up to a byte count can end inside a two- or four-byte character, and the
    detector then rules out every encoding. Cut it after its last line end: LF is never part of
    a GB18030 or Big5 character."""
    if len(sample) < _SNIFF_BYTES:
        return sample  # the whole file (or the rest of it): nothing was cut
    cut = sample.rfind(b"\n")
    return sample[: cut + 1] if cut > 0 else sample


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
    best = charset_normalizer.from_bytes(_whole_lines(head), cp_isolation=[GB18030, BIG5]).best()
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


def _prove_decoding(path: Path, encoding: str, whole: bytes | None = None) -> tuple[str, str | None]:
    """Decode the whole file strictly; return its sha256 (and, when ``whole`` holds the file's
    bytes already, its text) or raise naming the bad line.

    Also refuses a NUL byte anywhere, and a file with no text in it (only whitespace or a
    byte-order mark), which would make an empty document."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    digest = hashlib.sha256()
    newlines_before = 0
    offset = 0
    has_text = False
    pieces: list[str] = []
    with contextlib.nullcontext(io.BytesIO(whole)) if whole is not None else path.open("rb") as handle:
        while True:
            chunk = handle.read(_CHUNK)
            final = not chunk
            digest.update(chunk)
            _refuse_nul(path, chunk, newlines_before)
            try:
                decoded = decoder.decode(chunk, final=final)
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
            has_text = has_text or bool(decoded.replace("\ufeff", "").strip())
            if whole is not None:
                pieces.append(decoded)
            if final:
                if not has_text:
                    raise InputError(path, "empty file: it holds only whitespace (or a byte-order mark); there is no text to import")
                return digest.hexdigest(), ("".join(pieces) if whole is not None else None)
            newlines_before += chunk.count(b"\n")
            offset += len(chunk)
