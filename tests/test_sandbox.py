"""The grading sandbox: each small program below tries to break one rule, and the test shows it failed.

The normal case works too: numpy and dnn_utils import, the shipped data loads, scratch is writable.
Caps per hand-in (cgroups, the scratch tmpfs) exist only as root: those tests are skipped otherwise.
"""
import dataclasses
import hashlib
import json
import os
import resource
import shutil
import signal
import socket
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
CGROUPS = sandbox.cgroup_parents()[0] is not None
needs_root = pytest.mark.skipif(not AS_ROOT, reason="caps per hand-in (cgroups, a tmpfs scratch) need root")
needs_cgroups = pytest.mark.skipif(not CGROUPS, reason=f"no cgroups here: {sandbox.cgroup_parents()[1]}")

try:
    sandbox.check_available()
except sandbox.SandboxUnavailable as exc:
    if not AS_ROOT:
        pytest.skip(f"no grading sandbox here (sudo apt-get install bubblewrap): {exc}", allow_module_level=True)

SMALL = sandbox.Limits(wall_seconds=5, cpu_seconds=2, memory_mb=1024, processes=16, file_mb=5, disk_mb=16, inodes=1000)

ATTEMPT = """
import json, os, sys
def attempt(action):
    try:
        return "allowed: " + repr(action())[:200]
    except Exception as exc:
        return type(exc).__name__
"""


@pytest.fixture
def scratch():
    """A workspace's scratch folder with SMALL's disk caps, gone after the test."""
    with sandbox.workspace(SMALL) as folder:
        yield folder


def sandboxed(scratch, program, limits=SMALL, expose=None, argv_tail=()):
    """Run a Python program in the sandbox the grader uses (only default_exposed readable); (Run, stdout)."""
    argv = [sys.executable, "-c", ATTEMPT + textwrap.dedent(program), *argv_tail]
    run = sandbox.run(argv, scratch, limits=limits, expose=sandbox.default_exposed(REPO) if expose is None else expose)
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


def our_cgroups():
    """The cgroups this process's runs made that still exist."""
    if not CGROUPS:
        return []
    return sorted(str(p) for parent in set(sandbox.cgroup_parents()[1].values()) for p in parent.glob(f"sandbox-{os.getpid()}-*"))


def mounted(path):
    return any(line.split()[4] == str(path) for line in Path("/proc/self/mountinfo").read_text().splitlines())


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def course():
    """A course folder with a master and a gradebook, outside /tmp (the sandbox has its own /tmp)."""
    folder = Path(tempfile.mkdtemp(prefix="sandbox-test-course-", dir="/var/tmp"))
    folder.chmod(0o755)  # readable by anyone, as a course folder is: only the allow-list protects it
    (folder / "source" / "week2").mkdir(parents=True)
    (folder / "source" / "week2" / "01_numpy_basics.ipynb").write_text("SECRET master with solutions")
    (folder / "gradebook.db").write_text("SECRET grades")
    yield folder
    shutil.rmtree(folder)


# ----------------------------------------------------------------------------- the normal case
def test_a_notebook_imports_numpy_and_dnn_utils_reads_the_data_and_writes_in_scratch(scratch):
    from dnn_utils.data import load_dataset

    run, stdout = sandboxed(scratch, """
        import numpy
        from dnn_utils.data import load_dataset
        train_x, *_ = load_dataset("discs")
        open("answer.txt", "w").write("written in scratch")
        print(json.dumps({"shape": list(train_x.shape), "cwd": os.getcwd(), "home": os.environ["HOME"]}))
    """, limits=dataclasses.replace(SMALL, wall_seconds=60, cpu_seconds=60, memory_mb=1500))
    assert run.ok, run.describe() + run.stderr_tail
    seen = attempts(stdout)
    assert seen["shape"] == list(load_dataset("discs")[0].shape)
    assert seen["cwd"] == seen["home"] == str(scratch)
    assert (scratch / "answer.txt").read_text() == "written in scratch"


