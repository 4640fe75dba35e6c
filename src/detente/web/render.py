"""Pure helpers for the explorer: offset highlighting, CSV and graph exports.

Highlighting escapes every piece of text itself and only then joins the pieces
with the markup it adds, so nothing from an article can become HTML.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup, escape

from detente.export.formats import FLAT_COLUMNS, flat_row
from detente.store.query import row_to_event

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


def events_csv(rows: Iterable[dict[str, Any]]) -> str:
    """Event rows in the flat CSV of `detente export --format csv`."""
    return to_csv((flat_row(row_to_event(r)) for r in rows), FLAT_COLUMNS)


# -- graphs -------------------------------------------------------------------

EDGE_COLUMNS = ("source", "target", "events", "goldstein_mean", "cooperation", "conflict")


def graph_nodes(edges: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    totals: dict[str, int] = {}
    for edge in edges:
        for end in (edge["source"], edge["target"]):
            totals[end] = totals.get(end, 0) + int(edge["events"])
    return [{"id": code, "events": n} for code, n in sorted(totals.items())]


def goldstein_colour(value: float | None) -> str:
    """Red (conflict) through grey (0) to green (cooperation), as #rrggbb; saturates at ±6."""
    v = max(-6.0, min(6.0, float(value or 0.0))) / 6.0
    grey = (150, 150, 150)
    end = (26, 152, 80) if v >= 0 else (215, 48, 39)
    rgb = [round(g + (e - g) * abs(v)) for g, e in zip(grey, end, strict=True)]
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _xml(root: ET.Element) -> str:
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def to_gexf(edges: Sequence[dict[str, Any]]) -> str:
    """GEXF 1.3 (Gephi) with events and mean Goldstein as edge attributes."""
    ns = "http://gexf.net/1.3"
    root = ET.Element("gexf", {"xmlns": ns, "version": "1.3"})
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "creator").text = "detente"
    graph = ET.SubElement(root, "graph", {"defaultedgetype": "directed"})
    attrs = ET.SubElement(graph, "attributes", {"class": "edge"})
    for i, (name, kind) in enumerate((("events", "integer"), ("goldstein_mean", "double"))):
        ET.SubElement(attrs, "attribute", {"id": str(i), "title": name, "type": kind})
    nodes = ET.SubElement(graph, "nodes")
    for node in graph_nodes(edges):
        ET.SubElement(nodes, "node", {"id": node["id"], "label": node["id"]})
    edge_el = ET.SubElement(graph, "edges")
    for i, edge in enumerate(edges):
        el = ET.SubElement(
            edge_el,
            "edge",
            {
                "id": str(i),
                "source": edge["source"],
                "target": edge["target"],
                "weight": str(edge["events"]),
            },
        )
        values = ET.SubElement(el, "attvalues")
        ET.SubElement(values, "attvalue", {"for": "0", "value": str(edge["events"])})
        ET.SubElement(
            values, "attvalue", {"for": "1", "value": f"{float(edge['goldstein_mean'] or 0):.3f}"}
        )
    return _xml(root)


def to_graphml(edges: Sequence[dict[str, Any]]) -> str:
    """GraphML with events and mean Goldstein as edge data."""
    root = ET.Element("graphml", {"xmlns": "http://graphml.graphdrawing.org/xmlns"})
    for key, name, kind in (("d0", "events", "int"), ("d1", "goldstein_mean", "double")):
        ET.SubElement(root, "key", {"id": key, "for": "edge", "attr.name": name, "attr.type": kind})
    graph = ET.SubElement(root, "graph", {"id": "detente", "edgedefault": "directed"})
    for node in graph_nodes(edges):
        ET.SubElement(graph, "node", {"id": node["id"]})
    for edge in edges:
        el = ET.SubElement(graph, "edge", {"source": edge["source"], "target": edge["target"]})
        ET.SubElement(el, "data", {"key": "d0"}).text = str(edge["events"])
        ET.SubElement(el, "data", {"key": "d1"}).text = f"{float(edge['goldstein_mean'] or 0):.3f}"
    return _xml(root)
