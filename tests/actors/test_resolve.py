"""Resolving free-text names as of a date, the coder's way (`find_mentions`)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from detente.actors.kb import DATA_DIR, KnowledgeBase, load_kb
from detente.actors.resolve import Resolution, entity_roles, resolve_many, resolve_name
from detente.cli import main
from detente.errors import DetenteError
from detente.pipeline import code_text

CASES = Path(__file__).parent / "resolution_cases.jsonl"


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    return load_kb(DATA_DIR, tmp_path_factory.mktemp("empty-layer"))


def resolve(kb: KnowledgeBase, name: str, day: str) -> Resolution | None:
    return resolve_name(name, date=dt.date.fromisoformat(day), kb=kb)


@pytest.mark.parametrize(
    ("name", "day", "code", "sector"),
    [
        ("Russian Foreign Minister Sergey Lavrov", "2020-01-01", "RUS", "GOV"),
        ("President Xi", "2020-01-01", "CHN", "GOV"),
        ("the Chinese Foreign Ministry", "2020-01-01", "CHN", "GOV"),
        ("Ukrainian police", "2020-01-01", "UKR", "COP"),
        ("Kremlin", "2020-01-01", "RUS", "GOV"),
        ("Taliban", "2019-01-01", "AFG", "REB"),
        ("Taliban", "2022-01-01", "AFG", "GOV"),
        ("NATO troops", "2022-01-01", "IGO", "MIL"),
        ("Ministry of Defence of Ukraine", "2022-01-01", "UKR", "GOV"),
        ("Iraq's army", "2020-01-01", "IRQ", "MIL"),
    ],
)
def test_examples_from_the_issue(
    kb: KnowledgeBase, name: str, day: str, code: str, sector: str
) -> None:
    found = resolve(kb, name, day)
    assert found is not None
    assert (found.code, found.sector) == (code, sector), found.reason


def test_reason_names_alias_role_and_date(kb: KnowledgeBase) -> None:
    found = resolve(kb, "Sergei Lavrov", "2021-05-01")
    assert found is not None and found.entity_id
    assert "Sergei Lavrov" in found.reason and "Foreign Minister" in found.reason
    assert "2021-05-01" in found.reason


def test_former_leader_is_elite(kb: KnowledgeBase) -> None:
    merkel = resolve(kb, "Angela Merkel", "2023-01-01")
    assert merkel is not None and (merkel.code, merkel.sector) == ("DEU", "ELI")
    assert "former" in merkel.reason and merkel.office == "Chancellor"
    # an office named by its country is the country's government, whoever holds it
    for day in ("2021-01-01", "2025-01-01"):
        office = resolve(kb, "British Prime Minister", day)
        assert office is not None and (office.code, office.sector) == ("GBR", "GOV")


# A name, its date, and a sentence that names it: the coder's actor must be the answer
# of `actors resolve` (issue 13: the two once resolved names two ways).
AGREE = [
    ("Russian Foreign Minister Sergey Lavrov", "2020-01-01"),  # title and name
    ("Angela Merkel", "2015-06-01"),  # in office on the date
    ("Angela Merkel", "2023-06-01"),  # a past office holder: ELI
    ("Former President Barack Obama", "2019-01-01"),
    ("NATO Secretary General Jens Stoltenberg", "2019-03-01"),  # IGO person
    ("the United Nations", "2020-01-01"),  # IGO
    ("French officials", "2021-01-01"),  # country adjective with an agent
    ("Ukrainian police", "2022-01-01"),
    ("the Kremlin", "2020-01-01"),
    ("Taliban", "2019-01-01"),
    ("Taliban", "2022-01-01"),
    ("President Erdogan", "2020-01-01"),  # title and surname
]


@pytest.mark.parametrize(("name", "day"), AGREE)
def test_issue_13_resolve_agrees_with_the_coder(kb: KnowledgeBase, name: str, day: str) -> None:
    found = resolve(kb, name, day)
    assert found is not None and found.code, name
    text = f"{name} met Chinese Foreign Minister Wang Yi in Geneva on Monday."
    (event,) = code_text(text, date=day, all_modalities=True)
    (actor,) = event.actor
    assert (actor.code, actor.sector, actor.entity_id, actor.reason) == (
        found.code,
        found.sector,
        found.entity_id,
        found.reason,
    )


def test_igo_keeps_its_organisation(kb: KnowledgeBase) -> None:
    found = resolve(kb, "UN Secretary-General", "2020-01-01")
    assert found is not None and (found.code, found.org) == ("IGO", "UNO")


def test_unknown_name_is_none(kb: KnowledgeBase) -> None:
    assert resolve(kb, "Zzyzx Qwertyuiop", "2020-01-01") is None
    assert resolve(kb, "   ", "2020-01-01") is None


def test_issue_13_former_officials_surname_inside_another_name(kb: KnowledgeBase) -> None:
    """ "Cooper" is an alias of Yvette Cooper, a minister until 2010: in 2019 her full name
    is a former official, but the surname in "Anderson Cooper" names no one."""
    yvette = resolve(kb, "Yvette Cooper", "2019-06-18")
    assert yvette is not None and (yvette.code, yvette.sector) == ("GBR", "ELI")
    assert resolve(kb, "Anderson Cooper", "2019-06-18") is None


def test_resolution_accuracy_on_cases(kb: KnowledgeBase) -> None:
    cases = [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines()]
    assert len(cases) >= 80
    wrong = []
    for case in cases:
        found = resolve(kb, case["name"], case["date"])
        ok = (
            found is not None
            and (found.code, found.sector) == (case["code"], case["sector"])
            and case.get("entity", "").lower() in found.name.lower()
        )
        if not ok:
            wrong.append((case, found))
    accuracy = 1 - len(wrong) / len(cases)
    print(f"resolution accuracy {accuracy:.3f} on {len(cases)} cases; wrong: {wrong}")
    assert accuracy >= 0.95  # 0.958 with the coder's path (issue 13)


def test_resolve_many_echoes_name_and_date(kb: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "names.jsonl"
    path.write_text(
        '{"name": "Kremlin", "date": "2020-01-01"}\n\n{"name": "Nobody Qwerty", "date": null}\n',
        encoding="utf-8",
    )
    answers = list(resolve_many(path, kb=kb))
    assert [a["name"] for a in answers] == ["Kremlin", "Nobody Qwerty"]
    assert answers[0]["date"] == "2020-01-01" and answers[0]["resolution"]["code"] == "RUS"
    assert answers[1]["resolution"] is None
    path.write_text("not json\n", encoding="utf-8")
    with pytest.raises(DetenteError):
        list(resolve_many(path, kb=kb))


def test_entity_roles_sorted_and_unknown_id(kb: KnowledgeBase) -> None:
    entity, roles = entity_roles("Q567", kb=kb)
    assert entity.name == "Angela Merkel"
    assert [r["start"] for r in roles] == sorted(r["start"] for r in roles)
    with pytest.raises(DetenteError):
        entity_roles("no-such-id", kb=kb)


def test_cli_actors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DETENTE_HOME", str(tmp_path))
    assert main(["actors", "resolve", "President Xi", "--date", "2020-01-01", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["code"] == "CHN"
    assert main(["actors", "resolve", "Zzyzx Qwertyuiop", "--json"]) == 1
    assert json.loads(capsys.readouterr().out) is None
    names = tmp_path / "names.jsonl"
    names.write_text('{"name": "Hamas", "date": "2023-10-08"}\n', encoding="utf-8")
    assert main(["actors", "resolve", "--input", str(names)]) == 0
    line = json.loads(capsys.readouterr().out)
    assert line["name"] == "Hamas" and line["resolution"]["code"] == "PSE"
    assert main(["actors", "search", "Lavrov", "--json"]) == 0
    assert "detente:sergey-lavrov" in capsys.readouterr().out
    assert main(["actors", "show", "Q567", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["name"] == "Angela Merkel"
    assert main(["actors", "show", "no-such-id"]) == 1
