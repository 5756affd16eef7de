"""The grading sandbox: each small program below tries to break one rule, and the test shows it failed.

The normal case works too: numpy and dnn_utils import, the shipped data loads, scratch is writable.
"""
import hashlib
import json
import os
import resource
import shutil
import signal
import sys
import tempfile
import textwrap
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from autograder.grading import sandbox
from listener import Listener

REPO = Path(__file__).resolve().parents[1]
AS_ROOT = os.geteuid() == 0

try:
    sandbox.check_available()
except sandbox.SandboxUnavailable as exc:
    if not AS_ROOT:
        pytest.skip(f"no grading sandbox here (sudo apt-get install bubblewrap): {exc}", allow_module_level=True)

SMALL = sandbox.Limits(wall_seconds=5, cpu_seconds=2, memory_mb=1024, processes=16, file_mb=5)

ATTEMPT = """
import json, os, sys
def attempt(action):
    try:
        return "allowed: " + repr(action())[:200]
    except Exception as exc:
        return type(exc).__name__
"""


def sandboxed(tmp_path, program, limits=SMALL, hide=None, expose=None, argv_tail=(), course=REPO / "autograder"):
    """Run a Python program in the sandbox the grader uses (repo and course hidden); (Run, stdout)."""
    default_hide, default_expose = sandbox.default_hidden_and_exposed(REPO, course)
    scratch = tmp_path / "scratch"
    argv = [sys.executable, "-c", ATTEMPT + textwrap.dedent(program), *argv_tail]
    run = sandbox.run(
        argv, scratch, limits=limits,
        hide=default_hide if hide is None else hide, expose=default_expose if expose is None else expose,
    )
    return run, (scratch / "stdout.txt").read_text(errors="replace")


def attempts(stdout):
    """The {what: outcome} a program printed as its last line."""
    return json.loads(stdout.strip().splitlines()[-1])


def assert_all_failed(outcomes):
    allowed = {what: outcome for what, outcome in outcomes.items() if outcome.startswith("allowed")}
    assert not allowed, f"the sandbox allowed: {allowed}"


def left_over(marker, uid):
    """Processes still running with `marker` in their command line, or as the run's uid."""
    found = []
    for pid, owner, _ in sandbox.processes():
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if marker.encode() in cmdline or (AS_ROOT and owner == uid):
            found.append(pid)
    return found


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def course(tmp_path):
    """A course folder with a master and a gradebook, outside /tmp (the sandbox has its own /tmp)."""
    folder = Path(tempfile.mkdtemp(prefix="sandbox-test-course-", dir="/var/tmp"))
    folder.chmod(0o755)  # readable by anyone, as a course folder is: only hiding protects it
    (folder / "source" / "week2").mkdir(parents=True)
    (folder / "source" / "week2" / "01_numpy_basics.ipynb").write_text("SECRET master with solutions")
    (folder / "gradebook.db").write_text("SECRET grades")
    yield folder
    shutil.rmtree(folder)


# ----------------------------------------------------------------------------- the normal case
def test_a_notebook_imports_numpy_and_dnn_utils_reads_the_data_and_writes_in_scratch(tmp_path):
    from dnn_utils.data import load_dataset

    run, stdout = sandboxed(tmp_path, """
        import numpy
        from dnn_utils.data import load_dataset
        train_x, *_ = load_dataset("discs")
        open("answer.txt", "w").write("written in scratch")
        print(json.dumps({"shape": list(train_x.shape), "cwd": os.getcwd(), "home": os.environ["HOME"]}))
    """, limits=sandbox.Limits(wall_seconds=60, memory_mb=1500))
    assert run.ok, run.describe() + run.stderr_tail
    seen = attempts(stdout)
    assert seen["shape"] == list(load_dataset("discs")[0].shape)
    assert seen["cwd"] == seen["home"] == str(tmp_path / "scratch")
    assert (tmp_path / "scratch" / "answer.txt").read_text() == "written in scratch"


def test_it_runs_without_privileges_and_without_the_caller_s_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PGPASSWORD", "secret-of-the-gradebook")
    run, stdout = sandboxed(tmp_path, """
        status = dict(line.split(":", 1) for line in open("/proc/self/status").read().splitlines())
        print(json.dumps({"uid": os.getuid(), "groups": os.getgroups(), "env": dict(os.environ),
                          "caps": status["CapEff"].strip(), "no_new_privs": status["NoNewPrivs"].strip()}))
    """)
    assert run.ok, run.describe()
    seen = attempts(stdout)
    assert "PGPASSWORD" not in seen["env"] and "secret-of-the-gradebook" not in stdout
    assert int(seen["caps"], 16) == 0 and seen["no_new_privs"] == "1"
    if AS_ROOT:
        assert seen["uid"] >= sandbox.UID_BASE and seen["groups"] in ([], [seen["uid"]])


