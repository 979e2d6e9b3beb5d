"""The kernel starts every time: NSN_KERNEL_STARTS (30) starts in a row, each answering kernel_info within
READY_TIMEOUT seconds and then exiting by itself (status 0) on a shutdown request, without being signalled."""
import os
import statistics
import time

from helpers import REPORT, start_kernel

STARTS = int(os.environ.get("NSN_KERNEL_STARTS", "30"))
READY_TIMEOUT = 30


def test_the_kernel_starts_and_stops_cleanly_every_time(kernel_spec):
    ready, stops, failures = [], [], []
    for i in range(STARTS):
        try:
            km, kc, seconds = start_kernel(timeout=READY_TIMEOUT)
        except Exception as e:  # a start that did not answer kernel_info in time
            failures.append(f"start {i + 1}: not ready within {READY_TIMEOUT} s: {e!r}")
            if len(failures) >= 3:
                break
            continue
        ready.append(seconds)
        process = km.provisioner.process
        t0 = time.monotonic()
        kc.stop_channels()
        km.shutdown_kernel()
        stops.append(time.monotonic() - t0)
        if process.poll() != 0:
            failures.append(f"start {i + 1}: after the shutdown request the kernel exited with {process.poll()}"
                            " (not 0: it had to be terminated)")
    if ready:
        REPORT["kernel starts"] = f"{len(ready)} of {STARTS} ready"
        REPORT["start to ready (kernel_info reply), s"] = (
            f"median {statistics.median(ready):.2f}, max {max(ready):.2f}, min {min(ready):.2f}")
        REPORT["shutdown request to exit, s"] = f"median {statistics.median(stops):.2f}, max {max(stops):.2f}"
    assert not failures, "\n".join(failures)
    assert len(ready) == STARTS
