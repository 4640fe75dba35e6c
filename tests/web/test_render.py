"""The actor network built with networkx: weighted degree, PageRank and the file formats."""

from __future__ import annotations

import io

import networkx as nx
import pytest

from detente.web.render import GraphFormat, graph_nodes, graph_text, network_graph

EDGES = [  # everyone acts on CHN; CHN acts on RUS only
    {"source": "RUS", "target": "CHN", "events": 4, "goldstein_mean": 3.5, "cooperation": 4},
    {"source": "USA", "target": "CHN", "events": 2, "goldstein_mean": -2.0, "conflict": 2},
    {"source": "JPN", "target": "CHN", "events": 1, "goldstein_mean": None},
    {"source": "CHN", "target": "RUS", "events": 3, "goldstein_mean": 1.0, "cooperation": 3},
]


def test_centrality() -> None:
    nodes = {n["id"]: n for n in graph_nodes(EDGES)}
    assert {k: n["events"] for k, n in nodes.items()} == {"CHN": 10, "RUS": 7, "USA": 2, "JPN": 1}
    ranked = sorted(nodes, key=lambda k: -nodes[k]["pagerank"])
    assert ranked[:2] == ["CHN", "RUS"]  # CHN is acted on most; RUS gets all CHN passes on
    assert nodes["USA"]["pagerank"] == pytest.approx(nodes["JPN"]["pagerank"])  # no one acts on them
    assert graph_nodes([]) == []


def _read(text: str, fmt: GraphFormat) -> nx.Graph:
    if fmt == "gml":
        return nx.parse_gml(text)
    reader = nx.read_gexf if fmt == "gexf" else nx.read_graphml
    return reader(io.BytesIO(text.encode("utf-8")))


@pytest.mark.parametrize("fmt", ["gexf", "graphml", "gml"])
def test_formats_round_trip(fmt: GraphFormat) -> None:
    back = _read(graph_text(EDGES, fmt), fmt)
    assert isinstance(back, nx.DiGraph)
    original = network_graph(EDGES)
    assert sorted(back.edges(data="weight")) == sorted(original.edges(data="weight"))
    assert float(back["USA"]["CHN"]["goldstein_mean"]) == -2.0
    assert float(back["JPN"]["CHN"]["goldstein_mean"]) == 0.0  # no mean: 0, not missing
    assert float(back.nodes["CHN"]["pagerank"]) == original.nodes["CHN"]["pagerank"]
