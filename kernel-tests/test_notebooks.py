"""Every notebook in notebooks/ runs headless on the installed kernel, cell by cell, with NSN_PRESET=smoke.

nbclient fails the test at the first cell that errors. The notebooks in git are kept without outputs; the executed
copies are written to runs/notebooks/ for a look.
"""
import os
import shutil
from pathlib import Path
import time
from collections import Counter

import nbformat
import pytest
from nbclient import NotebookClient

from helpers import KERNEL_NAME, REPORT, ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

# Per notebook: the smoke run folders (under runs/) removed before it executes, so that it runs afresh rather than
# resuming, and the least number of execute_results of each MIME type it must produce (its tables and figures).
# A folder is removed once per session: a later notebook sharing it (03 after 02) resumes this session's runs.
EXPECTED = {
    "00-quickstart.ipynb": (["quickstart-smoke"], {"image/png": 1, "text/html": 1}),
    "01-negative-samples.ipynb": ([], {"image/png": 2, "text/html": 1}),  # Figure 1 and texture sources; timings
    "02-hardness.ipynb": (["table1-smoke", "hardness-smoke"], {"image/png": 1, "text/html": 1}),
    "03-imagenet100-table1.ipynb": (["table1-smoke"], {"text/html": 3}),  # configuration, rows, Table 1
    "04-imagenet1k-table2.ipynb": (["table1-smoke", "table2-smoke"], {"image/png": 1, "text/html": 2}),  # Tables, chart
    "05-color-shortcut.ipynb": (["color-shortcut-smoke"], {"text/html": 3}),  # configuration, rows, Table 3
    "06-memory-bank.ipynb": (["queue-sweep-smoke"], {"image/png": 1, "text/html": 3}),  # ..., table, Fig. 4-5
    "07-alpha-shape-texture.ipynb": (["alpha-sweep-smoke"], {"image/png": 3, "text/html": 1}),  # stimuli, bars, Fig. 6
    "08-class-texture.ipynb": (["class-texture-smoke"], {"image/png": 3, "text/html": 1}),  # histogram, Fig. 7, scatter
}
FRESHENED = set()


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks in notebooks/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: strip outputs before commit"
            assert len(cell.source.splitlines()) <= 10, f"{path.name}: keep code cells short:\n{cell.source}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_executes(kernel_spec, path, monkeypatch):
    data = Path(os.environ.get("NSN_DATA_DIR", ROOT / "data"))
    if path.name == "01-negative-samples.ipynb" and not (data / "imagenet100-samples").is_dir():
        pytest.skip("the ImageNet sample images are not laid out (data-scripts/imagenet-samples.sh --from DIR)")
    monkeypatch.setenv("NSN_PRESET", "smoke")
    fresh, least = EXPECTED.get(path.name, ([], {}))
    for folder in set(fresh) - FRESHENED:
        shutil.rmtree(ROOT / "runs" / folder, ignore_errors=True)
        FRESHENED.add(folder)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name=KERNEL_NAME, timeout=900, startup_timeout=60,
                            resources={"metadata": {"path": str(path.parent)}})
    t0 = time.monotonic()
    try:
        client.execute()
    finally:
        out = ROOT / "runs" / "notebooks"
        out.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, out / path.name)
    REPORT[f"{path.name} (NSN_PRESET=smoke), s"] = f"{time.monotonic() - t0:.1f}"
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    counts = Counter(k for o in outputs if o.output_type == "execute_result" for k in o.data)
    assert all(counts[kind] >= n for kind, n in least.items()), f"{path.name}: expected at least {least}, got {counts}"
