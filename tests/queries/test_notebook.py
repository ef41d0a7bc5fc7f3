"""The quickstart notebook runs from top to bottom (so it cannot rot)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "01-quickstart.ipynb"


@pytest.mark.slow
def test_quickstart_notebook_executes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GEOKG_STORE", raising=False)  # its own embedded store
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()
    outputs = {
        index: "".join(
            out.get("text", "") + str(out.get("data", {}).get("text/plain", ""))
            for out in cell.get("outputs", [])
        )
        for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "code"
    }
    text = "\n".join(outputs.values())
    assert "Traceback" not in text
    assert "claims read, 0 bad rows" in text
    assert "ALLIES_WITH" in text and "Iskander" in text  # the seed article's relations
    assert "signed triads are balanced" in text
    assert "alliance.html" in text and "quickstart.ttl" in text
    pages = [
        out["data"]["text/html"]
        for cell in notebook.cells
        for out in cell.get("outputs", [])
        if "<iframe" in out.get("data", {}).get("text/html", "")
    ]
    assert len(pages) == 1 and "srcdoc=" in pages[0] and "GEOKG_DATA" in pages[0]
    # A paragraph of one's own, extracted without a store.
    assert "TUR" in text and "AZE" in text and "Bayraktar" in text
    # The evidence behind one edge (RUS SUPPLIES IRN) as a DataFrame.
    edge = next(i for i, c in enumerate(notebook.cells) if '"sources-of"' in c.source)
    assert "Iskander" in outputs[edge] and "radar" in outputs[edge]
    # Every cell that touches the store opens it with `with` (closed at the cell's end).
    for cell in notebook.cells:
        if cell.cell_type == "code" and ("store." in cell.source or "(store" in cell.source):
            assert "with open_store(STORE) as store:" in cell.source, cell.source
    assert "store.close()" not in "".join(cell.source for cell in notebook.cells)