# ----------------------------------------------------------------------------- files
def test_the_course_folder_cannot_be_read(tmp_path, course):
    run, stdout = sandboxed(tmp_path, f"""
        print(json.dumps({{
            "master": attempt(lambda: open({str(course / "source/week2/01_numpy_basics.ipynb")!r}).read()),
            "gradebook": attempt(lambda: open({str(course / "gradebook.db")!r}).read()),
        }}))
    """, course=course)
    assert run.ok, run.describe()
    assert_all_failed(attempts(stdout))
    assert "SECRET" not in stdout


def test_the_repo_s_references_hidden_checks_and_git_cannot_be_read(tmp_path):
    secrets = [REPO / "autograder/hidden/week2_numpy_basics.py", REPO / ".git/HEAD", REPO / "autograder/nbgrader_config.py"]
    assert all(path.exists() for path in secrets)
    run, stdout = sandboxed(tmp_path, f"""
        print(json.dumps({{path: attempt(lambda: open(path).read()) for path in {[str(p) for p in secrets]!r}}}))
    """)
    assert run.ok, run.describe()
    assert_all_failed(attempts(stdout))


def test_the_course_and_the_repo_cannot_be_changed(tmp_path, course):
    escape = REPO / f"sandbox-escape-{uuid.uuid4().hex}"
    before = {path: sha256(path) for path in (course / "gradebook.db", REPO / "pyproject.toml", Path(__file__))}
    try:
        run, stdout = sandboxed(tmp_path, f"""
            print(json.dumps({{
                "write the gradebook": attempt(lambda: open({str(course / "gradebook.db")!r}, "w").write("all A")),
                "new file in the course": attempt(lambda: open({str(course / "new.txt")!r}, "w")),
                "delete the master": attempt(lambda: os.unlink({str(course / "source/week2/01_numpy_basics.ipynb")!r})),
                "new file in the repo": attempt(lambda: open({str(escape)!r}, "w")),
                "open pyproject for writing": attempt(lambda: open({str(REPO / "pyproject.toml")!r}, "a")),
                "delete this test file": attempt(lambda: os.unlink({__file__!r})),
            }}))
        """, course=course)
        assert run.ok, run.describe()
        assert_all_failed(attempts(stdout))
        assert not escape.exists() and not (course / "new.txt").exists()
        assert (course / "source/week2/01_numpy_basics.ipynb").exists()
        assert {path: sha256(path) for path in before} == before
    finally:
        escape.unlink(missing_ok=True)


def test_a_hidden_file_reads_empty_while_its_neighbours_stay_visible(tmp_path):
    # Files in /etc: outside /tmp (the sandbox has its own) and outside the exposed venv and Python,
    # wherever the repo happens to be cloned. Hidden on top of the grader's usual hiding.
    hidden, neighbour = Path("/etc/group"), Path("/etc/passwd")
    hide, _ = sandbox.default_hidden_and_exposed(REPO, REPO / "autograder", extra_hidden=[hidden])
    run, stdout = sandboxed(tmp_path, f"""
        print(json.dumps({{"hidden": open({str(hidden)!r}).read(),
                          "neighbour": open({str(neighbour)!r}).read()[:20]}}))
    """, hide=hide)
    assert run.ok, run.describe()
    seen = attempts(stdout)
    assert seen["hidden"] == "" and seen["neighbour"] == neighbour.read_text()[:20] != ""


def test_writes_to_tmp_stay_in_the_sandbox(tmp_path):
    outside = Path("/tmp") / f"sandbox-escape-{uuid.uuid4().hex}"
    try:
        run, stdout = sandboxed(tmp_path, f"""
            open({str(outside)!r}, "w").write("escaped")
            print(json.dumps({{"inside": open({str(outside)!r}).read()}}))
        """)
        assert run.ok, run.describe()
        assert attempts(stdout) == {"inside": "escaped"}
        assert not outside.exists()
    finally:
        outside.unlink(missing_ok=True)


def test_scratch_is_left_with_regular_files_and_folders_only(tmp_path):
    run, _ = sandboxed(tmp_path, """
        os.symlink("/etc/passwd", "results.json")
        os.mkfifo("progress.jsonl")
        os.mkdir("locked")
        open("locked/answer.txt", "w").write("kept")
        os.chmod("locked", 0)
    """)
    assert run.ok, run.describe()
    scratch = tmp_path / "scratch"
    assert not (scratch / "results.json").is_symlink() and not (scratch / "progress.jsonl").exists()
    assert (scratch / "locked" / "answer.txt").read_text() == "kept"


# ----------------------------------------------------------------------------- network
def test_no_network_not_even_to_the_host(tmp_path):
    listener = Listener()
    try:
        run, stdout = sandboxed(tmp_path, f"""
            import socket
            print(json.dumps({{
                "host": attempt(lambda: socket.create_connection(("127.0.0.1", {listener.port}), timeout=2)),
                "internet": attempt(lambda: socket.create_connection(("1.1.1.1", 53), timeout=2)),
            }}))
        """)
    finally:
        listener.server.close()
    assert run.ok, run.describe()
    assert_all_failed(attempts(stdout))
    assert not listener.connected


