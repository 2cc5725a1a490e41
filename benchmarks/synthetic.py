"""A synthetic corpus made from the real articles in ``seeds/``, for the benchmarks.

Each document is a seed's title line plus a reshuffled selection of paragraphs, about
3,000 characters. Paragraphs come only from seeds of the same script as the title's seed,
as in a real corpus: an article is simplified or traditional, not a patchwork of both.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Iterator

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from annotator.chinese import detect_script  # noqa: E402

SEEDS = REPO / "seeds"
TARGET_CHARS = 3000  # characters per synthetic document


def load_seeds(folder: Path = SEEDS) -> list[tuple[str, str, list[str]]]:
    """(script, title line, body paragraphs) of each seed article."""
    seeds = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text("utf-8")
        lines = [line.rstrip() for line in text.splitlines() if line.strip()]
        if len(lines) > 1:
            seeds.append((detect_script(text), lines[0].strip(), lines[1:]))
    if not seeds:
        raise SystemExit(f"no usable seed articles in {folder}")
    return seeds


def synthetic_documents(count: int, seed: int, target_chars: int = TARGET_CHARS) -> Iterator[tuple[str, str, str]]:
    """Yield (id, title, text) for ``count`` distinct documents of ~``target_chars`` characters.

    The title line carries the document number, so no two texts are equal and the
    importer's dedupe skips none of them.
    """
    seeds = load_seeds()
    paragraphs_by_script: dict[str, list[str]] = {}
    for script, _, paragraphs in seeds:
        paragraphs_by_script.setdefault(script, []).extend(paragraphs)
    pools: dict[str, list[str]] = {script: [] for script in paragraphs_by_script}
    rng = random.Random(seed)
    for number in range(1, count + 1):
        script, base_title, _ = rng.choice(seeds)
        title = f"{base_title}(第{number}号)"
        parts, length = [title], len(title)
        pool = pools[script]
        while length < target_chars:
            if not pool:  # a fresh reshuffle of every paragraph of this script
                pool.extend(paragraphs_by_script[script])
                rng.shuffle(pool)
            paragraph = pool[-1]
            grown = length + 1 + len(paragraph)
            if grown > target_chars and target_chars - length < grown - target_chars:
                break  # stopping here is closer to the target than adding the paragraph
            pool.pop()
            parts.append(paragraph)
            length = grown
        yield f"bench-{number:07d}", title, "\n".join(parts) + "\n"
