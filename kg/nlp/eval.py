"""Score extracted relation mentions against gold relations (``kg eval``).

Implements the scoring rules of the evaluation sets' README exactly:

* a mention matches a gold relation when its subject and object labels each equal
  one of the gold names of the two actors -- case-insensitive, a leading "the" and a
  possessive "'s" ignored, and a label that contains a gold name as whole words also
  matches ("Gondor government" -> Gondor) -- in either order, with the same polarity;
* negated mentions match only gold relations marked ``negated``, and a negated gold
  relation is found only through a negated mention;
* neutral gold relations are ignored, and so are mentions of that pair;
* a mention with neither actor among the record's gold actors is ignored (the gold is
  not exhaustive); any other unmatched mention is a false hit;
* precision, recall and F1 are pooled over all records (per polarity and overall).

Gold format: one JSON object per line with ``id``, ``text`` and ``relations``
(``source_names``, ``target_names``, ``polarity``, optional ``negated`` / ``hedged``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError
from kg.model import RelationMention

POLARITIES = ("cooperation", "conflict")
#: Confidence buckets of the calibration table (lower bounds).
BUCKETS = (0.0, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


@dataclass(frozen=True)
class GoldRelation:
    """One gold relation: the names each actor may go by, its polarity and flags."""

    source_names: tuple[str, ...]
    target_names: tuple[str, ...]
    polarity: str
    negated: bool = False
    hedged: bool = False


@dataclass(frozen=True)
class GoldRecord:
    """One gold record: a text and the relations it states."""

    id: str
    text: str
    relations: tuple[GoldRelation, ...]


def read_gold(path: str | Path) -> list[GoldRecord]:
    """Read a gold JSONL file; a malformed line raises ``InputError`` naming the line.

    Examples
    --------
    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
    ...     _ = f.write('{"id": "a", "text": "X met Y.", "relations": []}\\n')
    >>> [r.id for r in read_gold(f.name)]
    ['a']
    >>> os.unlink(f.name)
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot read gold file ({err})") from None
    out = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            rels = tuple(
                GoldRelation(
                    tuple(r.get("source_names") or ()),
                    tuple(r.get("target_names") or ()),
                    r["polarity"],
                    bool(r.get("negated", False)),
                    bool(r.get("hedged", False)),
                )
                for r in rec.get("relations", ())
            )
            out.append(GoldRecord(str(rec["id"]), rec["text"], rels))
        except (ValueError, KeyError, TypeError, AttributeError) as err:
            raise InputError(f"{path}: line {n}: not a gold record ({err})") from None
    return out


_POSS = re.compile(r"(?:'s|\u2019s|'|\u2019)$")


def normalize_name(name: str) -> str:
    """Lower case, spaces collapsed, a leading "the" and a trailing possessive removed.

    Examples
    --------
    >>> normalize_name("  The  Gondor's ")
    'gondor'
    """
    s = " ".join(name.lower().split())
    if s.startswith("the "):
        s = s[4:]
    return _POSS.sub("", s).strip()


def name_matches(label: str, name: str) -> bool:
    """Whether an extracted label matches one gold name (equal, or containing it as whole words).

    Examples
    --------
    >>> name_matches("Gondor government", "Gondor"), name_matches("the Gondor", "gondor")
    (True, True)
    >>> name_matches("Gondorian", "Gondor"), name_matches("Gondor", "Gondor government")
    (False, False)
    """
    lab, nam = normalize_name(label), normalize_name(name)
    if not nam or not lab:
        return False
    if lab == nam:
        return True
    return re.search(r"(?<!\w)" + re.escape(nam) + r"(?!\w)", lab) is not None


def _any(label: str, names: Iterable[str]) -> bool:
    return any(name_matches(label, n) for n in names)


def labels(m: RelationMention) -> tuple[str, str]:
    """The subject and object labels ``kg extract`` prints: the actors as the sentence names them.

    Examples
    --------
    >>> from kg.model import Actor
    >>> labels(RelationMention("d", Actor("gondor", "Gondor"), "attacks", Actor("arnor", "Arnor"),
    ...                        "conflict", subject_text="Gondor troops"))
    ('Gondor troops', 'Arnor')
    """
    j = m.to_json()
    return j["subject"]["label"], j["object"]["label"]


def _pair(m: RelationMention, g: GoldRelation) -> bool:
    s, o = labels(m)
    return (_any(s, g.source_names) and _any(o, g.target_names)) or (
        _any(s, g.target_names) and _any(o, g.source_names)
    )


