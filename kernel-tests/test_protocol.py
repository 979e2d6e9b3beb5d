"""The kernel over the Jupyter protocol: execution and streams, rich results, errors, completion, is_complete,
inspection, interrupt of a running cell, and class path additions (%jars and the environment variables)."""
import base64
import shutil
import subprocess
import time
import zipfile

import pytest

from helpers import ROOT, execute, plain, request, start_kernel, stop_kernel

PNG = b"\x89PNG\r\n\x1a\n"


def png_size(data):
    raw = base64.b64decode(data)
    assert raw.startswith(PNG), raw[:16]
    return int.from_bytes(raw[16:20], "big"), int.from_bytes(raw[20:24], "big")


def test_kernel_info_names_java_and_nsn(kernel):
    _, kc = kernel
    info = request(kc, "kernel_info")
    assert info["implementation"] == "nsn"
    assert info["language_info"]["name"] == "java"
    assert info["language_info"]["version"].startswith(("17", "2"))
    assert info["protocol_version"].startswith("5.")


def test_history_request_is_answered_with_busy_and_idle(kernel):
    """JupyterLab asks for history on connect; the status around the reply is what turns its "Unknown" to "Idle"."""
    _, kc = kernel
    while True:  # drop what earlier tests left on IOPub
        try:
            kc.get_iopub_msg(timeout=0.5)
        except Exception:
            break
    msg_id = kc.history(hist_access_type="tail", n=10)
    reply = kc.get_shell_msg(timeout=30)
    while reply["parent_header"].get("msg_id") != msg_id:  # a reply to an earlier request
        reply = kc.get_shell_msg(timeout=30)
    assert reply["msg_type"] == "history_reply"
    assert reply["content"]["status"] == "ok" and reply["content"]["history"] == []
    states = []
    deadline = time.monotonic() + 10
    while "idle" not in states and time.monotonic() < deadline:
        msg = kc.get_iopub_msg(timeout=10)
        if msg["msg_type"] == "status" and msg["parent_header"].get("msg_id") == msg_id:
            states.append(msg["content"]["execution_state"])
    assert states == ["busy", "idle"]


def test_cells_stream_stdout_and_stderr_and_count_executions(kernel):
    _, kc = kernel
    first = execute(kc, 'System.out.println("to stdout");\n'
                        'System.err.println("to stderr");\n'
                        'System.out.print("no newline")')
    assert first.reply["status"] == "ok"
    assert first.stream("stdout") == "to stdout\nno newline"
    assert first.stream("stderr") == "to stderr\n"
    assert first.of("execute_result") == []
    second = execute(kc, "int answer = 6 * 7;\nanswer")
    assert second.reply["execution_count"] == first.reply["execution_count"] + 1
    assert second.result["text/plain"] == "42"
    assert execute(kc, "answer + 1").result["text/plain"] == "43", "declarations persist across cells"


def test_a_buffered_image_is_shown_as_png(kernel):
    _, kc = kernel
    data = execute(kc, "var img = new BufferedImage(7, 5, BufferedImage.TYPE_INT_RGB);\nimg").result
    assert png_size(data["image/png"]) == (7, 5)


def test_an_xchart_chart_is_shown_as_png(kernel):
    _, kc = kernel
    data = execute(kc, 'XYChart chart = new XYChartBuilder().width(320).height(200).title("loss").build();\n'
                       'chart.addSeries("s", new double[] {1, 2, 3}, new double[] {3, 2, 2.5});\n'
                       'chart').result
    assert png_size(data["image/png"]) == (320, 200)
    assert data["text/plain"] == "XYChart 'loss' (320x200 px)"


def test_a_tablesaw_table_is_shown_as_html(kernel):
    _, kc = kernel
    data = execute(kc, 'Table.create("runs", StringColumn.create("name", "a", "<b>"), '
                       'DoubleColumn.create("top1", 0.5, 0.75))').result
    html = data["text/html"]
    assert html.startswith('<table class="nsn-table"><caption>runs</caption>')
    assert "<th>name</th><th>top1</th>" in html and "<td>&lt;b&gt;</td>" in html
    assert "text/plain" in data


def test_compile_errors_name_the_cell_line(kernel):
    _, kc = kernel
    run = execute(kc, "int fine = 1;\n\nString s = fine;")
    assert run.reply["status"] == "error"
    err = run.error
    assert err["ename"] == "CompileError"
    assert err["evalue"].startswith("line 3: incompatible types")
    assert plain(err["traceback"]) == [
        "Compile error at line 3: incompatible types: int cannot be converted to java.lang.String",
        "    String s = fine;",
        "               ^~~~"]


def test_runtime_errors_show_the_stack_down_to_the_cell(kernel):
    _, kc = kernel
    execute(kc, "int ratio(int a, int b) {\n  return a / b;\n}")
    run = execute(kc, "int x = 1;\nratio(x, 0)")
    assert run.reply["status"] == "error"
    err = run.error
    assert err["ename"] == "UncaughtException"
    assert err["evalue"] == "java.lang.ArithmeticException: / by zero"
    tb = plain(err["traceback"])
    assert tb[0] == "java.lang.ArithmeticException: / by zero"
    assert tb[1].startswith("    at ratio (cell [") and tb[1].endswith("], line 2)")
    assert tb[-1] == "    at line 2"
    assert not any("jdk.jshell" in line or "nsn.kernel" in line for line in tb), tb


