"""Every notebook in notebooks/ runs headless on the installed kernel, cell by cell, with NSN_PRESET=smoke.

nbclient fails the test at the first cell that errors. The notebooks in git are kept without outputs; the executed
copies are written to runs/notebooks/ for a look.
"""
import os
import shutil
from pathlib import Path
import time

import nbformat
import pytest
from nbclient import NotebookClient

from helpers import KERNEL_NAME, REPORT, ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


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
    shutil.rmtree(ROOT / "runs" / "quickstart-smoke", ignore_errors=True)  # a fresh run, not a resumed one
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
    kinds = {k for o in outputs if o.output_type == "execute_result" for k in o.data}
    if path.name == "00-quickstart.ipynb":
        assert {"image/png", "text/html"} <= kinds, kinds
    if path.name == "04-imagenet1k-table2.ipynb":  # Table 2 and the published table as HTML, the chart as PNG
        assert {"image/png", "text/html"} <= kinds, kinds
    if path.name == "01-negative-samples.ipynb":  # Figure 1 and the texture's sources as PNG, the timings as HTML
        pngs = [o for o in outputs if o.output_type == "execute_result" and "image/png" in o.data]
        assert len(pngs) == 2 and "text/html" in kinds, kinds
