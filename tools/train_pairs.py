"""Train the pair classifier (``kg_pairs``) on gold files and report its cross-validated figures.

    .venv/bin/python tools/train_pairs.py GOLD.jsonl... [--out kg/nlp/data/pairs.json]

One command retrains after the rules or the actors change. What it does:

1. runs the pipeline up to ``kg_relations`` over every record and labels each candidate
   actor pair with the scoring rules of ``kg eval`` (:mod:`kg.nlp.learned.dataset`);
2. **nested cross-validation** -- the figures it reports: records are grouped by source
   article (a record's ``source_id``, else its ``category`` -- PETRARCH's variants of one
   sentence --, else its id) and the groups of each file dealt into K folds; for each
   outer fold the regularisation and the thresholds (adding, dropping) are chosen by an
   inner cross-validation on the other folds only, a model is fitted on them and applied to the
   held-out fold. The held-out outputs of all folds are scored with ``kg eval``'s rules, per
   file and polarity, next to the rules alone; repeated with R shufflings (mean +- sd);
3. chooses the regularisation and thresholds by the same cross-validation on all records,
   fits the final model on all of them and writes it (weights, thresholds, and the nested
   figures as its report) to ``--out``.

The choice maximises the mean F1 gain over the gold files (each file weighs the same) among
the choices where no file loses more than ``--tolerance`` F1 nor more than
``--precision-drop`` precision; changing nothing (the rules alone) is always a choice and
wins ties. When it wins, the model written is the best choice without those limits (for
users who switch it on), and its report says so. Nothing is ever scored on the data its
model was fitted on.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.nlp.eval import POLARITIES, prf, read_gold, score  # noqa: E402
from kg.nlp.learned.dataset import RecordPairs, build, outcome  # noqa: E402
from kg.nlp.learned.fit import fit_model  # noqa: E402
from kg.nlp.learned.model import HEADS, MODEL_FILE  # noqa: E402

L2_GRID = (1.0, 2.0, 4.0)
ADD_GRID = (0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)  # from kg extract's floor (MIN_CONFIDENCE) up
#: Dropping rule mentions measured no gain on main's rules (Dec 2026: the few it dropped were
#: true): off unless asked for (``--drop 0.1 0.2``).
DROP_GRID: tuple[float, ...] = ()

#: a record: (file name, index in that file's list)
Key = tuple[str, int]
#: the thresholds (add, drop); None switches either off, (None, None) is the rules alone
Choice = tuple[float | None, float | None]
RULES_ALONE: Choice = (None, None)


def choices(add_grid: Sequence[float], drop_grid: Sequence[float]) -> list[Choice]:
    """Every (add, drop) pair of the grids, either off, but not both."""
    return [(a, d) for a in (None, *add_grid) for d in (None, *drop_grid) if (a, d) != RULES_ALONE]


def groups_of(path: Path) -> list[str]:
    """Each record's cross-validation group: ``source_id``, else ``category``, else its id."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            out.append(str(rec.get("source_id") or rec.get("category") or rec["id"]))
    return out


def load(paths: Sequence[Path], cache: Path | None = None) -> dict[str, list[RecordPairs]]:
    """Labelled candidate pairs of every gold file, by file name (the model's parses read from
    ``cache`` when it holds them)."""
    from kg.nlp.pipeline import load_pipeline

    nlp = load_pipeline()
    run = None if cache is None else cached_run(nlp, cache)
    return {p.name: build(nlp, read_gold(p), groups_of(p), run=run) for p in paths}


def cached_run(nlp, cache: Path):
    """A ``run`` for :func:`build`: the statistical model's parses of a list of texts are kept in
    ``cache`` (a DocBin per list, named by a hash of the texts, the model and its tokenizer), and
    ``kg_actors`` / ``kg_relations`` run afresh on them, so retraining after a rule change
    parses nothing again."""
    import hashlib

    from spacy.tokens import DocBin

    mine = [n for n in nlp.pipe_names if n.startswith("kg_")]
    rules = [nlp.get_pipe(n) for n in mine if n != "kg_pairs"]

    def run(texts: Sequence[str]) -> list:
        h = hashlib.sha256(f"{nlp.meta.get('name')} {nlp.meta.get('version')}".encode())
        h.update(nlp.tokenizer.to_bytes(exclude=["vocab"]))
        for text in texts:
            h.update(text.encode("utf-8") + b"\0")
        path = cache / f"{h.hexdigest()[:24]}.spacy"
        if path.is_file():
            docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        else:
            with nlp.select_pipes(disable=mine):
                docs = list(nlp.pipe(texts, batch_size=64))
            cache.mkdir(parents=True, exist_ok=True)
            DocBin(docs=docs).to_disk(path)
        for proc in rules:
            docs = [proc(doc) for doc in docs]
        return docs

    return run


