"""The rules' speed-ups must never change what the rules find: a guarded regex finds exactly
what its pattern finds."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.detect import achievement, lang, target
from annotator.detect.lang import first_characters, guarded

# Characters the patterns below care about, plus a few they do not.
ALPHABET = "了已累计共同比去上年过又为除解确保力争要将重主需即必军领近完成目标任务是到至内前底月日天周0123456789一二三四五十百万亿个，。后建投产达x "

SYNTHETIC = [
    r"(?<![为除])了(?!解)|已|累计",
    r"(?:将|计划)?(?:在|到|至)20\d\d年",
    r"\d+(?:\.\d+)?[万亿]|[一二三]+个",
    r"(?:a|)b",
    r"x?y*z",
    r"(?:完成)?[度率值]|事项",
]
SHIPPED = [
    achievement._AIM, achievement._DIRECTIVE, achievement._RANK, target._FUTURE, target._DONE,
    target._MILESTONE, target._ROUTINE, target._COMPLETION_DUE, target._WHEN, target._DEADLINE,
    lang.DONE_CLAUSE, lang.PLAN_CONTEXT,
]


def matches(regex: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in regex.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_a_guarded_pattern_finds_what_the_pattern_finds(text):
    for pattern in SYNTHETIC:
        assert matches(re.compile(guarded(pattern)), text) == matches(re.compile(pattern), text)


@pytest.mark.parametrize("regex", SHIPPED, ids=lambda r: r.pattern[:30])
@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=ALPHABET, max_size=40))
def test_the_shipped_guarded_regexes_find_what_their_unguarded_patterns_find(regex, text):
    unguarded = re.compile(regex.pattern.split(")(?:", 1)[1][:-1], regex.flags)
    assert matches(regex, text) == matches(unguarded, text)
    assert [m.span() if m else None for m in (regex.match(text), regex.search(text, 3))] == [
        m.span() if m else None for m in (unguarded.match(text), unguarded.search(text, 3))
    ]


def test_first_characters_are_told_only_when_every_match_starts_with_one_of_them():
    assert first_characters(r"(?<!为)了|已|\d+") == r"[\d了已]"
    assert first_characters(r"(?:a|)b") == "[ab]"
    assert first_characters(r"a*") is None  # a match may be empty
    assert first_characters(r".b") is None  # any character
    assert first_characters(r"[^a]b") is None  # a negated class
    assert first_characters(r"(?i)ab") is None  # either case
    assert guarded(r"a*") == r"a*"  # left as it is when the characters cannot be told

