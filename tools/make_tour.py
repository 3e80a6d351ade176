"""Write notebooks/tour.ipynb (without outputs) from the cells below.

The notebook is generated so its source stays reviewable as plain Python;
run `python tools/make_tour.py` after editing a cell.
"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

CELLS = [
    ("md", """# A tour of kg

`kg` reads news articles, finds **who backs whom and who fights whom**, stores it as
RDF, and analyses the signed alliance / rivalry graph. This tour builds the graph
from the shipped `seeds/`, looks at the evidence, asks SPARQL questions, analyses
the camps, and shows the interactive page — all offline, on your machine."""),
    ("code", """from pathlib import Path

import pandas as pd

# The notebook runs from notebooks/ (Jupyter) or from the repo root (VS Code, CI).
ROOT = next(p for p in (Path.cwd(), *Path.cwd().parents) if (p / "seeds").is_dir())
SEEDS = ROOT / "seeds"
sorted(p.name for p in SEEDS.iterdir())"""),
    ("md", """## 1. Build the graph

`open_store("memory")` keeps the graph in memory; give a directory instead
(`open_store("kg-store")`) for an on-disk Oxigraph store that later builds add to."""),
    ("code", """from kg.ingest import build
from kg.store import open_store

store = open_store("memory")
report = build([SEEDS], store, progress=False)
print(report)
print(store.stats())"""),
    ("md", """## 2. The relation mentions and their evidence

Each mention is one statement read from one sentence, with its polarity, hedging,
negation and a confidence."""),
    ("code", """from kg.documents import read_documents
from kg.nlp.pipeline import extract_documents

docs = [d for d in read_documents([SEEDS / "vox-us-iran-tacit-cooperation.txt"]) if not isinstance(d, Exception)]
rows = [
    {"subject": m.subject.label, "predicate": m.predicate, "object": m.object.label,
     "polarity": m.polarity, "negated": m.negated, "hedged": m.hedged,
     "confidence": round(m.confidence, 2), "evidence": m.sentence}
    for _, mentions in extract_documents(docs) for m in mentions
]
mentions = pd.DataFrame(rows)
pd.set_option("display.max_colwidth", 90)
mentions"""),
    ("md", """## 3. SPARQL

Named queries live in `kg/queries/*.rq`; their parameters are bound as values,
never pasted into the query text. Raw SPARQL works too."""),
    ("code", """from kg.queries import format_result, named_queries, run_query

for name, q in sorted(named_queries().items()):
    print(f"{name:20} {q.description}")"""),
    ("code", """result, notes = run_query(store, "allies-of", {"actor": "Iran"})
print(format_result(result, "table"))"""),
    ("code", """# Who supports whom: raw SPARQL over the direct triples. The graph is the union of
# one graph per document, so a fact stated by several documents comes back once per
# document: say DISTINCT. The kg:, rdfs:, actor: … prefixes are predefined.
result, notes = run_query(store, '''
SELECT DISTINCT ?backer ?backed WHERE {
  ?a kg:supports ?b . ?a rdfs:label ?backer . ?b rdfs:label ?backed .
} ORDER BY ?backer ?backed''')
print(format_result(result, "table"))"""),
    ("code", """result, notes = run_query(store, "evidence-for", {"actor": "United States", "other": "Iran"})
print(format_result(result, "table"))"""),
    ("md", """## 4. Analysis: camps, balance, enemy of my enemy, brokers"""),
    ("code", """from kg.analysis import analyze, signed_graph

a = analyze(store)
for group in a["camps"]["groups"]:  # camps per connected group of actors, as many as the evidence needs
    for camp in group["camps"]:
        print(f"camp {camp['id']} ({camp['lead']}):", ", ".join(camp["members"]))
    for x in group["apart"]:
        print(f"  {x['actor']} stands apart, against", ", ".join(x["against"]))
print("two-camp frustration index:", a["balance"]["frustration"]["index"])"""),
    ("code", """print(a["balance"]["counts"])  # triads by sign pattern
pd.DataFrame(a["balance"]["unbalanced"])  # strong: Heider's rule; weak: Davis's weak balance"""),
    ("code", """for item in a["enemy_of_my_enemy"]:
    print(item["summary"])
for item in a["predictions"][:5]:  # unlinked pairs with a shared enemy or friend: predictions, not data
    print(item["summary"])
for item in a["contested"]:  # asserted by some sources, denied or only claimed by others
    print(item["summary"])"""),
    ("code", """print("brokers (actors with ties into more than one camp):", a["brokers"] or "none")
pd.DataFrame(a["centrality"])"""),
    ("code", """import matplotlib.pyplot as plt
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
ax.axis("off");"""),
    ("md", """## 5. The interactive page

`kg draw` writes one self-contained HTML file (no network needed). Inline, it is
shown through an `<iframe srcdoc=…>`, which renders in Jupyter and VS Code alike."""),
    ("code", """import html
import tempfile
import warnings

from IPython.display import HTML

from kg.render.draw import draw

warnings.filterwarnings("ignore", message="Consider using IPython.display.IFrame")  # srcdoc is the point
page = draw(store, Path(tempfile.mkdtemp()) / "graph.html")
HTML(f'<iframe srcdoc="{html.escape(page.read_text(encoding="utf-8"))}" '
     'style="width:100%;height:650px;border:1px solid #ccc"></iframe>')"""),
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
