"""Refit the shipped confidence model (kg/nlp/data/confidence.json) on development sets.

The model is fitted on all the given gold files together (pooled): per extraction pattern
its smoothed precision, per feature a factor (``kg.nlp.eval.fit_rates``). Run it from a source
checkout after changing the rules, then check that precision rises with the confidence
bucket on every set (``kg eval`` prints it):

    python tools/refit_confidence.py ../shared/eval/dev-*.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

SHIPPED = Path(__file__).resolve().parent.parent / "kg" / "nlp" / "data" / "confidence.json"


def main(argv: list[str]) -> int:
    from kg.nlp.eval import evaluate, write_rates

    if not argv:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    reports = [evaluate(path, min_confidence=0.0) for path in argv]
    model = write_rates(reports, SHIPPED)
    print(
        f"{SHIPPED}: {len(model['base'])} pattern rates, {len(model['factors'])} factors, "
        f"overall precision {model['default']:.3f} on {', '.join(model['measured_on'])}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