# ----------------------------------------------------------------------------- limits
def test_allocating_4_gb_fails_with_a_memory_error(tmp_path):
    run, _ = sandboxed(tmp_path, """
        hoard = bytearray(4 * 1024**3)
    """)
    assert not run.ok
    assert "MemoryError" in run.describe() and "1024 MB" in run.describe()


def test_burning_cpu_is_stopped_at_the_cpu_time_limit(tmp_path):
    run, _ = sandboxed(tmp_path, """
        while True:
            pass
    """)
    assert run.signal == signal.SIGXCPU and not run.timed_out
    assert run.describe() == "used more than the 2 s CPU-time limit"
    assert run.seconds < SMALL.wall_seconds


def test_a_program_ignoring_signals_is_killed_at_the_wall_time_limit_with_every_process_it_started(tmp_path):
    marker = f"marker-{uuid.uuid4().hex}"
    run, stdout = sandboxed(tmp_path, """
        import signal, time
        for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(number, signal.SIG_IGN)
        print(json.dumps({"uid": os.getuid()}), flush=True)
        if os.fork() == 0:
            os.setsid()  # leaves the process group the parent kills
        while True:
            time.sleep(0.1)
    """, limits=sandbox.Limits(wall_seconds=2, cpu_seconds=2, processes=16), argv_tail=[marker])
    assert run.timed_out and run.returncode is None
    assert run.describe() == "ran longer than the 2 s wall-time limit and was stopped"
    assert run.seconds < 2 + 3
    assert left_over(marker, attempts(stdout)["uid"]) == []


def test_a_fork_storm_hits_the_process_limit_and_nothing_survives(tmp_path):
    marker = f"marker-{uuid.uuid4().hex}"
    run, stdout = sandboxed(tmp_path, """
        import errno, time
        children = 0
        try:
            while children < 1000:
                if os.fork() == 0:
                    time.sleep(60)
                    os._exit(0)
                children += 1
            outcome = "no limit"
        except OSError as exc:
            outcome = errno.errorcode[exc.errno]
        print(json.dumps({"uid": os.getuid(), "children": children, "outcome": outcome}))
    """, argv_tail=[marker])
    assert run.ok, run.describe()
    seen = attempts(stdout)
    assert seen["outcome"] == "EAGAIN" and seen["children"] < SMALL.processes
    assert left_over(marker, seen["uid"]) == []


def test_printing_50_mb_is_cut_at_the_file_size_limit_without_the_parent_holding_it(tmp_path):
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    run, _ = sandboxed(tmp_path, """
        line = "x" * 1023 + "\\n"
        for _ in range(50 * 1024):
            sys.stdout.write(line)
    """)
    peak_growth_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024
    assert (tmp_path / "scratch" / "stdout.txt").stat().st_size <= SMALL.file_mb * sandbox.MB
    assert run.output_capped and not run.ok
    assert run.describe() == "wrote more than the 5 MB file-size limit (its output was cut there)"
    assert peak_growth_mb < 20


# ----------------------------------------------------------------------------- setup and reports
def test_check_available_says_how_to_install_bwrap_when_it_is_missing(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(sandbox.SandboxUnavailable, match="bwrap.*apt-get install bubblewrap"):
        sandbox.check_available()


@pytest.mark.skipif(not AS_ROOT, reason="a uid per run exists only when grading as root")
def test_concurrent_runs_get_different_uids(tmp_path):
    def uid_of_a_run(folder):
        run, stdout = sandboxed(folder, """
            import time
            time.sleep(0.5)
            print(json.dumps({"uid": os.getuid()}))
        """)
        assert run.ok, run.describe()
        return attempts(stdout)["uid"]

    with ThreadPoolExecutor(2) as pool:
        uids = list(pool.map(uid_of_a_run, [tmp_path / "a", tmp_path / "b"]))
    assert len(set(uids)) == 2


def test_a_command_that_cannot_start_is_reported_with_bwrap_s_reason(tmp_path):
    run = sandbox.run(["no-such-program"], tmp_path / "scratch", limits=SMALL)
    assert not run.ok
    assert run.describe().startswith("exited with status")  # 127 from prlimit as root, 1 from bwrap otherwise
    assert "no-such-program" in run.describe() and "No such file or directory" in run.describe()


@pytest.mark.parametrize("run, reason", [
    (sandbox.Run(None, 9, False, 1.0, ""), "was killed by signal 9 (SIGKILL), e.g. after ignoring SIGXCPU"),
    (sandbox.Run(None, 11, False, 1.0, ""), "was killed by signal 11 (SIGSEGV)"),
    (sandbox.Run(3, None, False, 1.0, "Traceback\nValueError: bad shape\n"), "exited with status 3: ValueError: bad shape"),
    (sandbox.Run(1, None, False, 1.0, ""), "exited with status 1"),
    (sandbox.Run(0, None, False, 1.0, ""), "finished normally"),
])
def test_describe_gives_an_instructor_the_reason(run, reason):
    assert run.describe().startswith(reason)