@dataclass
class Judged:
    """One mention and its verdict: ``tp``, ``false`` (false hit) or ``ignored``."""

    record: str
    mention: RelationMention
    verdict: str
    features: tuple[str, ...] = ()

    @property
    def pattern(self) -> str | None:
        """The extraction pattern (first feature), if known."""
        return self.features[0] if self.features else None


@dataclass
class Miss:
    """A gold relation no mention found."""

    record: str
    relation: GoldRelation
    text: str


def prf(tp: int, mentions: int, found: int, gold: int) -> dict[str, float | int]:
    """Precision (true hits / counted mentions), recall (gold found / gold), F1, rounded, with
    the counts they come from.

    Examples
    --------
    >>> prf(3, 4, 3, 6)["f1"]
    0.6
    """
    p = tp / mentions if mentions else 0.0
    r = found / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "tp": tp,
        "mentions": mentions,
        "found": found,
        "gold": gold,
    }


@dataclass
class Report:
    """Scores and errors of one evaluation."""

    gold: str
    records: int = 0
    judged: list[Judged] = field(default_factory=list)
    misses: list[Miss] = field(default_factory=list)
    gold_counts: dict[str, int] = field(default_factory=lambda: {p: 0 for p in POLARITIES})
    found_counts: dict[str, int] = field(default_factory=lambda: {p: 0 for p in POLARITIES})

    def scores(self) -> dict[str, dict[str, float | int]]:
        """``{polarity|"overall": {precision, recall, f1, tp, mentions, found, gold}}``."""
        out = {}
        for pol in (*POLARITIES, "overall"):
            counted = [
                j for j in self.judged if j.verdict != "ignored" and (pol == "overall" or j.mention.polarity == pol)
            ]
            tp = sum(j.verdict == "tp" for j in counted)
            gold = sum(self.gold_counts.values()) if pol == "overall" else self.gold_counts[pol]
            found = sum(self.found_counts.values()) if pol == "overall" else self.found_counts[pol]
            out[pol] = prf(tp, len(counted), found, gold)
        return out

    def calibration(self) -> list[dict]:
        """Precision of the counted mentions per confidence bucket."""
        rows = []
        for k, lo in enumerate(BUCKETS):
            hi = BUCKETS[k + 1] if k + 1 < len(BUCKETS) else 1.01
            js = [j for j in self.judged if j.verdict != "ignored" and lo <= j.mention.confidence < hi]
            tp = sum(j.verdict == "tp" for j in js)
            rows.append(
                {
                    "bucket": f"[{lo:.1f}, {min(hi, 1.0):.1f})",
                    "mentions": len(js),
                    "precision": round(tp / len(js), 4) if js else None,
                }
            )
        return rows

    def pattern_rates(self) -> dict[str, dict]:
        """Per extraction pattern: counted mentions, true hits, smoothed precision."""
        out: dict[str, dict] = {}
        for j in self.judged:
            if j.verdict == "ignored" or j.pattern is None:
                continue
            row = out.setdefault(j.pattern, {"mentions": 0, "tp": 0})
            row["mentions"] += 1
            row["tp"] += j.verdict == "tp"
        for row in out.values():
            row["rate"] = round((row["tp"] + 1) / (row["mentions"] + 2), 3)
        return dict(sorted(out.items()))


def judge(rec: GoldRecord, m: RelationMention) -> tuple[str, list[int]]:
    """The verdict on one mention of a record -- ``tp``, ``false`` or ``ignored`` -- and the
    indices (among the record's cooperation / conflict relations) of the gold relations it finds.

    Examples
    --------
    >>> from dataclasses import replace
    >>> from kg.model import Actor
    >>> g = GoldRecord("r", "t", (GoldRelation(("Arnor",), ("Gondor",), "conflict"),))
    >>> m = RelationMention("r", Actor("g", "Gondor"), "attacks", Actor("a", "Arnor"), "conflict")
    >>> judge(g, m), judge(g, replace(m, polarity="cooperation"))
    (('tp', [0]), ('false', []))
    """
    gold_rels = [g for g in rec.relations if g.polarity in POLARITIES]
    hits = [k for k, g in enumerate(gold_rels) if g.polarity == m.polarity and g.negated == m.negated and _pair(m, g)]
    if hits:
        return "tp", hits
    names = [n for g in rec.relations for n in (*g.source_names, *g.target_names)]
    if not any(_any(lab, names) for lab in labels(m)):
        return "ignored", []
    if any(_pair(m, g) for g in rec.relations if g.polarity not in POLARITIES):
        return "ignored", []
    return "false", []