def deal(data: dict[str, list[RecordPairs]], keys: Sequence[Key], k: int, seed: int) -> dict[Key, int]:
    """Fold of each record: the groups of each file shuffled and dealt round-robin into ``k`` folds."""
    rng = random.Random(seed)
    fold_of_group: dict[tuple[str, str], int] = {}
    for name in sorted({n for n, _ in keys}):
        groups = sorted({data[name][i].group for n, i in keys if n == name})
        rng.shuffle(groups)
        for j, g in enumerate(groups):
            fold_of_group[(name, g)] = j % k
    return {key: fold_of_group[(key[0], data[key[0]][key[1]].group)] for key in keys}


def fit_on(data, keys: Sequence[Key], l2: float, choice: Choice = (0.5, None)):
    rows, labels = [], []
    for n, i in keys:
        for ex in data[n][i].pairs:
            rows.append(ex.features)
            labels.append(ex.labels)
    return fit_model(rows, labels, l2=l2, add=choice[0], drop=choice[1])


def probabilities(data, model, keys: Sequence[Key]) -> dict[Key, list[dict[str, float]]]:
    return {(n, i): [model.probabilities(ex.features) for ex in data[n][i].pairs] for n, i in keys}


def scored(data, probs: dict[Key, list], keys: Sequence[Key], choice: Choice) -> dict[str, dict]:
    """``kg eval`` scores per file of the records ``keys`` with the classifier at ``choice``
    (:data:`RULES_ALONE`: the rules alone), plus the precision of the added mentions alone."""
    out = {}
    for name in sorted({n for n, _ in keys}):
        mine = [(n, i) for n, i in keys if n == name]
        records = [data[n][i].record for n, i in mine]
        mentions, patterns = {}, {}
        for n, i in mine:
            rp = data[n][i]
            # a record no model saw held out (a fold too small to train on) keeps the rules' output
            ms = outcome(rp, probs.get((n, i), []), choice[0] if (n, i) in probs else None, drop=choice[1])
            mentions[rp.record.id] = ms
            rules = {id(m) for m in rp.mentions}
            patterns[rp.record.id] = [["rules" if id(m) in rules else "learned"] for m in ms]
        rep = score(records, mentions, patterns)
        res = rep.scores()
        res["added"] = rep.pattern_rates().get("learned", {"mentions": 0, "tp": 0})
        out[name] = res
    return out


@dataclass(frozen=True)
class Limits:
    """What a choice may cost any one file: F1 and precision (absolute)."""

    f1: float = 0.01
    precision: float = 0.01

    def __str__(self) -> str:
        return f"no file losing more than {self.f1} F1 or {self.precision} precision"


def objective(s: dict[str, dict], base: dict[str, dict], limits: Limits) -> float | None:
    """Mean F1 gain over the files, or None when a file loses more than ``limits`` allow."""
    gains = [s[name]["overall"]["f1"] - base[name]["overall"]["f1"] for name in s]
    drops = [base[name]["overall"]["precision"] - s[name]["overall"]["precision"] for name in s]
    if min(gains) < -limits.f1 or max(drops) > limits.precision:
        return None
    return statistics.mean(gains)


