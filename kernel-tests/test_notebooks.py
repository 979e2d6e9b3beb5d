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

# Per notebook: its smoke run folders under runs/, removed before it runs (a fresh run, not a resumed one), and the
# least number of PNG results it must show (figures, image grids); each must also show a table as HTML.
EXPECTED = {
    "00-quickstart.ipynb": (["quickstart-smoke"], 1),
    "01-negative-samples.ipynb": ([], 2),  # Figure 1 and the texture's sources; the timings as HTML
    "07-alpha-shape-texture.ipynb": (["alpha-sweep-smoke"], 3),  # stimuli, shape-bias bars, Figure 6
    "08-class-texture.ipynb": (["class-texture-smoke"], 3),  # histogram, Figure 7 layout, scatter
}


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
    runs, pngs_wanted = EXPECTED.get(path.name, ([], 0))
    for run in runs:
        shutil.rmtree(ROOT / "runs" / run, ignore_errors=True)
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
    pngs = [o for o in outputs if o.output_type == "execute_result" and "image/png" in o.data]
    if path.name in EXPECTED:
        assert len(pngs) >= pngs_wanted and "text/html" in kinds, (len(pngs), kinds)
