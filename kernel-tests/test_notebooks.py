"""Every notebook in notebooks/ runs headless on the installed kernel, cell by cell, at the small preset.

NSN_NOTEBOOK_PRESET picks the preset they run at (passed to them as NSN_PRESET): small by default, as CI runs them;
smoke for a quick check while iterating. nbclient fails the test at the first cell that errors. The notebooks resolve their run
folders against the folder above their own, so the test executes copies of them in runs/notebook-tests/notebooks/,
beside links to lib/ and data/: their runs land in runs/notebook-tests/runs/ and never touch the runs/ a user made
with the same presets. The notebooks in git are kept without outputs; the executed copies are written to
runs/notebooks/ for a look.
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
PRESET = os.environ.get("NSN_NOTEBOOK_PRESET", "small")
# The stand-in for the repository root the notebooks see: links to lib/ and data/, its own runs/.
SANDBOX = ROOT / "runs" / "notebook-tests"


def run_folder(name):
    """A preset's run folder, e.g. table1 for small and table1-smoke for smoke."""
    return name if PRESET == "small" else f"{name}-{PRESET}"


# Per notebook: the run folders (under the sandbox's runs/) removed before it executes, so that it runs afresh rather
# than resuming, and the least number of execute_results of each MIME type it must produce (its tables and figures).
# A folder is removed once per session: a later notebook sharing it (03 after 02) resumes this session's runs.
EXPECTED = {
    "00-quickstart.ipynb": (["quickstart"], {"image/png": 1, "text/html": 1}),
    "01-negative-samples.ipynb": ([], {"image/png": 2, "text/html": 1}),  # Figure 1 and texture sources; timings
    "02-hardness.ipynb": (["table1", "hardness"], {"image/png": 1, "text/html": 1}),
    "03-imagenet100-table1.ipynb": (["table1"], {"text/html": 3}),  # configuration, rows, Table 1
    "04-imagenet1k-table2.ipynb": (["table1", "table2"], {"image/png": 1, "text/html": 2}),  # Tables, chart
    "05-color-shortcut.ipynb": (["color-shortcut"], {"text/html": 3}),  # configuration, rows, Table 3
    "06-memory-bank.ipynb": (["queue-sweep"], {"image/png": 1, "text/html": 3}),  # ..., table, Fig. 4-5
    "07-alpha-shape-texture.ipynb": (["alpha-sweep"], {"image/png": 3, "text/html": 1}),  # stimuli, bars, Fig. 6
    "08-class-texture.ipynb": (["class-texture"], {"image/png": 3, "text/html": 1}),  # histogram, Fig. 7, scatter
}
FRESHENED = set()
# The notebooks whose small preset trains on CIFAR-10 (its JPEG copy has no official download: a machine without a
# local copy cannot lay it out, and skips them as it skips 01 without the ImageNet samples).
NEEDS_CIFAR = {"02-hardness.ipynb", "03-imagenet100-table1.ipynb", "04-imagenet1k-table2.ipynb",
               "05-color-shortcut.ipynb", "06-memory-bank.ipynb", "07-alpha-shape-texture.ipynb",
               "08-class-texture.ipynb"}


def sandbox():
    """The sandbox's notebooks/ folder (made once): beside it lib/ and data/ link to the repository's."""
    notebooks = SANDBOX / "notebooks"
    notebooks.mkdir(parents=True, exist_ok=True)
    data = Path(os.environ.get("NSN_DATA_DIR", ROOT / "data"))
    for name, target in (("lib", ROOT / "lib"), ("data", data)):
        link = SANDBOX / name
        if link.is_symlink() and link.resolve() != target.resolve():
            link.unlink()
        if not link.is_symlink():
            link.symlink_to(target.resolve(), target_is_directory=True)
    return notebooks


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
    if path.name in NEEDS_CIFAR and not (data / "cifar10" / "train").is_dir():
        pytest.skip("CIFAR-10 is not laid out (data-scripts/cifar10.sh --from cifar10-jpeg.tar.gz)")
    monkeypatch.setenv("NSN_PRESET", PRESET)
    fresh, least = EXPECTED.get(path.name, ([], {}))
    sandbox_notebooks = sandbox()
    for folder in {run_folder(f) for f in fresh} - FRESHENED:
        shutil.rmtree(SANDBOX / "runs" / folder, ignore_errors=True)
        FRESHENED.add(folder)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name=KERNEL_NAME, timeout=1200, startup_timeout=60,
                            resources={"metadata": {"path": str(sandbox_notebooks)}})
    t0 = time.monotonic()
    try:
        client.execute()
    finally:
        out = ROOT / "runs" / "notebooks"
        out.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, out / path.name)
    REPORT[f"{path.name} (NSN_PRESET={PRESET}), s"] = f"{time.monotonic() - t0:.1f}"
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    counts = Counter(k for o in outputs if o.output_type == "execute_result" for k in o.data)
    assert all(counts[kind] >= n for kind, n in least.items()), f"{path.name}: expected at least {least}, got {counts}"
