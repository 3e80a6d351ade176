"""How text is grouped for spaCy: batches bounded by count and by characters (memory follows characters)."""

from kg.nlp.pipeline import BATCH_CHARS, batches


def test_batches_keep_order_and_respect_both_limits():
    texts = [("x" * n, i) for i, n in enumerate([900, 300, 5_000, 40_000, 10, 10, 10, 31_000, 1_500])]
    groups = list(batches(iter(texts), 3, BATCH_CHARS, lambda t: len(t[0])))
    assert [t for g in groups for t in g] == texts  # nothing lost, nothing reordered
    for g in groups:
        assert len(g) <= 3
        assert len(g) == 1 or sum(len(t[0]) for t in g) <= BATCH_CHARS
    assert [len(g) for g in groups] == [3, 1, 3, 1, 1]  # the 40,000-character text goes alone


def test_long_paragraphs_go_fewer_to_a_batch_than_short_ones():
    long_paras = ["y" * 2_000] * 64
    short_paras = ["z" * 400] * 64
    assert max(len(g) for g in batches(long_paras, 64, BATCH_CHARS, len)) == BATCH_CHARS // 2_000
    assert [len(g) for g in batches(short_paras, 64, BATCH_CHARS, len)] == [64]


def test_batches_read_items_lazily():
    seen = []

    def items():
        for i in range(10):
            seen.append(i)
            yield "a" * 10

    first = next(batches(items(), 4, 1_000, len))
    assert len(first) == 4
    assert seen == [0, 1, 2, 3, 4]  # one item past the first group, not the whole stream
