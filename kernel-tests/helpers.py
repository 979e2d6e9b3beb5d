"""Helpers of the kernel tests: start the installed "nsn" kernel, run cells, read what they published.

The tests talk to the kernel the way Jupyter does (jupyter_client over ZeroMQ), using the kernel spec that
bin/setup.sh installs into .venv/ (kernelspec/install.sh --prefix .venv). test_jupyterlab_ui.py goes through
JupyterLab itself instead: it starts `jupyter lab` on 127.0.0.1 and drives it in headless Chromium
(kernel-tests/ui/run-notebook.mjs, playwright-core) to run all cells of a notebook and check what is shown.
"""
import os
import re
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_JUPYTER = ROOT / ".venv" / "share" / "jupyter"
KERNEL_NAME = os.environ.get("NSN_KERNEL_NAME", "nsn")
JAR = ROOT / "lib" / "target" / "nsn.jar"

# The kernel spec in .venv first, before a user-wide one of the same name from another checkout.
if VENV_JUPYTER.is_dir():
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        [str(VENV_JUPYTER)] + [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p])
os.environ.setdefault("NSN_DATA_DIR", str(ROOT / "data"))
os.environ.setdefault("NSN_PROGRESS", "off")

from jupyter_client import KernelManager  # noqa: E402  (after JUPYTER_PATH is set)
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel  # noqa: E402,F401

ANSI = re.compile(r"\x1b\[[0-9;]*m")

# Numbers the tests measure, printed at the end of the run (conftest.pytest_terminal_summary).
REPORT = {}


def plain(lines):
    """Traceback lines without ANSI styling."""
    return [ANSI.sub("", line) for line in lines]


def start_kernel(env=None, cwd=None, timeout=30):
    """Starts the kernel and waits for its kernel_info reply; returns (manager, client, seconds to ready)."""
    km = KernelManager(kernel_name=KERNEL_NAME)
    kwargs = {}
    if env is not None:
        kwargs["env"] = {**os.environ, **env}
    if cwd is not None:
        kwargs["cwd"] = str(cwd)
    t0 = time.monotonic()
    km.start_kernel(**kwargs)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=timeout)
    except Exception:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        raise
    return km, kc, time.monotonic() - t0


def stop_kernel(km, kc):
    kc.stop_channels()
    km.shutdown_kernel()


class Execution:
    """What one execute_request produced: its reply and its IOPub messages."""

    def __init__(self, reply, messages):
        self.reply = reply["content"]
        self.messages = messages

    def of(self, msg_type):
        return [m["content"] for m in self.messages if m["msg_type"] == msg_type]

    def stream(self, name):
        return "".join(c["text"] for c in self.of("stream") if c["name"] == name)

    @property
    def result(self):
        results = self.of("execute_result")
        assert len(results) == 1, f"expected one execute_result, got {self.messages}"
        return results[0]["data"]

    @property
    def error(self):
        errors = self.of("error")
        assert len(errors) == 1, f"expected one error, got {self.messages}"
        return errors[0]


def execute(kc, code, timeout=120):
    """Runs a cell and collects everything it published until the kernel is idle again."""
    messages = []
    reply = kc.execute_interactive(code, output_hook=messages.append, timeout=timeout, allow_stdin=False)
    return Execution(reply, messages)


def request(kc, method, *args, timeout=30, **kwargs):
    """Sends a shell request (complete, is_complete, inspect, kernel_info) and returns its reply's content."""
    msg_id = getattr(kc, method)(*args, **kwargs)
    deadline = time.monotonic() + timeout
    while True:
        reply = kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply["content"]
