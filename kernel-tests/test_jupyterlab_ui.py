"""JupyterLab as a person uses it: a notebook opened in headless Chromium, all cells run through the UI.

The test starts `.venv/bin/jupyter lab` on 127.0.0.1 (a free port, a random token, NSN_PRESET=smoke) with its
config, data, runtime, settings and workspace folders in a temporary directory, so nothing lands in the repository
or the home directory but runs/. It opens a copy of a notebook (NOTEBOOK below: 01-negative-samples when the ImageNet
sample images are laid out, else 00-quickstart), laid out under runs/ui-lab/notebooks/ beside a `lib` link so that
its `%jars ../lib/target/nsn.jar` resolves and so that JupyterLab's autosave never touches the committed notebook.
kernel-tests/ui/run-notebook.mjs then drives Debian's Chromium with playwright-core: Run → Run All Cells on the
"Java (nsn)" kernel, then checks that every code cell has an execution count, that a PNG image is rendered and that
no error output is shown. A screenshot goes to runs/notebooks/ui-<notebook>.png.
JupyterLab and the kernels it started are stopped afterwards, whatever happened.

bin/setup.sh installs chromium (apt) and playwright-core (npm ci in kernel-tests/ui). Without them the test skips,
except in CI (the CI variable set), where it fails.
"""
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from helpers import REPORT, ROOT

# The cheapest notebook with an image output: 01-negative-samples (about 15 s with the smoke preset) when the ImageNet
# sample images are laid out, else 00-quickstart (about 2 minutes). NSN_UI_NOTEBOOK names another.
DATA = Path(os.environ.get("NSN_DATA_DIR", ROOT / "data"))
NOTEBOOK = os.environ.get("NSN_UI_NOTEBOOK") or (
    "01-negative-samples.ipynb" if (DATA / "imagenet100-samples").is_dir() else "00-quickstart.ipynb")
UI_DIR = ROOT / "kernel-tests" / "ui"
CHROMIUM = Path(os.environ.get("NSN_CHROMIUM", "/usr/bin/chromium"))
NODE = shutil.which("node")
LAB = ROOT / ".venv" / "bin" / "jupyter"
RUN_TIMEOUT = 600  # s for opening the notebook and running all its cells (about 2 minutes with the smoke preset)

# JupyterLab settings for a quiet, deterministic page: no news or update notifications, and every cell in the DOM
# (JupyterLab 4 renders only the cells in view by default).
SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        '{"checkForUpdates": false, "fetchNews": "false"}',
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": '{"windowingMode": "none"}',
}


def _missing():
    missing = [what for what, ok in [
        (f"chromium ({CHROMIUM})", CHROMIUM.is_file()),
        ("node", NODE is not None),
        ("playwright-core (kernel-tests/ui/node_modules)", (UI_DIR / "node_modules" / "playwright-core").is_dir()),
        (f"JupyterLab ({LAB})", LAB.is_file()),
    ] if not ok]
    return missing


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _descendants(pid):
    """The process ids below pid (from /proc), so that kernels in their own sessions are stopped too."""
    children = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie has exited
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _stop(proc, base_url, token):
    """Asks JupyterLab to shut down (it shuts its kernels down first), then terminates whatever is left."""
    pids = _descendants(proc.pid)
    if proc.poll() is None:
        try:
            req = urllib.request.Request(base_url + "api/shutdown", method="POST",
                                         headers={"Authorization": f"token {token}"})
            urllib.request.urlopen(req, timeout=10).close()
        except (urllib.error.URLError, OSError):
            pass
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    for sig in (signal.SIGTERM, signal.SIGKILL):
        left = [pid for pid in pids if _alive(pid)]
        for pid in left:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + 10
        while left and time.monotonic() < deadline:
            time.sleep(0.2)
            left = [pid for pid in left if _alive(pid)]
    return [pid for pid in pids if _alive(pid)]


