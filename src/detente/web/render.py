"""Pure helpers for the explorer: offset highlighting, CSV, the actor network
(networkx: centrality and the GEXF, GraphML and GML writers).

Highlighting escapes every piece of text itself and only then joins the pieces
with the markup it adds, so nothing from an article can become HTML.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlencode

import networkx as nx
from markupsafe import Markup, escape

from detente.export.formats import FLAT_COLUMNS, flat_row
from detente.records import Event

QUAD_NAMES = {
    0: "none",
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


@dataclass(frozen=True, slots=True)
class Mark:
    """A span to highlight: offsets relative to the text being shown."""

    start: int
    end: int
    kind: str  # actor | recipient | trigger
    href: str = ""
    title: str = ""


def _clean(marks: Iterable[Mark], length: int) -> list[Mark]:
    """Marks inside the text, sorted, overlaps dropped (earlier and longer win)."""
    kept: list[Mark] = []
    for mark in sorted(marks, key=lambda m: (m.start, -(m.end - m.start))):
        if mark.start < 0 or mark.end > length or mark.end <= mark.start:
            continue
        if kept and mark.start < kept[-1].end:
            continue
        kept.append(mark)
    return kept


def highlight(text: str, marks: Iterable[Mark]) -> Markup:
    """`text` as HTML with each mark wrapped in a <mark> (or <a>); every piece escaped."""
    out: list[Markup] = []
    pos = 0
    for mark in _clean(marks, len(text)):
        out.append(escape(text[pos : mark.start]))
        inner = escape(text[mark.start : mark.end])
        title = Markup(' title="{}"').format(mark.title) if mark.title else Markup("")
        if mark.href:
            out.append(
                Markup('<a class="hl hl-{}" href="{}"{}>{}</a>').format(
                    mark.kind, mark.href, title, inner
                )
            )
        else:
            out.append(Markup('<mark class="hl hl-{}"{}>{}</mark>').format(mark.kind, title, inner))
        pos = mark.end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def event_marks(row: dict[str, Any], *, base: int) -> list[Mark]:
    """Actor, recipient and trigger spans of an event row, shifted by `base`."""
    marks = [
        Mark(a["start"] - base, a["end"] - base, role, title=f"{role}: {a['code']}")
        for role in ("actor", "recipient")
        for a in row.get(role, [])
        if a.get("start", -1) >= 0
    ]
    if row.get("trigger_start", -1) >= 0:
        marks.append(
            Mark(
                row["trigger_start"] - base,
                row["trigger_end"] - base,
                "trigger",
                title=f"{row['event']} {row['mode']}".strip(),
            )
        )
    return marks


def sentence_html(row: dict[str, Any]) -> Markup:
    """The event's sentence with actor, recipient and trigger highlighted."""
    return highlight(row["sentence"], event_marks(row, base=row["sent_start"]))


def article_html(text: str, events: Sequence[dict[str, Any]], *, prefix: str = "") -> Markup:
    """An article's text with each event's trigger linking to it and its actors marked."""
    marks: list[Mark] = []
    for row in events:
        if row.get("sentence_index", 0) < 0:
            continue  # a headline event: its offsets index the title
        for mark in event_marks(row, base=0):
            if mark.kind == "trigger":
                mark = Mark(
                    mark.start,
                    mark.end,
                    f"trigger modality-{row['modality']}",
                    href=f"{prefix}/event/{row['id']}",
                    title=f"{row['event']} ({row['modality']})",
                )
            marks.append(mark)
    return highlight(text, marks)


def codes(actors: Sequence[dict[str, Any]]) -> str:
    return ", ".join(dict.fromkeys(a["code"] for a in actors if a.get("code"))) or "—"


def query_string(params: dict[str, Any], **changes: Any) -> str:
    """`?k=v&...` of `params` updated by `changes`; empty values are left out."""
    merged = {**params, **changes}
    kept = {k: v for k, v in merged.items() if v not in (None, "")}
    return ("?" + urlencode(kept)) if kept else ""


def to_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue()


def events_csv(events: Iterable[Event]) -> str:
    """Events in the flat CSV of `detente export --format csv`."""
    return to_csv((flat_row(event) for event in events), FLAT_COLUMNS)


# -- graphs -------------------------------------------------------------------

EDGE_COLUMNS = ("source", "target", "events", "goldstein_mean", "cooperation", "conflict")
GraphFormat = Literal["gexf", "graphml", "gml"]
# what the network page sizes nodes by: a node attribute and how the page names it
SIZE_BY = "pagerank"
SIZE_BY_LABEL = "PageRank (weighted by events)"


def network_graph(edges: Sequence[dict[str, Any]]) -> nx.DiGraph:
    """Actors as nodes, directed dyads as edges whose `weight` is their number of events.

    Each node carries `events` (its weighted degree: events on its edges, both ways)
    and `pagerank` (PageRank over the event-weighted edges).
    """
    graph = nx.DiGraph()
    for edge in edges:
        graph.add_edge(
            str(edge["source"]),
            str(edge["target"]),
            weight=int(edge["events"]),
            goldstein_mean=round(float(edge["goldstein_mean"] or 0), 3),
            cooperation=int(edge.get("cooperation") or 0),
            conflict=int(edge.get("conflict") or 0),
        )
    if graph:
        ranks = nx.pagerank(graph, weight="weight")
        for node, events in graph.degree(weight="weight"):
            graph.nodes[node].update(events=int(events), pagerank=round(ranks[node], 6))
    return graph


def graph_nodes(edges: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The nodes of `network_graph`, by id, with their attributes."""
    graph = network_graph(edges)
    return [{"id": node, **graph.nodes[node]} for node in sorted(graph)]


def graph_text(edges: Sequence[dict[str, Any]], fmt: GraphFormat) -> str:
    """The network in GEXF 1.3 (Gephi), GraphML or GML, by networkx's writers."""
    graph = network_graph(edges)
    if fmt == "gexf":
        lines = nx.generate_gexf(graph, version="1.3")
    elif fmt == "graphml":
        lines = nx.generate_graphml(graph)
    else:
        lines = nx.generate_gml(graph)
    return "\n".join(lines) + "\n"


def goldstein_colour(value: float | None) -> str:
    """Red (conflict) through grey (0) to green (cooperation), as #rrggbb; saturates at ±6."""
    v = max(-6.0, min(6.0, float(value or 0.0))) / 6.0
    grey = (150, 150, 150)
    end = (26, 152, 80) if v >= 0 else (215, 48, 39)
    rgb = [round(g + (e - g) * abs(v)) for g, e in zip(grey, end, strict=True)]
    return "#{:02x}{:02x}{:02x}".format(*rgb)
