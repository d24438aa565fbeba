"""examples/notebook.ipynb runs headless against the fixture server and finds what the corpus
says. The executed notebook stays in memory: the repository copy keeps no outputs."""

from __future__ import annotations

import json
import re

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import NOTEBOOK

SECTIONS = ("setup", "overview", "idlib", "failed-talks", "us-russia", "ranking", "provenance")


def cell_text(cell) -> str:
    """Everything a code cell printed or returned, as plain text."""
    parts = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            parts.append(out.text)
        elif out.output_type in ("execute_result", "display_data"):
            parts.append(out.data.get("text/plain", ""))
        elif out.output_type == "error":
            parts.append("\n".join(out.traceback))
    return "".join(parts)


def test_committed_notebook_is_clean():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert nb.cells[0].cell_type == "markdown"
    head = nb.cells[0].source
    assert "diplograph build data/corpus" in head and "diplograph serve" in head
    assert "jupyter lab examples/notebook.ipynb" in head
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], "commit the notebook without outputs"
            assert cell.execution_count is None, "commit the notebook without execution counts"
    tags = {t for c in nb.cells for t in c.metadata.get("tags", [])}
    assert set(SECTIONS) <= tags


@pytest.fixture(scope="module")
def executed(endpoint, monkeypatch_module):
    monkeypatch_module.setenv("DIPLOGRAPH_ENDPOINT", endpoint)
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        allow_errors=True,  # collected and reported below, cell by cell
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()
    return nb


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def section(nb, tag: str) -> str:
    cells = [c for c in nb.cells if c.cell_type == "code" and tag in c.metadata.get("tags", [])]
    assert cells, f"no code cell tagged {tag!r}"
    return "\n".join(cell_text(c) for c in cells)


def test_no_errors(executed):
    errors = [
        f"cell {i}: {out.ename}: {out.evalue}\n" + "\n".join(out.traceback)
        for i, cell in enumerate(executed.cells) if cell.cell_type == "code"
        for out in cell.outputs if out.output_type == "error"
    ]
    assert not errors, "\n\n".join(errors)
    for i, cell in enumerate(executed.cells):
        if cell.cell_type == "code":
            assert cell.execution_count is not None, f"cell {i} did not run"


def test_idlib_agreements(executed):
    text = section(executed, "idlib")
    assert "Sochi" in text, text
    assert "Moscow" in text, text


def test_failed_talks(executed):
    text = section(executed, "failed-talks")
    assert "Kerry" in text or "Lavrov" in text, text
    assert "Obama" in text or "Putin" in text, text


def test_us_russia_events(executed):
    text = section(executed, "us-russia")
    match = re.search(
        r"(\d+) events between the United States and Russia; "
        r"the (\d+) most recent, stated in (\d+) reports:", text)
    assert match, text
    events, shown, reports = (int(g) for g in match.groups())
    assert events >= 1 and reports >= shown, text
    assert shown == min(events, 20), text
    # the printed table: a header line, then one line per event
    table = text[match.end():].strip("\n").splitlines()
    assert len(table) - 1 == shown, text


def test_failed_talks_are_counted_then_paged(executed):
    text = section(executed, "failed-talks")
    match = re.search(r"(\d+) failed talks; the (\d+) most recent:", text)
    assert match, text
    total, shown = int(match.group(1)), int(match.group(2))
    assert 1 <= shown <= min(total, 20), text


def test_ranking(executed):
    text = section(executed, "ranking")
    lines = text.strip("\n").splitlines()
    assert len(lines) >= 4, text
    header, first_rows = lines[0], lines[1:4]
    assert "events" in header, text
    assert any(line.strip().startswith("Russia") for line in first_rows), text


def test_provenance_example(executed):
    text = section(executed, "provenance")
    assert "(no rows)" not in text, text
    assert text.strip(), text


def test_outputs_not_written_back(executed):
    # the executed copy lives in memory only; the file on disk keeps no outputs
    on_disk = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    assert all(c.get("outputs", []) == [] for c in on_disk["cells"] if c["cell_type"] == "code")
