"""The analyst's loop end to end on a real store: unknown actor -> actors add -> recode -> diff.

The articles in tests/loop/articles were written for these tests: "Ilze Dravniece"
(Latvia's prime minister), "Tomas Kerbek" (Estonia's foreign minister) and "Peter
Ajuong" (a rebel commander) are invented; the knowledge base knows none of them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from detente.actors.add import NewActor, add_actor
from detente.actors.kb import load_kb
from detente.errors import DetenteError
from detente.ingest import ingest
from detente.loop.diff import diff_runs
from detente.loop.recode import RecodeReport, recode
from detente.loop.runs import event_summary, latest_run_id, list_runs, stored_events
from detente.loop.unknown import unknown_actors
from detente.store import Store, open_store

ARTICLES = Path(__file__).parent / "articles"
NAMING_HER = {"riga-talks", "dravniece-berlin", "dravniece-kyiv"}


def snapshot(store: Store) -> dict[str, dict[str, Any]]:
    hashes = [r["hash"] for r in store.rows("SELECT hash FROM articles")]
    return {e.id: event_summary(e) for h in hashes for e in stored_events(store, h)}


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DETENTE_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def add_dravniece() -> None:
    add_actor(NewActor("Ilze Dravniece", code="LVA", sector="GOV", start="2023-09-15"))


def test_unknown_leader_added_and_recoded(home: Path, tmp_path: Path) -> None:
    with open_store(tmp_path / "loop.db") as store:
        first = ingest([ARTICLES], store=store)
        assert first.run_id == 1

        found = unknown_actors(store, kb=load_kb())
        top = found[0]
        assert (top.name, top.code, top.sector) == ("Ilze Dravniece", "LVA", "GOV")
        assert top.articles == 3 and top.count > found[1].count
        assert {s.doc_id for s in top.sightings} == NAMING_HER
        rebel = next(u for u in found if u.name == "Peter Ajuong")
        assert rebel.sector == "REB"
        kerbek = next(u for u in found if u.name == "Tomas Kerbek")
        assert (kerbek.code, kerbek.sector) == ("EST", "GOV")

        before = snapshot(store)
        add_dravniece()
        report = recode(store)
        after = snapshot(store)

        # only the articles that name her were coded again
        assert report.run_id == 2
        assert report.affected == 3 and report.unchanged == 3
        coded = store.rows("SELECT a.doc_id FROM articles a JOIN article_runs r "
                           "ON r.article_hash = a.hash")  # fmt: skip
        assert len(coded) == 6

        # her events carry the code (with her entity, unless a title gave the side)
        hers = [e for e in after.values() if "Dravniece" in e["sentence"]]
        assert len(hers) >= 8
        assert all(any(a["code"] == "LVA" for a in e["actor"] + e["recipient"]) for e in hers)
        named = [
            e for e in hers if any(a["entity_id"] == "user:ilze-dravniece" for a in e["actor"])
        ]
        assert len(named) >= 6

        # the diff lists exactly what changed between the two states of the store
        diff = diff_runs(store, 1, 2)
        expected = {
            (i, "added" if i not in before else "removed" if i not in after else "changed")
            for i in set(before) | set(after)
            if before.get(i) != after.get(i)
        }
        assert {(c.event_id, c.kind) for c in diff.changes} == expected
        assert expected, "the new actor changed nothing"
        assert all(c.summary["doc_id"] in NAMING_HER for c in diff.changes)
        assert all("Dravniece" in c.summary["sentence"] for c in diff.changes)
        example = next(c for c in diff.changes if c.kind == "changed").to_dict()
        assert "LVA GOV" in example["fields"]["actor"]["after"]
        # the other way round, additions are removals
        back = diff_runs(store, 2, 1)
        assert {c.kind for c in back.changes if c.kind != "changed"} <= {"added", "removed"}
        assert back.counts()["added"] == diff.counts()["removed"]

        # she is no longer unknown; recoding again changes nothing
        assert all(u.name != "Ilze Dravniece" for u in unknown_actors(store, kb=load_kb()))
        again = recode(store)
        assert (again.affected, again.added, again.removed, again.changed) == (0, 0, 0, 0)
        assert diff_runs(store, 2, 3).changes == []
        assert [r.status for r in list_runs(store)] == ["done"] * 3
        assert latest_run_id(store) == 3


def test_recode_resumes_after_interruption(home: Path, tmp_path: Path) -> None:
    with open_store(tmp_path / "resume.db") as store:
        ingest([ARTICLES], store=store)
        add_dravniece()

        def stop(report: RecodeReport) -> None:
            if report.coded == 1:
                raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            recode(store, batch_size=1, progress=stop)
        assert list_runs(store)[-1].status == "interrupted"
        rest = recode(store)
        assert rest.affected == 2  # the article the interrupted run committed is not coded again
        # run 2 and run 3 together made the whole change
        assert len(diff_runs(store, 1, 3).changes) >= 8


def test_recode_everything_and_since(home: Path, tmp_path: Path) -> None:
    with open_store(tmp_path / "all.db") as store:
        ingest([ARTICLES], store=store)
        assert recode(store).affected == 0  # nothing changed
        everything = recode(store, everything=True)
        assert everything.affected == 6
        # the same coder gives the same events: their places read back from the store equal
        assert (everything.added, everything.removed, everything.changed) == (0, 0, 0)
        placed = [s["place"] for s in snapshot(store).values() if s["place"]]
        assert placed and all(p["country"] and p["precision"] for p in placed)
        import datetime as dt

        add_dravniece()
        since = recode(store, since=dt.date(2023, 10, 17))
        assert since.articles == 3 and since.affected == 2  # riga-talks and dravniece-kyiv


def test_actors_add_checks_its_input(home: Path) -> None:
    with pytest.raises(DetenteError, match="E802"):
        add_actor(NewActor("Somebody", code="--"))
    with pytest.raises(DetenteError, match="E802"):
        add_actor(NewActor("Somebody", code="LVA", sector="XYZ"))
    with pytest.raises(DetenteError, match="E008"):
        add_actor(NewActor("Somebody", code="LVA", start="2023-13-01"))
    entity = add_actor(NewActor("Rebel X", code="SSDREB", aliases=("X",)))
    assert entity.roles[0].sector == "REB"


def test_diff_of_a_missing_run(tmp_path: Path) -> None:
    with open_store(tmp_path / "none.db") as store, pytest.raises(DetenteError, match="E801"):
        diff_runs(store, 1, 2)


def test_a_place_in_a_diff() -> None:
    from detente.loop.diff import Change, place_text

    beijing = {"text": "Beijing", "name": "Beijing", "country": "CHN", "adm1": "CN.22"}
    assert place_text(beijing) == "Beijing (CHN, CN.22)"
    assert place_text(None) == "-" and place_text("Kyiv|UKR") == "Kyiv|UKR"
    base = {"doc_id": "d", "event": "CONSULT", "actor": [], "recipient": [], "sentence": "s"}
    change = Change("e", "changed", {**base, "place": None}, {**base, "place": beijing})
    assert change.to_dict()["fields"] == {"place": {"before": "-", "after": "Beijing (CHN, CN.22)"}}