def choose(
    data, keys: Sequence[Key], k: int, seed: int, l2_grid, grid: Sequence[Choice], limits: Limits
) -> tuple[float, Choice, float, tuple[float, Choice, float]]:
    """(l2, choice, mean F1 gain) best by cross-validation on ``keys`` among the choices within
    ``limits`` (the rules alone: gain 0, always allowed), and the best one without limits."""
    fold = deal(data, keys, k, seed)
    base = scored(data, {}, keys, RULES_ALONE)
    best: tuple[float, Choice, float] = (0.0, RULES_ALONE, 0.0)
    free: tuple[float, Choice, float] = (0.0, RULES_ALONE, -1.0)
    for l2 in l2_grid:
        probs: dict[Key, list] = {}
        for f in range(k):
            train = [key for key in keys if fold[key] != f]
            test = [key for key in keys if fold[key] == f]
            if not train or not test:
                continue
            probs.update(probabilities(data, fit_on(data, train, l2), test))
        for choice in grid:
            value = objective(scored(data, probs, keys, choice), base, limits)
            if value is not None and value > best[2] + 1e-9:
                best = (l2, choice, value)
            value = objective(scored(data, probs, keys, choice), base, Limits(1.0, 1.0))
            if value is not None and value > free[2] + 1e-9:
                free = (l2, choice, value)
    return (*best, free)


def nested(data, keys: Sequence[Key], k: int, repeats: int, l2_grid, grid, limits: Limits, log) -> dict:
    """Nested cross-validated scores: per repeat, the held-out outputs of all outer folds, scored."""
    runs, chosen = [], []
    learned_c: list[dict[Key, tuple[int, int, int, int]]] = []  # per repeat, per record
    for r in range(repeats):
        fold = deal(data, keys, k, 1000 + r)
        probs: dict[Key, list] = {}
        picked: dict[Key, Choice] = {}
        for f in range(k):
            train = [key for key in keys if fold[key] != f]
            test = [key for key in keys if fold[key] == f]
            l2, choice, *_ = choose(data, train, max(2, k - 1), 2000 + 10 * r + f, l2_grid, grid, limits)
            chosen.append({"repeat": r, "fold": f, "l2": l2, "add": choice[0], "drop": choice[1]})
            log(f"repeat {r + 1}/{repeats} fold {f + 1}/{k}: chose l2={l2} add={choice[0]} drop={choice[1]}")
            if choice != RULES_ALONE:
                probs.update(probabilities(data, fit_on(data, train, l2, choice), test))
            picked.update({key: choice for key in test})
        per_file: dict[str, dict] = {}
        # each held-out fold at the thresholds chosen for it, then pooled per file
        for choice in sorted(set(picked.values()), key=lambda c: tuple(-1 if x is None else x for x in c)):
            part = [key for key in keys if picked[key] == choice]
            for name, s in scored(data, probs, part, choice).items():
                per_file.setdefault(name, []).append(s)
        runs.append({name: pool(parts) for name, parts in per_file.items()})
        learned_c.append({key: counts(data, probs, key, picked[key]) for key in keys})
    rules_c = {key: counts(data, {}, key, RULES_ALONE) for key in keys}
    return {"runs": runs, "chosen": chosen, "bootstrap": bootstrap(data, keys, rules_c, learned_c)}


def counts(data, probs: dict[Key, list], key: Key, choice: Choice) -> tuple[int, int, int, int]:
    """(true hits, counted mentions, gold found, gold) of one record's output."""
    rp = data[key[0]][key[1]]
    ms = outcome(rp, probs.get(key, []), choice[0], drop=choice[1])
    o = score([rp.record], {rp.record.id: ms}).scores()["overall"]
    return o["tp"], o["mentions"], o["found"], o["gold"]


def _pf(c) -> tuple[float, float]:
    s = prf(*c)
    return s["precision"], s["f1"]


