"""One home for every kg IRI: the namespace module (and the Turtle files) type the kg namespace out, nothing else."""

from __future__ import annotations

import subprocess
from pathlib import Path

from kg.rdf.iris import actor_id, mint, pair_iri, pair_parts, parse_iri
from kg.rdf.namespace import ID_BASE, KG, KG_NS, PREFIXES, compact, sparql_prefixes

ROOT = Path(__file__).resolve().parents[2]
HOME = "kg/rdf/namespace.py"
#: Files of other owners that still type the namespace out; each must be fixed by its owner and then
#: removed from here (the test fails if one is listed that no longer needs it).
PENDING: dict[str, str] = {}


def _tracked_files_typing_the_namespace() -> set[str]:
    done = subprocess.run(
        ["git", "grep", "-l", "-F", KG_NS, "--", ".", ":!*.ttl", ":!*.md"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode in (0, 1), done.stderr
    return set(done.stdout.split())


def test_no_hand_typed_kg_namespace_outside_its_home():
    found = _tracked_files_typing_the_namespace() - {HOME, "tests/rdf/test_namespace.py"}
    assert found - set(PENDING) == set(), "type kg IRIs through kg.rdf.namespace, not by hand"
    assert set(PENDING) - found == set(), "fixed: remove it from PENDING"


def test_the_grep_would_see_a_hand_typed_namespace(tmp_path):
    # the check above is only worth something if git grep finds the string where it is
    assert HOME in _tracked_files_typing_the_namespace()


def test_mint_and_parse_are_inverse():
    for kind, key in (("actor", "iran"), ("graph", "tallies"), ("pair", "iran/usa/conflict")):
        assert parse_iri(mint(kind, key)) == (kind, key)
    assert actor_id(mint("actor", "shia-militias")) == "shia-militias"
    assert pair_parts(pair_iri("iran", "shia-militias", "cooperation")) == ("iran", "shia-militias", "cooperation")
    for bad in ("http://example.org/actor/iran", ID_BASE + "planet/mars", ID_BASE + "actor/"):
        try:
            parse_iri(bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad} parsed")


def test_prefixes_compact_and_declare_the_same_namespaces():
    assert compact(str(KG.supports)) == "kg:supports"
    assert compact(str(mint("actor", "iran"))) == "actor:iran"
    assert sparql_prefixes(("kg",)) == f"PREFIX kg: <{KG_NS}>\n"
    assert PREFIXES["actor"] == str(mint("actor", "x"))[:-1]