def score(
    records: Sequence[GoldRecord],
    mentions: dict[str, list[RelationMention]],
    patterns: dict[str, list[list[str]]] | None = None,
    gold: str = "",
) -> Report:
    """Score mentions (grouped by record id) against gold records.

    Examples
    --------
    >>> from kg.model import Actor
    >>> g = GoldRecord("r", "t", (GoldRelation(("Arnor",), ("Gondor",), "conflict"),))
    >>> m = RelationMention("r", Actor("g", "the Gondor government"), "attacks",
    ...                     Actor("a", "Arnor"), "conflict")
    >>> score([g], {"r": [m]}).scores()["overall"]["f1"]
    1.0
    """
    rep = Report(gold=gold, records=len(records))
    for rec in records:
        gold_rels = [g for g in rec.relations if g.polarity in POLARITIES]
        found = [False] * len(gold_rels)
        for g in gold_rels:
            rep.gold_counts[g.polarity] += 1
        ms = mentions.get(rec.id, [])
        pats = (patterns or {}).get(rec.id) or [[] for _ in ms]
        for m, pat in zip(ms, pats):
            verdict, hits = judge(rec, m)
            for k in hits:
                found[k] = True
            rep.judged.append(Judged(rec.id, m, verdict, tuple(pat)))
        for k, g in enumerate(gold_rels):
            if found[k]:
                rep.found_counts[g.polarity] += 1
            else:
                rep.misses.append(Miss(rec.id, g, rec.text))
    return rep


def extract_records(
    records: Sequence[GoldRecord], *, min_confidence: float | None = None
) -> tuple[dict[str, list[RelationMention]], dict[str, list[list[str]]]]:
    """Run the NLP stage on each record's text: mentions and their features (pattern first) by record id."""
    from kg.model import MIN_CONFIDENCE
    from kg.nlp.pipeline import load_pipeline, paragraphs
    from kg.nlp.relations.records import features_of, relations_of

    nlp = load_pipeline()
    floor = MIN_CONFIDENCE if min_confidence is None else min_confidence
    mentions: dict[str, list[RelationMention]] = {r.id: [] for r in records}
    patterns: dict[str, list[list[str]]] = {r.id: [] for r in records}
    feed = ((p, rec.id) for rec in records for _, p in paragraphs(rec.text))
    for sdoc, rid in nlp.pipe(feed, as_tuples=True, batch_size=64):
        for m, f in zip(relations_of(sdoc), features_of(sdoc)):
            if m.confidence >= floor:
                mentions[rid].append(m)
                patterns[rid].append(f)
    return mentions, patterns


def evaluate(gold_path: str | Path, min_confidence: float | None = None) -> Report:
    """Extract from every record of a gold file and score (``kg eval``).

    ``min_confidence`` defaults to the extraction default (what ``kg extract`` prints).
    """
    records = read_gold(gold_path)
    mentions, patterns = extract_records(records, min_confidence=min_confidence)
    return score(records, mentions, patterns, gold=str(gold_path))


def fit_rates(reports: Sequence[Report]) -> dict:
    """The confidence model fitted on all reports together (pooled): base rates and factors.

    The base rate of a pattern is its smoothed precision; the factor of a feature is the
    smoothed precision of the mentions that have it divided by the overall precision. Counts
    are shrunk toward the overall precision (a pattern seen a few times stays near it).
    """
    from kg.nlp.tables import confidence_model

    counted = [j for rep in reports for j in rep.judged if j.verdict != "ignored" and j.features]
    overall = (sum(j.verdict == "tp" for j in counted) + 1) / (len(counted) + 2)
    pooled: dict[str, list[int]] = {}
    feats: dict[str, list[int]] = {}
    for j in counted:
        for table, keys in ((pooled, j.features[:1]), (feats, j.features[1:])):
            for key in keys:
                acc = table.setdefault(key, [0, 0])
                acc[0] += j.verdict == "tp"
                acc[1] += 1
    k = 20.0  # a pattern / feature seen a few times stays near the overall rate
    model = dict(confidence_model())
    model["base"] = {p: round((tp + k * overall) / (n + k), 3) for p, (tp, n) in sorted(pooled.items())}
    model["default"] = round(overall, 3)
    model["factors"] = {f: round(((tp + k * overall) / (n + k)) / overall, 3) for f, (tp, n) in sorted(feats.items())}
    model["measured_on"] = [rep.gold.rsplit("/", 1)[-1] for rep in reports]
    return model


def write_rates(reports: Sequence[Report], path: str | Path) -> dict:
    """Fit the confidence model on ``reports`` (pooled) and write it to ``path`` (JSON).

    Nothing is written into the installed package: the shipped model is refitted in a source
    checkout with ``python tools/refit_confidence.py``; a user's file is given to the
    ``kg_relations`` component as its ``confidence`` setting.
    """
    from kg.nlp.tables import confidence_model

    model = fit_rates(reports)
    target = Path(path)
    try:
        target.write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")
    except OSError as err:
        raise InputError(f"{target}: cannot write the confidence model ({err})") from None
    confidence_model.cache_clear()
    return model


