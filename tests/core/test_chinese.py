from annotator.chinese import detect_script, simplified_view


def test_detect_script(seed_texts: dict[str, str]) -> None:
    scripts = {name: detect_script(text) for name, text in seed_texts.items()}
    assert scripts["001_72ca0e151c5a6ad7.txt"] == "traditional"
    assert [s for n, s in scripts.items() if n != "001_72ca0e151c5a6ad7.txt"] == ["simplified"] * 4
    assert detect_script("Only Latin letters, 123.") == "none"
    assert detect_script("黨史學習教育") == "traditional"
    assert detect_script("党史学习教育") == "simplified"


def test_simplified_view_keeps_offsets() -> None:
    text = "踔厲奮發向未來 篤行不怠開新局 𠮷"
    view = simplified_view(text)
    assert len(view) == len(text)
    assert view.startswith("踔厉奋发向未来 笃行不怠开新局")
    assert view[-1] == "𠮷"


def test_shared_characters_do_not_vote() -> None:
    # 著 (著名) and 乾 (乾坤) are standard simplified characters although OpenCC maps them.
    assert detect_script("著名作家乾隆年间的故事,发展经济") == "simplified"
    assert detect_script("發展經濟,著名作家") == "traditional"


def test_characters_beyond_the_bmp_vote_too() -> None:
    # Extension B characters are counted by their own pattern; they must not be skipped.
    from annotator.chinese import _may_have_astral

    assert _may_have_astral("学" * 100 + "𠮷") and not _may_have_astral("学" * 100)
    assert _may_have_astral("𠮷") and not _may_have_astral("plain ascii")
