"""Fixtures of the kernel tests (helpers.py has the rest) and the measurements printed at the end of the run."""
import pytest

from helpers import JAR, KERNEL_NAME, REPORT, KernelSpecManager, NoSuchKernel, start_kernel, stop_kernel


@pytest.fixture(scope="session")
def kernel_spec():
    """The installed kernel spec; fails with what to run when it is missing or points at another checkout."""
    try:
        spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    except NoSuchKernel:
        pytest.fail(f"no Jupyter kernel '{KERNEL_NAME}' installed; run bin/setup.sh (or kernelspec/install.sh)")
    argv = spec.argv
    if str(JAR) not in argv:
        pytest.fail(f"kernel '{KERNEL_NAME}' runs {argv}, not {JAR}; re-run kernelspec/install.sh --prefix .venv")
    if not JAR.is_file():
        pytest.fail(f"{JAR} is not built; run mvn -DskipTests package")
    assert spec.interrupt_mode == "message", spec.interrupt_mode
    return spec


@pytest.fixture(scope="module")
def kernel(kernel_spec):
    """One running kernel for a test module: (manager, client)."""
    km, kc, _ = start_kernel()
    yield km, kc
    stop_kernel(km, kc)


def pytest_terminal_summary(terminalreporter):
    if REPORT:
        terminalreporter.section("nsn kernel measurements")
        for key, value in REPORT.items():
            terminalreporter.write_line(f"{key}: {value}")