def bootstrap(
    data, keys: Sequence[Key], rules_c: dict, learned_c: list[dict], n: int = 2000, seed: int = 0
) -> dict[str, dict]:
    """90% intervals of the change in precision and F1 per file (mean over the repeats'
    held-out outputs), resampling source articles (the cross-validation groups) with
    replacement: the noise a change must beat."""
    rng = random.Random(seed)
    out = {}
    for name in sorted({k[0] for k in keys}):
        by_group: dict[str, list[Key]] = {}
        for key in keys:
            if key[0] == name:
                by_group.setdefault(data[name][key[1]].group, []).append(key)
        groups = sorted(by_group)
        d_p, d_f = [], []
        for _ in range(n):
            pick = [k for g in rng.choices(groups, k=len(groups)) for k in by_group[g]]
            base = _pf([sum(rules_c[k][j] for k in pick) for j in range(4)])
            new = [_pf([sum(run[k][j] for k in pick) for j in range(4)]) for run in learned_c]
            d_p.append(statistics.mean(x[0] for x in new) - base[0])
            d_f.append(statistics.mean(x[1] for x in new) - base[1])
        d_p.sort()
        d_f.sort()
        lo, hi = int(0.05 * n), int(0.95 * n) - 1
        out[name] = {"dP": [round(d_p[lo], 4), round(d_p[hi], 4)], "dF1": [round(d_f[lo], 4), round(d_f[hi], 4)]}
    return out


def pool(parts: list[dict]) -> dict:
    """Pool the counts of several scorings of disjoint records into one scoring."""
    out = {}
    for pol in (*POLARITIES, "overall"):
        out[pol] = prf(*(sum(p[pol][k] for p in parts) for k in ("tp", "mentions", "found", "gold")))
    out["added"] = {"mentions": sum(p["added"]["mentions"] for p in parts), "tp": sum(p["added"]["tp"] for p in parts)}
    return out


def summary(rules: dict, result: dict) -> dict:
    """Per file and polarity: rules alone, rules + classifier (mean and sd over repeats)."""
    out = {}
    for name, base in rules.items():
        row = {}
        for pol in (*POLARITIES, "overall"):
            vals = {m: [run[name][pol][m] for run in result["runs"]] for m in ("precision", "recall", "f1")}
            row[pol] = {
                "rules": {m: base[pol][m] for m in ("precision", "recall", "f1")},
                "learned": {m: round(statistics.mean(v), 4) for m, v in vals.items()},
                "f1_sd": round(statistics.pstdev(vals["f1"]), 4),
            }
        added = [run[name]["added"] for run in result["runs"]]
        row["added"] = {
            "mentions": round(statistics.mean(a["mentions"] for a in added), 1),
            "tp": round(statistics.mean(a["tp"] for a in added), 1),
        }
        # counted rule mentions dropped = rules' + added - with the classifier (true hits alike)
        totals = [(run[name]["overall"], run[name]["added"]) for run in result["runs"]]
        row["dropped"] = {
            k: round(statistics.mean(base["overall"][k] + a[k] - o[k] for o, a in totals), 1)
            for k in ("mentions", "tp")
        }
        out[name] = row
    return out


def format_summary(s: dict, folds: int, repeats: int) -> str:
    lines = [
        f"nested cross-validation: {folds} folds grouped by source article, {repeats} repeats "
        "(mean; sd of F1 over repeats)",
        f"{'file':22} {'polarity':12} {'rules P/R/F1':>20}   {'rules+learned P/R/F1':>22}  {'dF1':>6}",
    ]
    for name, row in s.items():
        for pol in (*POLARITIES, "overall"):
            r, m = row[pol]["rules"], row[pol]["learned"]
            lines.append(
                f"{name:22} {pol:12} {r['precision']:.3f}/{r['recall']:.3f}/{r['f1']:.3f}   "
                f"{m['precision']:.3f}/{m['recall']:.3f}/{m['f1']:.3f} +-{row[pol]['f1_sd']:.3f}  "
                f"{m['f1'] - r['f1']:+.3f}"
            )
        a = row["added"]
        d = row["dropped"]
        lines.append(
            f"{name:22} per run: added {a['mentions']} mentions ({a['tp']} true), "
            f"dropped {d['mentions']} rule mentions ({d['tp']} true)"
        )
    return "\n".join(lines)