@pytest.fixture
def lab(kernel_spec, tmp_path):
    """JupyterLab serving runs/ui-lab/ (a copy of the notebook beside a link to lib/): yields (url, token, root)."""
    missing = _missing()
    if missing:
        message = "the JupyterLab UI test needs " + ", ".join(missing) + "; run bin/setup.sh"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    root = ROOT / "runs" / "ui-lab"
    shutil.rmtree(root, ignore_errors=True)
    (root / "notebooks").mkdir(parents=True)
    (root / "lib").symlink_to(ROOT / "lib", target_is_directory=True)
    shutil.copy(ROOT / "notebooks" / NOTEBOOK, root / "notebooks" / NOTEBOOK)
    home = tmp_path / "jupyter"
    for rel, text in SETTINGS.items():
        path = home / "settings" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    env = {**os.environ, "NSN_PRESET": "smoke", "JUPYTER_CONFIG_DIR": str(home / "config"),
           "JUPYTER_DATA_DIR": str(home / "data"), "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
           "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"), "JUPYTER_NO_CONFIG": "1",
           "IPYTHONDIR": str(home / "ipython")}
    port, token = _free_port(), secrets.token_hex(16)
    base_url = f"http://127.0.0.1:{port}/"
    log = open(tmp_path / "jupyterlab.log", "w+")
    # Offline and quiet: no news feed, no update check, no PyPI extension manager, no terminals.
    argv = [str(LAB), "lab", "--no-browser", "--ip", "127.0.0.1", f"--port={port}", "--port-retries=0",
            f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}", "--LabApp.news_url=",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly", "--ServerApp.terminals_enabled=False",
            "--LabApp.expose_app_in_browser=True"]  # run-notebook.mjs reads the notebook model for error outputs
    if os.geteuid() == 0:  # CI runs as root
        argv.append("--allow-root")
    proc = subprocess.Popen(
        argv,
        cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(base_url + f"api/status?token={token}", timeout=5) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"JupyterLab did not answer on {base_url} (exit {proc.poll()}):\n{log.read()[-4000:]}")
            time.sleep(0.5)
        yield base_url, token, root
    finally:
        left = _stop(proc, base_url, token)
        log.seek(0)
        server_log = log.read()
        log.close()
        assert not left, f"processes of JupyterLab still running after the test: {left}"
        if "Traceback" in server_log:
            print(f"JupyterLab's log:\n{server_log[-4000:]}")


def test_run_all_cells_in_jupyterlab_shows_an_image(lab):
    base_url, token, root = lab
    out = ROOT / "runs" / "notebooks"
    out.mkdir(parents=True, exist_ok=True)
    screenshot = out / f"ui-{Path(NOTEBOOK).stem}.png"
    screenshot.unlink(missing_ok=True)
    committed = (ROOT / "notebooks" / NOTEBOOK).read_bytes()
    t0 = time.monotonic()
    # Node and the Chromium it starts in a session of their own, so that a timeout stops both.
    node = subprocess.Popen(
        [NODE, str(UI_DIR / "run-notebook.mjs"), "--url", base_url, "--token", token,
         "--notebook", f"notebooks/{NOTEBOOK}", "--screenshot", str(screenshot), "--timeout", str(RUN_TIMEOUT)],
        cwd=UI_DIR, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
        start_new_session=True)
    try:
        stdout, stderr = node.communicate(timeout=RUN_TIMEOUT + 60)
    except subprocess.TimeoutExpired:
        os.killpg(node.pid, signal.SIGKILL)
        stdout, stderr = node.communicate()
        pytest.fail(f"run-notebook.mjs did not finish in {RUN_TIMEOUT + 60} s:\n{stdout}{stderr}")
    finally:
        try:  # Chromium, should node have left it behind
            os.killpg(node.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    run = subprocess.CompletedProcess(node.args, node.returncode, stdout, stderr)
    REPORT[f"JupyterLab UI, Run All Cells of {NOTEBOOK} (NSN_PRESET=smoke), s"] = f"{time.monotonic() - t0:.1f}"
    output = run.stdout + run.stderr
    print(output)  # shown with pytest -rP, and on failure
    assert run.returncode == 0, f"run-notebook.mjs failed (exit {run.returncode}):\n{output}"
    assert "passed:" in run.stdout, output
    assert screenshot.is_file(), output
    # JupyterLab's autosave writes the executed copy under runs/ui-lab/; the committed notebook is untouched.
    assert (ROOT / "notebooks" / NOTEBOOK).read_bytes() == committed, f"JupyterLab changed notebooks/{NOTEBOOK}"