def _fmt_rel(g: GoldRelation) -> str:
    flags = "".join([" negated" if g.negated else "", " hedged" if g.hedged else ""])
    return (
        f"{g.source_names[0] if g.source_names else '?'} -> "
        f"{g.target_names[0] if g.target_names else '?'} ({g.polarity}{flags})"
    )


def _fmt_mention(m: RelationMention) -> str:
    neg = " NEGATED" if m.negated else ""
    s, o = labels(m)
    return f"{s} -{m.predicate}-> {o} ({m.polarity}{neg}, {m.confidence:.2f})"


def format_text(rep: Report, show_errors: int = 10, calibration: bool = False) -> str:
    """The human-readable report of ``kg eval``: scores, precision per confidence bucket, errors."""
    lines = [
        f"gold: {rep.gold}   records: {rep.records}",
        f"{'':12} {'P':>6} {'R':>6} {'F1':>6}   {'tp/mentions':>12} {'found/gold':>11}",
    ]
    for pol, s in rep.scores().items():
        # a rate over nothing is no figure: "-" rather than a 0.000 that reads as a failure
        p = f"{s['precision']:6.3f}" if s["mentions"] else f"{'-':>6}"
        r = f"{s['recall']:6.3f}" if s["gold"] else f"{'-':>6}"
        f = f"{s['f1']:6.3f}" if s["mentions"] and s["gold"] else f"{'-':>6}"
        lines.append(f"{pol:12} {p} {r} {f}   {s['tp']:>5}/{s['mentions']:<6} {s['found']:>5}/{s['gold']:<5}")
    ignored = sum(j.verdict == "ignored" for j in rep.judged)
    lines.append(f"(mentions ignored: {ignored}: neither actor among the gold actors, or a neutral pair)")
    lines.append("precision by confidence (counted mentions):")
    for row in rep.calibration():
        p = "-" if row["precision"] is None else f"{row['precision']:.3f}"
        lines.append(f"  {row['bucket']:12} {row['mentions']:>5}  precision {p}")
    if calibration:
        lines.append("precision by pattern (smoothed rate = (tp+1)/(n+2)):")
        for pat, row in rep.pattern_rates().items():
            lines.append(f"  {pat:12} {row['tp']:>4}/{row['mentions']:<4} rate {row['rate']:.3f}")
    if show_errors:
        lines.append("")
        lines.append(f"misses ({len(rep.misses)}; first {show_errors}):")
        for miss in rep.misses[:show_errors]:
            lines.append(f"  [{miss.record}] {_fmt_rel(miss.relation)}  | {miss.text[:160]}")
        false = [j for j in rep.judged if j.verdict == "false"]
        lines.append(f"false hits ({len(false)}; first {show_errors}):")
        for j in false[:show_errors]:
            lines.append(f"  [{j.record}] {_fmt_mention(j.mention)} <{j.pattern}>  | {j.mention.sentence[:160]}")
    return "\n".join(lines)


def format_json(rep: Report, show_errors: int = 10) -> dict:
    """The machine-readable report of ``kg eval --format json``."""
    return {
        "gold": rep.gold,
        "records": rep.records,
        "scores": rep.scores(),
        "calibration": rep.calibration(),
        "patterns": rep.pattern_rates(),
        "misses": [{"record": m.record, "relation": _fmt_rel(m.relation)} for m in rep.misses[:show_errors]],
        "false_hits": [
            {"record": j.record, "mention": j.mention.to_json()} for j in rep.judged if j.verdict == "false"
        ][:show_errors],
    }


def evaluate_files(
    paths: Sequence[str | Path],
    *,
    show_errors: int = 10,
    as_json: bool = False,
    calibration: bool = False,
    write: str | Path | None = None,
    min_confidence: float | None = None,
) -> tuple[list[Report], str]:
    """Evaluate each gold file; the printed report (text or JSON); optionally fit and write the
    confidence model to the file ``write`` (fitted on all files together, on all mentions: no
    confidence floor)."""
    if write is not None:
        write_rates([evaluate(p, min_confidence=0.0) for p in paths], write)
    reports = [evaluate(p, min_confidence=min_confidence) for p in paths]
    if as_json:
        return reports, json.dumps([format_json(r, show_errors) for r in reports], indent=2)
    return reports, "\n\n".join(format_text(r, show_errors, calibration) for r in reports)
