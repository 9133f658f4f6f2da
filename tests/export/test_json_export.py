"""`export --format json` (issue 17): the whole meeting as one JSON object, valid against the
schema shipped in the package (resources/meeting.schema.json), for imported and typed
meetings alike."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from pia_meeting.cli import main
from pia_meeting.export.json_writer import SCHEMA_NAME, meeting_json
from pia_meeting.imports import import_file
from pia_meeting.services.demo import load_demo
from pia_meeting.store.facade import Store
from tests.support.paths import ROOT, SHARED
from tests.support.reference import REFERENCE

SOURCES = [*sorted((SHARED / "specimens").glob("[0-9]*.txt")), REFERENCE]


def _schema() -> dict[str, Any]:
    text = resources.files("pia_meeting").joinpath("resources", SCHEMA_NAME).read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def _validate(payload: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator(_schema()).validate(payload)


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_the_export_of_every_import_is_valid(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], source: Path
) -> None:
    assert main(["import", str(source), "--db", "m.db"]) == 0
    meeting_id = capsys.readouterr().out.split()[0]
    out = in_tmp / "meeting.json"
    assert main(["export", meeting_id, "--db", "m.db", "--format", "json", "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    payload = json.loads(out.read_text("utf-8"))
    _validate(payload)
    assert payload["entries"] and all(e["text"].strip() for e in payload["entries"])


def test_the_reference_gives_header_roll_agenda_and_the_closing_lines() -> None:
    store = Store(":memory:")
    payload = meeting_json(store.load_bundle(import_file(store, REFERENCE)))
    meeting = payload["meeting"]
    assert (meeting["number"], meeting["date"], meeting["start"], meeting["end"]) == (
        15,
        "2021-11-09",
        "10:00",
        "10:50",
    )
    assert (meeting["observers"], meeting["record_style"]) == (0, "全文")
    assert payload["board"]["name"] == "北九州市個人情報保護審査会"
    assert {"side": "委員", "name": "時枝", "title": "会長", "department": ""}.items() <= (
        payload["attendees"][0].items()
    )
    [item] = payload["agenda"]
    assert item["public"] and item["toshin"]["confirmed"]
    # The closing lines the minutes print for the confirmed 答申, generated, at the end.
    closing = [e for e in payload["entries"] if e.get("generated")]
    assert closing[0]["text"] == "以上を踏まえ、答申書を作成する。"
    assert all(e["kind"] == "議事進行" and e["item"] == 1 for e in closing)
    assert payload["entries"][-len(closing) :] == closing
    # An anonymous label names no one: the speaker is null and the label is as printed.
    asked = [e for e in payload["entries"] if e["label"] == "(審査会委員)" and e["kind"] == "質問"]
    assert asked and all(e["speaker"] is None for e in asked)
    _validate(payload)


def test_a_typed_meeting_and_its_public_version_are_valid(tmp_path: Path) -> None:
    store = Store(tmp_path / "demo.db")
    bundle = store.load_bundle(load_demo(store))
    full, public = meeting_json(bundle), meeting_json(bundle, public=True)
    _validate(full)
    _validate(public)
    named = [e for e in full["entries"] if e["speaker"] is not None]
    assert named and all(e["label"] for e in named)  # the board's label for the person
    hidden = sum(not e.is_public for e in bundle.entries)
    assert len(public["entries"]) <= len(full["entries"]) - hidden


def test_the_schema_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert SCHEMA_NAME in readme and "--format json" in readme