def test_completion(kernel):
    _, kc = kernel
    code = "QuickstartConfig.sm"
    reply = request(kc, "complete", code, len(code))
    assert reply["status"] == "ok"
    assert {"small()", "smoke()"} <= set(reply["matches"])
    assert (reply["cursor_start"], reply["cursor_end"]) == (17, 19)
    code = "%jars a.jar\nint k = 1;\n\"x\".toUpp"
    reply = request(kc, "complete", code, len(code))
    assert reply["matches"] == ["toUpperCase("]
    assert reply["cursor_start"] == len(code) - 5


@pytest.mark.parametrize("code,status", [
    ("int x = 1", "complete"),
    ("%jars a.jar\nx + 1", "complete"),
    ("for (int i = 0; i < 3; i++) {", "incomplete"),
    ("int x = ;)", "invalid"),
])
def test_is_complete(kernel, code, status):
    _, kc = kernel
    assert request(kc, "is_complete", code)["status"] == status


def test_inspect_shows_signatures(kernel):
    _, kc = kernel
    reply = request(kc, "inspect", "Math.max(", 9)
    assert reply["found"] is True
    assert "int Math.max(int a, int b)" in reply["data"]["text/plain"]


@pytest.mark.parametrize("cell", [
    'System.out.println("running");\nwhile (true) {}',
    'System.out.println("running");\nThread.sleep(600_000);',
], ids=["busy-loop", "sleep"])
def test_an_interrupt_stops_a_running_cell_and_the_next_cell_works(kernel, cell):
    km, kc = kernel
    execute(kc, "1")  # JShell is up
    msg_id = kc.execute(cell)
    messages = []
    deadline = time.monotonic() + 60
    interrupted_at = None
    while True:  # read IOPub until the cell is idle again; interrupt once it runs the loop
        msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        messages.append(msg)
        if interrupted_at is None and msg["msg_type"] == "stream" and "running" in msg["content"]["text"]:
            time.sleep(0.5)
            interrupted_at = time.monotonic()
            km.interrupt_kernel()
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    reply = kc.get_shell_msg(timeout=10)
    assert reply["parent_header"]["msg_id"] == msg_id
    assert interrupted_at is not None, messages
    assert time.monotonic() - interrupted_at < 10, "stopped within seconds"
    assert reply["content"]["status"] == "error"
    errors = [m["content"] for m in messages if m["msg_type"] == "error"]
    assert [e["ename"] for e in errors] == ["Interrupted"]
    assert errors[0]["evalue"].endswith("(at line 2)")
    assert execute(kc, '"still alive"').result["text/plain"] == "still alive"


@pytest.fixture(scope="module")
def greeter_jar(tmp_path_factory):
    """A jar with demo.Greeter, compiled here with the JDK's javac."""
    javac = shutil.which("javac")
    if javac is None:
        pytest.fail("javac not found (the JDK is needed to build the test jar)")
    d = tmp_path_factory.mktemp("greeter")
    src = d / "src" / "demo" / "Greeter.java"
    src.parent.mkdir(parents=True)
    src.write_text('package demo; public class Greeter { public String greet() { return "hello from a jar"; } }')
    subprocess.run([javac, "--release", "17", "-d", str(d / "classes"), str(src)], check=True)
    jar = d / "lib" / "greeter.jar"
    jar.parent.mkdir()
    with zipfile.ZipFile(jar, "w") as z:
        z.write(d / "classes" / "demo" / "Greeter.class", "demo/Greeter.class")
    return jar


def test_jars_magic_adds_an_extra_jar(kernel, greeter_jar):
    _, kc = kernel
    before = execute(kc, "new demo.Greeter()")
    assert before.reply["status"] == "error" and before.error["ename"] == "CompileError"
    run = execute(kc, f'%jars {greeter_jar.parent}/*.jar\nnew demo.Greeter().greet()')
    assert run.reply["status"] == "ok", run.messages
    assert run.result["text/plain"] == "hello from a jar"
    missing = execute(kc, "%jars /no/such/folder/*.jar")
    assert missing.error["ename"] == "MagicError"
    assert "no jar or folder matches '/no/such/folder/*.jar'" in missing.error["evalue"]


@pytest.mark.parametrize("variable", ["NSN_KERNEL_CLASSPATH", "IJAVA_CLASSPATH"])
def test_class_path_environment_variables(kernel_spec, greeter_jar, variable):
    km, kc, _ = start_kernel(env={variable: str(greeter_jar)})
    try:
        assert execute(kc, "new demo.Greeter().greet()").result["text/plain"] == "hello from a jar"
    finally:
        stop_kernel(km, kc)


def test_relative_jars_paths_start_at_the_kernels_folder(kernel_spec, greeter_jar):
    km, kc, _ = start_kernel(cwd=greeter_jar.parent)
    try:
        run = execute(kc, "%jars greeter.jar\nnew demo.Greeter().greet()")
        assert run.result["text/plain"] == "hello from a jar"
        assert execute(kc, "Path.of(\"\").toAbsolutePath().toString()").result["text/plain"] == str(
            greeter_jar.parent)
    finally:
        stop_kernel(km, kc)


def test_nsn_is_on_the_class_path_with_default_imports(kernel):
    _, kc = kernel
    run = execute(kc, 'QuickstartConfig.preset("smoke").outputDir()')
    assert run.result["text/plain"] == "runs/quickstart-smoke"
    assert str(ROOT / "lib" / "target" / "nsn.jar") in execute(kc, 'System.getProperty("java.class.path")').result[
        "text/plain"]
