"""Encoding detection and the one normalisation we apply."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator import textio
from annotator.errors import InputError


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\r\nb\rc\n", "a\nb\nc\n"),
        ("\ufeff标题\r\n正文", "标题\n正文"),
        ("  空格 保留\t", "  空格 保留\t"),  # nothing but BOM and line ends changes
    ],
)
def test_normalise_newlines(raw: str, expected: str) -> None:
    assert textio.normalise_newlines(raw) == expected


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gb18030", "gb18030"), ("big5", "big5")],
)
def test_detects_each_supported_encoding(tmp_path: Path, seed_texts: dict[str, str], encoding: str, expected: str) -> None:
    text = seed_texts["001_72ca0e151c5a6ad7.txt"]  # traditional: encodable in all four
    path = tmp_path / "article.txt"
    path.write_bytes(text.encode(encoding))
    assert textio.inspect_file(path).encoding == expected


def test_gb18030_after_a_long_ascii_head_is_still_detected(tmp_path: Path) -> None:
    path = tmp_path / "late.txt"
    path.write_bytes(b"x" * 100_000 + "\n确保总投资达300亿元\n".encode("gb18030"))
    assert textio.inspect_file(path).encoding == "gb18030"


def test_undecodable_bytes_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt"
    # Valid UTF-8 lines, then bytes no supported encoding decodes, on line 3.
    path.write_bytes("第一行\n第二行\n".encode("utf-8") + b"\xff\xff\xff\xff\n")
    with pytest.raises(InputError) as caught:
        textio.inspect_file(path)
    assert caught.value.line == 3
    assert str(path) in str(caught.value)


def test_forced_encoding_that_does_not_fit_fails_with_line(tmp_path: Path) -> None:
    path = tmp_path / "gb.txt"
    path.write_bytes("标题\n正文内容".encode("gb18030"))
    with pytest.raises(InputError, match="not valid utf-8") as caught:
        textio.inspect_file(path, encoding="utf-8")
    assert caught.value.line == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty file"), (b"  \n\n ", "empty file"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file")],
)
def test_empty_and_binary_files_are_refused(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        textio.inspect_file(path)


def test_canonical_encoding_names() -> None:
    assert textio.canonical_encoding("GBK") == "gb18030"
    assert textio.canonical_encoding("UTF8") == "utf-8"
    assert textio.canonical_encoding("Big5") == "big5"
    with pytest.raises(ValueError, match="unsupported encoding"):
        textio.canonical_encoding("latin-1")



def _cut_inside_a_character(data: bytes, encoding: str) -> bytes:
    """``data`` with a few ASCII bytes in front, so that the sniffed head ends inside a character."""
    for pad in range(4):
        padded = b" " * pad + data
        try:
            padded[: textio._SNIFF_BYTES].decode(encoding)
        except UnicodeDecodeError:
            return padded
    raise AssertionError("no padding cuts a character")


@pytest.mark.parametrize(("encoding", "expected"), [("gb18030", "gb18030"), ("big5", "big5")])
def test_a_character_cut_by_the_sniffed_head_does_not_hide_the_encoding(
    tmp_path: Path, seed_texts: dict[str, str], encoding: str, expected: str
) -> None:
    # Found with a GB18030 CSV of traditional-character articles: the 64 KB head the detector
    # reads ended inside a two-byte character, and the file was refused as undecodable.
    line = seed_texts["001_72ca0e151c5a6ad7.txt"].encode(encoding)
    data = _cut_inside_a_character(line * (textio._SNIFF_BYTES // len(line) + 2), encoding)
    path = tmp_path / "long.txt"
    path.write_bytes(data)
    assert textio.inspect_file(path).encoding == expected


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "big5"])
def test_a_small_file_keeps_the_text_its_decoding_proved(tmp_path: Path, seed_texts: dict[str, str], encoding: str) -> None:
    text = seed_texts["001_72ca0e151c5a6ad7.txt"].replace("\n", "\r\n")  # line ends are kept as read
    small, large = tmp_path / "small.txt", tmp_path / "large.txt"
    small.write_bytes(text.encode(encoding))
    large.write_bytes((text * (textio._SNIFF_BYTES // len(text.encode(encoding)) + 2)).encode(encoding))
    with small.open(encoding=encoding, newline="") as handle:
        assert textio.inspect_file(small).text == handle.read()
    assert textio.inspect_file(large).text is None  # read again, in chunks, by the reader
