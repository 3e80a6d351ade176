"""A deterministic benchmark corpus: N news-like documents from the seeds and sentence templates.

Each document mixes sentences of the seed articles (``seeds/*.txt``) with
relation sentences made from templates over a fixed list of actors, so the
parser sees realistic prose and the relation stage has something to find.
Same ``n`` and ``seed`` -> the same documents, byte for byte.

    python bench/corpus.py 300 out/bench-corpus     # write N .txt files
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

from kg.model import Document

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

ACTORS = [
    "Iran",
    "Iraq",
    "the United States",
    "Syria",
    "Turkey",
    "Saudi Arabia",
    "Russia",
    "Israel",
    "Hezbollah",
    "ISIS",
    "the Kurds",
    "Hamas",
    "Egypt",
    "Jordan",
    "Qatar",
    "the European Union",
    "the United Nations",
    "China",
    "France",
    "the Iraqi government",
    "Shia militias",
    "the Taliban",
]

TEMPLATES = [
    "{A} has long supported {B} in its fight against {C}.",
    "{A} and {B} signed an agreement on Tuesday to cooperate on border security.",
    "Officials said {A} condemned {B} for the attack on the capital.",
    "{A} accused {B} of arming {C}, a charge {B} denied.",
    "{A} launched airstrikes against {C} positions near the border.",
    "Diplomats from {A} met with their counterparts from {B} in Geneva to discuss the ceasefire.",
    "{A} has not backed {B} since the election, a senior official said.",
    "{A} may soon impose new sanctions on {B}, according to people familiar with the talks.",
    "The foreign minister of {A} praised {B} for its role in the negotiations.",
    "{A} threatened to retaliate against {B} if the blockade continued.",
    "Fighters loyal to {A} clashed with {C} outside the city on Sunday.",
    "{A} sent humanitarian aid to {B} after the earthquake.",
    "{A} is allied with {B} against {C}, analysts say.",
    "{A} opposes any deal that would strengthen {C}.",
    "Talks between {A} and {B} resumed after a two-year pause.",
]


def _seed_sentences() -> list[str]:
    sentences: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for para in text.split("\n\n"):
            para = " ".join(para.split())
            if len(para.split()) < 8:  # headlines, bylines, menus
                continue
            if para[-1] not in '.!?"”':
                para += "."
            sentences.extend(s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", para) if len(s.split()) >= 6)
    return sentences


def make_corpus(n: int = 240, *, seed: int = 7, words: int = 420) -> list[Document]:
    """``n`` documents of about ``words`` words each (at least ``words``; whole sentences).

    Examples
    --------
    >>> docs = make_corpus(3, words=60)
    >>> len(docs), docs[0].id, all(len(d.text.split()) >= 60 for d in docs)
    (3, 'bench-0000.txt', True)
    >>> make_corpus(3, words=60) == docs
    True
    """
    rng = random.Random(seed)
    prose = _seed_sentences()
    docs = []
    for i in range(n):
        parts: list[str] = []
        count = 0
        while count < words:
            if prose and rng.random() < 0.5:
                sentence = rng.choice(prose)
            else:
                a, b, c = rng.sample(ACTORS, 3)
                sentence = rng.choice(TEMPLATES).format(A=a, B=b, C=c)
                sentence = sentence[0].upper() + sentence[1:]
            parts.append(sentence)
            count += len(sentence.split())
        paragraphs = [" ".join(parts[j : j + 4]) for j in range(0, len(parts), 4)]
        day = 1 + i % 28
        docs.append(
            Document(
                f"bench-{i:04d}.txt",
                "\n\n".join(paragraphs),
                title=f"Bench article {i}",
                date=f"2015-{1 + i % 12:02d}-{day:02d}",
            )
        )
    return docs


def word_count(docs: list[Document]) -> int:
    """Whitespace-separated words in the documents' texts."""
    return sum(len(d.text.split()) for d in docs)


def write_corpus(docs: list[Document], folder: Path) -> None:
    """Write each document as ``folder/<id>`` (a text file)."""
    folder.mkdir(parents=True, exist_ok=True)
    for doc in docs:
        (folder / doc.id).write_text(doc.text + "\n", encoding="utf-8")


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 240
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "out" / "bench-corpus"
    corpus = make_corpus(n)
    write_corpus(corpus, out)
    print(f"wrote {len(corpus)} documents, {word_count(corpus)} words to {out}")
