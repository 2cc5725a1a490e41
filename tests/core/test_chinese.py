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
