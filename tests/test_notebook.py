"""The link-analysis notebook runs from top to bottom (nbclient), so it cannot rot."""
from __future__ import annotations

import nbformat
from nbclient import NotebookClient

from conftest import ROOT


def test_link_analysis_notebook_runs():
    nb = nbformat.read(ROOT / "docs" / "notebooks" / "link-analysis.ipynb", as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "52 entities, 40 relationships" in printed and "合肥高新技术产业开发区" in printed