def top_features(model, n: int = 12) -> dict[str, dict[str, list]]:
    out = {}
    for head in HEADS:
        w = sorted(model.weights[head].items(), key=lambda kv: kv[1])
        out[head] = {"+": [[f, v] for f, v in reversed(w[-n:])], "-": [[f, v] for f, v in w[:n]]}
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", nargs="+", type=Path, help="gold JSONL files (kg eval format)")
    ap.add_argument("--out", type=Path, default=MODEL_FILE, help="where the model is written")
    ap.add_argument("--no-write", action="store_true", help="report only, write no model")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--l2", type=float, nargs="+", default=list(L2_GRID))
    ap.add_argument("--add", type=float, nargs="+", default=list(ADD_GRID), help="adding thresholds tried")
    ap.add_argument(
        "--drop", type=float, nargs="*", default=list(DROP_GRID), help="dropping thresholds tried (none: never drop)"
    )
    ap.add_argument(
        "--tolerance", type=float, default=0.01, help="largest F1 loss on any file a choice may have (default 0.01)"
    )
    ap.add_argument(
        "--precision-drop",
        type=float,
        default=0.01,
        help="largest precision loss on any file a choice may have (default 0.01)",
    )
    ap.add_argument("--report", type=Path, help="also write the report (JSON) here")
    ap.add_argument(
        "--parse-cache",
        type=Path,
        default=Path(tempfile.gettempdir()) / "kg-train-pairs-parses",
        help="folder keeping the model's parses between runs (default: under the system's temp folder)",
    )
    ap.add_argument("--no-cache", action="store_true", help="parse afresh and keep nothing")
    args = ap.parse_args(argv)
    for p in args.gold:
        if not p.is_file():
            print(f"train_pairs: error: {p}: no such gold file", file=sys.stderr)
            return 2
    t0 = time.time()

    def log(msg: str) -> None:
        print(f"[{time.time() - t0:6.0f}s] {msg}", file=sys.stderr, flush=True)

    data = load(args.gold, None if args.no_cache else args.parse_cache)
    limits = Limits(args.tolerance, args.precision_drop)
    keys = [(n, i) for n, rps in data.items() for i in range(len(rps))]
    log(f"{len(keys)} records, {sum(len(rp.pairs) for rps in data.values() for rp in rps)} candidate pairs")
    rules = scored(data, {}, keys, RULES_ALONE)
    grid = choices(args.add, args.drop)
    result = nested(data, keys, args.folds, args.repeats, args.l2, grid, limits, log)
    s = summary(rules, result)
    print(format_summary(s, args.folds, args.repeats))
    print("90% intervals of the change (mean over repeats, articles resampled):")
    for name, iv in result["bootstrap"].items():
        print(
            f"  {name:22} dP [{iv['dP'][0]:+.3f}, {iv['dP'][1]:+.3f}]   dF1 [{iv['dF1'][0]:+.3f}, {iv['dF1'][1]:+.3f}]"
        )
    l2, choice, value, free = choose(data, keys, args.folds, 7, args.l2, grid, limits)
    print(
        f"\nchosen on all records by {args.folds}-fold cross-validation: l2={l2} add={choice[0]} drop={choice[1]} "
        f"(mean F1 gain over files {value:+.4f}, {limits})"
    )
    within = choice != RULES_ALONE
    if not within:
        l2, choice, value = free
        print(
            f"the rules alone score best within the limits; the model written is the best without them: "
            f"l2={l2} add={choice[0]} drop={choice[1]} (mean F1 gain {value:+.4f})"
        )
    report = {
        "folds": args.folds,
        "repeats": args.repeats,
        "grouping": "source_id, else category, else id",
        "objective": f"mean F1 gain over files, {limits}",
        "nested_cv": s,
        "bootstrap_90": result["bootstrap"],
        "chosen_per_fold": result["chosen"],
        "final": {"l2": l2, "add": choice[0], "drop": choice[1], "within_limits": within},
        "trained_on": [p.name for p in args.gold],
    }
    model = fit_on(data, keys, l2 or L2_GRID[0], choice)
    report["top_features"] = top_features(model)
    if args.report:
        args.report.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    if not args.no_write:
        doc = {
            "note": "Pair classifier of kg_pairs, written by tools/train_pairs.py; do not edit by hand.",
            **model.to_json(),
            "report": {
                k: report[k]
                for k in (
                    "trained_on",
                    "folds",
                    "repeats",
                    "grouping",
                    "objective",
                    "final",
                    "nested_cv",
                    "bootstrap_90",
                )
            },
        }
        args.out.write_text(json.dumps(doc, indent=1, sort_keys=False) + "\n", encoding="utf-8")
        log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