def test_it_runs_without_privileges_and_without_the_caller_s_environment(scratch, monkeypatch):
    monkeypatch.setenv("PGPASSWORD", "secret-of-the-gradebook")
    run, stdout = sandboxed(scratch, """
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
def test_a_hand_in_sees_only_the_allow_list(scratch):
    # The allow-list, said here independently of the sandbox's code: read-only system libraries,
    # Python, the venv, dnn_utils/ and data/; its own /proc, /dev and /tmp; scratch.
    tools = [Path(shutil.which(name)).resolve() for name in ("setpriv", "prlimit")]
    system = [Path(p) for p in ("/usr/lib", "/usr/lib64", "/lib", "/lib64", "/etc/ld.so.cache", "/etc/localtime")]
    python = [Path(p).resolve() for p in (sys.prefix, sys.base_prefix, REPO / "dnn_utils", REPO / "data")]
    links = {p: os.readlink(p) for p in map(Path, ("/bin", "/lib", "/lib64")) if p.is_symlink()}
    allowed = [p for p in system + tools + python if p.exists() and p not in links]
    private = [Path("/proc"), Path("/dev"), Path("/tmp"), scratch]
    run, stdout = sandboxed(scratch, """
        seen, folders = {}, [("/", 1)]
        while folders:  # every path down to depth 3, symlinks not followed
            folder, depth = folders.pop()
            for entry in os.scandir(folder):
                seen[entry.path] = os.readlink(entry.path) if entry.is_symlink() else ""
                if depth < 3 and entry.is_dir(follow_symlinks=False) and folder != "/proc":
                    folders.append((entry.path, depth + 1))
        print(json.dumps(seen))
    """)
    assert run.ok, run.describe() + run.stderr_tail
    seen = {Path(p): target for p, target in attempts(stdout).items()}

    def expected(path):
        return (path in links or any(a == path or a in path.parents or path in a.parents for a in allowed + private))

    assert sorted(str(p) for p in seen if not expected(p)) == []
    assert {p: t for p, t in seen.items() if t and p in links} == {p: t for p, t in links.items()}
    assert [p for p in allowed if len(p.parts) <= 4 and p not in seen] == []
    assert len(seen) < 5000  # not the host's tree (about 2,500 paths at depth 3 on ours, not counting /usr/lib)


def test_the_course_folder_cannot_be_read(scratch, course):
    run, stdout = sandboxed(scratch, f"""
        print(json.dumps({{
            "master": attempt(lambda: open({str(course / "source/week2/01_numpy_basics.ipynb")!r}).read()),
            "gradebook": attempt(lambda: open({str(course / "gradebook.db")!r}).read()),
            "listing": attempt(lambda: os.listdir({str(course)!r})),
        }}))
    """)
    assert run.ok, run.describe()
    assert_all_failed(attempts(stdout))
    assert "SECRET" not in stdout


def test_the_repo_s_references_hidden_checks_and_git_cannot_be_read(scratch):
    secrets = [REPO / "autograder/hidden/week2_numpy_basics.py", REPO / ".git/HEAD", REPO / "autograder/nbgrader_config.py"]
    assert all(path.exists() for path in secrets)
    run, stdout = sandboxed(scratch, f"""
        print(json.dumps({{path: attempt(lambda: open(path).read()) for path in {[str(p) for p in secrets]!r}}}))
    """)
    assert run.ok, run.describe()
    assert_all_failed(attempts(stdout))


def test_a_file_planted_anywhere_else_on_the_host_cannot_be_read():
    # Outside the repo and /tmp, readable by anyone: a second copy of the course could lie there.
    folder = Path(tempfile.mkdtemp(prefix="planted-", dir="/srv" if os.path.isdir("/srv") else "/var/lib"))
    try:
        folder.chmod(0o755)
        (folder / "secret").write_text("SECRET")
        (folder / "secret").chmod(0o644)
        with sandbox.workspace(SMALL) as scratch:
            run, stdout = sandboxed(scratch, f"""
                print(json.dumps({{
                    "read": attempt(lambda: open({str(folder / "secret")!r}).read()),
                    "list": attempt(lambda: os.listdir({str(folder)!r})),
                    "parent": attempt(lambda: [p for p in os.listdir({str(folder.parent)!r}) if p.startswith("planted-")]),
                }}))
            """)
    finally:
        shutil.rmtree(folder)
    assert run.ok, run.describe()
    assert_all_failed(attempts(stdout))
    assert "SECRET" not in stdout


def test_the_course_and_the_repo_cannot_be_changed(scratch, course):
    escape = REPO / f"sandbox-escape-{uuid.uuid4().hex}"
    before = {path: sha256(path) for path in (course / "gradebook.db", REPO / "pyproject.toml", Path(__file__))}
    try:
        run, stdout = sandboxed(scratch, f"""
            print(json.dumps({{
                "write the gradebook": attempt(lambda: open({str(course / "gradebook.db")!r}, "w").write("all A")),
                "new file in the course": attempt(lambda: open({str(course / "new.txt")!r}, "w")),
                "delete the master": attempt(lambda: os.unlink({str(course / "source/week2/01_numpy_basics.ipynb")!r})),
                "new file in the repo": attempt(lambda: open({str(escape)!r}, "w")),
                "open pyproject for writing": attempt(lambda: open({str(REPO / "pyproject.toml")!r}, "a")),
                "delete this test file": attempt(lambda: os.unlink({__file__!r})),
            }}))
        """)
        assert run.ok, run.describe()
        assert_all_failed(attempts(stdout))
        assert not escape.exists() and not (course / "new.txt").exists()
        assert (course / "source/week2/01_numpy_basics.ipynb").exists()
        assert {path: sha256(path) for path in before} == before
    finally:
        escape.unlink(missing_ok=True)


def test_what_it_may_read_it_cannot_change(scratch):
    targets = [REPO / "dnn_utils" / f"planted-{uuid.uuid4().hex}.py", REPO / "data" / "planted.txt",
               Path(sys.prefix) / "planted.pth", Path(sys.base_prefix) / "planted", Path("/usr/lib/planted"),
               Path("/etc/planted"), Path("/planted")]
    run, stdout = sandboxed(scratch, f"""
        print(json.dumps({{path: attempt(lambda: open(path, "w")) for path in {[str(p) for p in targets]!r}}}))
    """)
    assert run.ok, run.describe()
    assert_all_failed(attempts(stdout))
    assert not any(path.exists() for path in targets)


def test_writes_to_tmp_stay_in_the_sandbox(scratch):
    outside = Path("/tmp") / f"sandbox-escape-{uuid.uuid4().hex}"
    try:
        run, stdout = sandboxed(scratch, f"""
            open({str(outside)!r}, "w").write("escaped")
            print(json.dumps({{"inside": open({str(outside)!r}).read()}}))
        """)
        assert run.ok, run.describe()
        assert attempts(stdout) == {"inside": "escaped"}
        assert not outside.exists()
    finally:
        outside.unlink(missing_ok=True)


def test_scratch_is_left_with_regular_files_and_folders_only(scratch):
    run, _ = sandboxed(scratch, """
        os.symlink("/etc/passwd", "results.json")
        os.mkfifo("progress.jsonl")
        os.mkdir("locked")
        open("locked/answer.txt", "w").write("kept")
        os.chmod("locked", 0)
    """)
    assert run.ok, run.describe()
    assert not (scratch / "results.json").is_symlink() and not (scratch / "progress.jsonl").exists()
    assert (scratch / "locked" / "answer.txt").read_text() == "kept"


def test_a_tree_1100_folders_deep_is_tidied_and_nothing_of_the_run_is_left():
    with sandbox.workspace(dataclasses.replace(SMALL, inodes=3000)) as scratch:
        run, _ = sandboxed(scratch, """
            for top in (os.getcwd(), "/tmp"):
                os.chdir(top)
                for _ in range(1100):
                    os.mkdir("d")
                    os.chdir("d")
                os.symlink("/etc/passwd", "link")
                open("file", "w").write("deep")
        """)
        assert run.ok, run.describe() + run.stderr_tail
        bottom = scratch.joinpath(*["d"] * 1100)
        assert (bottom / "file").read_text() == "deep" and not (bottom / "link").is_symlink()
    assert not scratch.parent.exists() and not mounted(scratch.parent)
    assert our_cgroups() == []


@needs_cgroups
def test_what_a_grader_killed_mid_run_left_is_removed_by_the_next_workspace():
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # a grader killed mid-run: its workspace still mounted, its cgroup still there
        try:
            space = sandbox.workspace(SMALL)  # kept: its end would unmount it
            scratch, group = space.__enter__(), sandbox.Cgroup(SMALL)
            os.write(write, json.dumps([str(scratch.parent), *map(str, group.all())]).encode())
        finally:
            os._exit(0)
    os.close(write)
    left = json.loads(os.read(read, 100_000))
    os.waitpid(pid, 0)
    assert mounted(left[0]) and all(os.path.exists(path) for path in left)
    with sandbox.workspace(SMALL):
        pass
    assert not mounted(left[0]) and not any(os.path.exists(path) for path in left)


# ----------------------------------------------------------------------------- network
def test_no_network_not_even_to_the_host(scratch):
    listener = Listener()
    try:
        run, stdout = sandboxed(scratch, f"""
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


def test_a_listening_unix_socket_on_the_host_cannot_be_reached(scratch):
    # Like PostgreSQL's /var/run/postgresql/.s.PGSQL.5432: open to anyone who can see the file.
    path = f"/run/sandbox-test-{uuid.uuid4().hex}.sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(path)
    os.chmod(path, 0o777)
    server.listen()
    server.setblocking(False)
    try:
        run, stdout = sandboxed(scratch, f"""
            import socket
            print(json.dumps({{"connect": attempt(lambda: socket.socket(socket.AF_UNIX).connect({path!r}))}}))
        """)
        with pytest.raises(BlockingIOError):
            server.accept()
    finally:
        server.close()
        os.unlink(path)
    assert run.ok, run.describe()
    assert_all_failed(attempts(stdout))


# ----------------------------------------------------------------------------- limits
def test_allocating_4_gb_fails_with_a_memory_error(scratch):
    run, _ = sandboxed(scratch, """
        hoard = bytearray(4 * 1024**3)
    """)
    assert not run.ok
    assert "MemoryError" in run.describe() and "1024 MB" in run.describe()


@needs_cgroups
def test_4_children_of_1_5_gb_cannot_all_get_their_memory_under_a_2_gb_cap(scratch):
    run, stdout = sandboxed(scratch, """
        import time
        read, write = os.pipe()
        children = []
        for _ in range(4):
            pid = os.fork()
            if pid == 0:
                hoard = bytearray(1536 * 1024**2)  # zero-filled: every page touched
                os.write(write, b"x")
                time.sleep(1)
                os._exit(0)
            children.append(pid)
        os.close(write)
        statuses = [os.waitpid(pid, 0)[1] for pid in children]
        print(json.dumps({"got": len(os.read(read, 100)), "killed": sum(os.WIFSIGNALED(s) for s in statuses)}))
    """, limits=dataclasses.replace(SMALL, wall_seconds=30, cpu_seconds=20, memory_mb=2048, cpus=2))
    assert run.ok, run.describe() + run.stderr_tail
    seen = attempts(stdout)
    assert seen["got"] < 4 and seen["killed"] >= 1
    assert run.caps[0] == f"cgroup v{sandbox.cgroup_parents()[0]}" and run.out_of_memory
    assert run.peak_memory_mb <= 2048


@needs_cgroups
def test_the_cpu_share_caps_all_processes_together(scratch):
    run, stdout = sandboxed(scratch, """
        import resource, time
        for _ in range(2):
            if os.fork() == 0:
                end = time.monotonic() + 1
                while time.monotonic() < end:
                    pass
                os._exit(0)
        os.wait(), os.wait()
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        print(json.dumps({"cpu": usage.ru_utime + usage.ru_stime}))
    """, limits=dataclasses.replace(SMALL, cpus=0.2))
    assert run.ok, run.describe()
    assert attempts(stdout)["cpu"] < 0.35  # 2 processes x 1 s of wall time, a fifth of a CPU between them


def test_burning_cpu_is_stopped_at_the_cpu_time_limit(scratch):
    run, _ = sandboxed(scratch, """
        while True:
            pass
    """)
    assert run.signal == signal.SIGXCPU and not run.timed_out
    assert run.describe() == "used more than the 2 s CPU-time limit"
    assert run.seconds < SMALL.wall_seconds


def test_a_program_ignoring_signals_is_killed_at_the_wall_time_limit_with_every_process_it_started(scratch):
    marker = f"marker-{uuid.uuid4().hex}"
    run, stdout = sandboxed(scratch, """
        import signal, time
        for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(number, signal.SIG_IGN)
        print(json.dumps({"uid": os.getuid()}), flush=True)
        if os.fork() == 0:
            os.setsid()  # leaves the process group the parent kills
        while True:
            time.sleep(0.1)
    """, limits=dataclasses.replace(SMALL, wall_seconds=2), argv_tail=[marker])
    assert run.timed_out and run.returncode is None
    assert run.describe() == "ran longer than the 2 s wall-time limit and was stopped"
    assert run.seconds < 2 + 3
    assert left_over(marker, attempts(stdout)["uid"]) == []
    assert our_cgroups() == []


def test_a_fork_storm_hits_the_process_limit_fails_the_run_and_nothing_survives(scratch):
    marker = f"marker-{uuid.uuid4().hex}"
    run, stdout = sandboxed(scratch, """
        import time
        children = 0
        try:
            while children < 1000:
                if os.fork() == 0:
                    time.sleep(60)
                    os._exit(0)
                children += 1
        finally:
            print(json.dumps({"uid": os.getuid(), "children": children}), flush=True)
    """, argv_tail=[marker])
    seen = attempts(stdout)
    assert seen["children"] < SMALL.processes
    assert run.describe() == (
        "exited with status 1: BlockingIOError: [Errno 11] Resource temporarily unavailable (the limit is 16 processes)"
    )
    assert left_over(marker, seen["uid"]) == []
    assert our_cgroups() == []


def test_printing_50_mb_is_cut_at_the_file_size_limit_without_the_parent_holding_it(scratch):
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    run, _ = sandboxed(scratch, """
        line = "x" * 1023 + "\\n"
        for _ in range(50 * 1024):
            sys.stdout.write(line)
    """)
    peak_growth_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024
    assert (scratch / "stdout.txt").stat().st_size <= SMALL.file_mb * sandbox.MB
    assert run.output_capped and not run.ok
    assert run.describe() == "wrote more than the 5 MB file-size limit (its output was cut there)"
    assert peak_growth_mb < 20


@needs_root
@pytest.mark.parametrize("filler", [
    'chunk = b"x" * 1024**2\nfor i in range(64):\n    open(f"{folder}/fill-{i}", "wb").write(chunk)',
    'for i in range(20_000):\n    open(f"{folder}/f{i}", "w").close()',
], ids=["bytes", "files"])
@pytest.mark.parametrize("folder", [".", "/tmp"])
def test_filling_the_disk_stops_at_the_workspace_caps_and_fails_the_run(scratch, filler, folder):
    # 64 MB or 20,000 files, against caps of 16 MB and 1,000 files for scratch and /tmp together.
    run, _ = sandboxed(scratch, f"folder = {folder!r}\n{filler}")
    assert not run.ok
    assert run.disk_full
    assert run.describe() == "filled its disk: scratch and /tmp hold at most 16 MB in 1000 files and folders"
    usage = os.statvfs(scratch)
    assert (usage.f_blocks - usage.f_bfree) * usage.f_frsize <= SMALL.disk_mb * sandbox.MB


# ----------------------------------------------------------------------------- setup and reports
def test_check_available_says_how_to_install_bwrap_when_it_is_missing(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(sandbox.SandboxUnavailable, match="bwrap.*apt-get install bubblewrap"):
        sandbox.check_available()


def test_the_summary_names_the_mechanism_in_force():
    words = sandbox.mechanism()
    if CGROUPS:
        assert words.startswith(f"per hand-in: cgroup v{sandbox.cgroup_parents()[0]} (memory, processes, CPU share")
    elif AS_ROOT:
        assert words.startswith("per hand-in: a tmpfs for scratch and /tmp") and "no cgroups" in words
    else:
        assert words.startswith("rlimits per process only")


@needs_root
def test_as_root_scratch_must_be_a_workspace_where_the_disk_caps_live(tmp_path):
    with pytest.raises(ValueError, match="workspace"):
        sandbox.run(["true"], tmp_path, limits=SMALL)


@pytest.mark.skipif(not AS_ROOT, reason="a uid per run exists only when grading as root")
def test_concurrent_runs_get_different_uids():
    def uid_of_a_run(_):
        with sandbox.workspace(SMALL) as scratch:
            run, stdout = sandboxed(scratch, """
                import time
                time.sleep(0.5)
                print(json.dumps({"uid": os.getuid()}))
            """)
        assert run.ok, run.describe()
        return attempts(stdout)["uid"]

    with ThreadPoolExecutor(2) as pool:
        uids = list(pool.map(uid_of_a_run, range(2)))
    assert len(set(uids)) == 2


def test_a_command_that_cannot_start_is_reported_with_bwrap_s_reason(scratch):
    run = sandbox.run(["no-such-program"], scratch, limits=SMALL)
    assert not run.ok
    assert run.describe().startswith("exited with status")  # 127 from prlimit as root, 1 from bwrap otherwise
    assert "no-such-program" in run.describe() and "No such file or directory" in run.describe()


@pytest.mark.parametrize("run, reason", [
    (sandbox.Run(None, 9, False, 1.0, ""), "was killed by signal 9 (SIGKILL), e.g. after ignoring SIGXCPU"),
    (sandbox.Run(None, 9, False, 1.0, "", out_of_memory=True), "was killed: its processes together reached the 2048 MB memory limit"),
    (sandbox.Run(None, 11, False, 1.0, ""), "was killed by signal 11 (SIGSEGV)"),
    (sandbox.Run(3, None, False, 1.0, "Traceback\nValueError: bad shape\n"), "exited with status 3: ValueError: bad shape"),
    (sandbox.Run(120, None, False, 1.0, "", disk_full=True), "filled its disk: scratch and /tmp hold at most 512 MB in 10000 files"),
    (sandbox.Run(1, None, False, 1.0, ""), "exited with status 1"),
    (sandbox.Run(0, None, False, 1.0, ""), "finished normally"),
])
def test_describe_gives_an_instructor_the_reason(run, reason):
    assert run.describe().startswith(reason)
