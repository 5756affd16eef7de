"""Run one command isolated: bubblewrap decides what it sees, rlimits what it may use, a uid who it is.

    run([python, "harness.py", str(scratch)], scratch, hide=hide, expose=expose, limits=Limits(wall_seconds=60))

What the command gets:
- files: the machine read-only, except the `hide` paths (an empty read-only folder, or /dev/null for a file),
  then the `expose` paths read-only again; `scratch` is the one writable folder that outlives the run
  (also its cwd, HOME, TMPDIR and MPLCONFIGDIR); /tmp is a private tmpfs, gone afterwards.
- no network (an empty network namespace, so not even the host's 127.0.0.1), its own process tree
  (a pid namespace: when its pid 1 ends, the kernel ends every process in it), no capabilities,
  no new privileges, a minimal environment (never the caller's: it may hold database passwords).
- limits (Limits): wall time, CPU time, address space, processes, file size; no core dumps.
- as root, a uid of its own (see allocate_uid), so that RLIMIT_NPROC counts only this run's
  processes; as another user, that user inside a user namespace.

Its stdout and stderr go to scratch/stdout.txt and scratch/stderr.txt, capped by the file-size
limit; the parent never holds them in memory. When run() returns, no process of the run is left,
and scratch holds only regular files and folders (symlinks, fifos, sockets the command left there
are removed), so the caller may read it with more rights than the command had.

Needs bubblewrap (bwrap) and util-linux (prlimit, setpriv); check_available() says what is missing.
"""
import contextlib
import itertools
import json
import os
import select
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

MB = 1024 * 1024
TAIL_BYTES = 2000
HIDDEN_TMPFS_BYTES = 64 * 1024  # a hidden folder's stand-in holds only the mount points of the exposed paths
TEARDOWN_SECONDS = 5
UID_BASE = 200_000
RUNS_PER_PROCESS = 64
TOOLS = {"bwrap": "bubblewrap", "prlimit": "util-linux", "setpriv": "util-linux"}
ROOT_NAMESPACES = ("--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try")

_runs = itertools.count()  # this process's run counter, one slot of its uids per run


class SandboxUnavailable(RuntimeError):
    """The sandbox cannot run on this machine; the message says what is missing and how to fix it."""


@dataclass(frozen=True)
class Limits:
    """What one run may use."""

    wall_seconds: float = 300  # killed (whole process tree) after this
    cpu_seconds: int = 300  # RLIMIT_CPU: SIGXCPU, then SIGKILL one second later if that is ignored
    memory_mb: int = 2048  # RLIMIT_AS
    processes: int = 64  # RLIMIT_NPROC (counted per uid, hence the per-run uid); threads count too
    file_mb: int = 256  # RLIMIT_FSIZE, also the size of the private /tmp


@dataclass(frozen=True)
class Run:
    """How a run ended.

    returncode    -- the command's exit status; None when a signal ended it or it timed out
    signal        -- the signal that ended it, else None (bwrap reports it as status 128 + signal,
                     as a shell does, so a command calling exit(137) reads as SIGKILL)
    timed_out     -- stopped at the wall-time limit
    seconds       -- wall time
    stderr_tail   -- the last ~2000 bytes of its stderr
    output_capped -- stdout.txt or stderr.txt reached the file-size limit and was cut there
    """

    returncode: int | None
    signal: int | None
    timed_out: bool
    seconds: float
    stderr_tail: str
    output_capped: bool = False
    limits: Limits = field(default_factory=Limits)

    @property
    def ok(self):
        return self.returncode == 0 and not self.timed_out

    def describe(self):
        """Why it did not finish normally, in words for an instructor ("finished normally" if it did)."""
        limits = self.limits
        if self.timed_out:
            return f"ran longer than the {limits.wall_seconds:g} s wall-time limit and was stopped"
        if self.signal == signal.SIGXCPU:
            return f"used more than the {limits.cpu_seconds} s CPU-time limit"
        if self.ok:
            return "finished normally"
        if self.signal == signal.SIGXFSZ or self.output_capped:
            return f"wrote more than the {limits.file_mb} MB file-size limit (its output was cut there)"
        if self.signal == signal.SIGKILL:
            return (
                "was killed by signal 9 (SIGKILL), e.g. after ignoring SIGXCPU at the CPU-time limit, "
                "or when the machine ran out of memory"
            )
        if self.signal is not None:
            return f"was killed by signal {self.signal} ({signal_name(self.signal)})"
        lines = self.stderr_tail.strip().splitlines()
        if not lines:
            return f"exited with status {self.returncode}"
        hint = f" (the memory limit is {limits.memory_mb} MB)" if "MemoryError" in lines[-1] else ""
        return f"exited with status {self.returncode}: {lines[-1]}{hint}"


def signal_name(number):
    try:
        return signal.Signals(number).name
    except ValueError:
        return "unknown signal"


# ----------------------------------------------------------------------------- availability
def tools():
    """tool name -> absolute path; raises SandboxUnavailable naming what is not on PATH."""
    found = {name: shutil.which(name) for name in TOOLS}
    missing = [name for name, path in found.items() if path is None]
    if missing:
        packages = " ".join(sorted({TOOLS[name] for name in missing}))
        raise SandboxUnavailable(
            f"the grading sandbox needs {', '.join(missing)}, not found on PATH ({os.environ.get('PATH', '')}). "
            f"Install it with: sudo apt-get install {packages}"
        )
    return found


def check_available():
    """Raise SandboxUnavailable, saying why and what to do, unless run() can work on this machine."""
    with tempfile.TemporaryDirectory(prefix="sandbox-check-") as scratch:
        outcome = run(["true"], scratch, limits=Limits(wall_seconds=30))
    if not outcome.ok:
        if os.geteuid() == 0:
            fix = "As root, bwrap needs to mount file systems: in a container, give it CAP_SYS_ADMIN (e.g. docker run --privileged)."
        else:
            fix = (
                "bwrap needs unprivileged user namespaces: enable them (Debian: sysctl -w kernel.unprivileged_userns_clone=1; "
                "Ubuntu 24.04+: sysctl -w kernel.apparmor_restrict_unprivileged_userns=0), or grade as root."
            )
        raise SandboxUnavailable(f"bwrap cannot create a sandbox on this machine: `true` {outcome.describe()}. {fix}")


# ----------------------------------------------------------------------------- running
def run(argv, scratch, *, hide=(), expose=(), limits=Limits(), env=None):
    """Run `argv` isolated; return a Run once it and every process it started have ended.

    argv    -- the command; argv[0] is looked up on env's PATH inside the sandbox
    scratch -- the only writable folder (created if missing), also cwd, HOME, TMPDIR, MPLCONFIGDIR;
               if it is outside /tmp and the hidden paths, its parent folders must be searchable
               by the run's uid
    hide    -- paths made invisible: a folder becomes an empty read-only folder, a file reads empty
               (it is /dev/null, so writes to it vanish)
    expose  -- paths visible again, read-only, after hiding (e.g. the venv inside a hidden repo)
    limits  -- a Limits
    env     -- the environment inside (default: default_env(scratch)); HOME, TMPDIR and
               MPLCONFIGDIR are set to scratch whatever it says
    """
    found = tools()
    scratch = Path(scratch).resolve()
    scratch.mkdir(parents=True, exist_ok=True)
    mounts = mount_args(scratch, hide, expose, limits)
    if os.geteuid() == 0:
        uid = allocate_uid()
        own_tree(scratch, uid)
        # bwrap runs as root so that it can mount paths under folders the run's uid may not enter
        # (a base Python in /root/.pyenv, pytest's 0700 temp folders); setpriv then drops to the uid.
        command = [
            found["bwrap"], *mounts, *ROOT_NAMESPACES, "--die-with-parent",
            "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--cap-add", "CAP_SETPCAP",
            "--", found["setpriv"], f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
            "--no-new-privs", "--inh-caps=-all", "--bounding-set=-all",
            "--", found["prlimit"], *rlimit_args(limits, limits.processes), "--", *argv,
        ]
    else:
        # RLIMIT_NPROC counts every process of our uid, those already running included.
        processes = tasks_of(os.getuid()) + limits.processes
        command = [
            found["prlimit"], *rlimit_args(limits, processes),
            "--", found["bwrap"], *mounts, "--unshare-all", "--die-with-parent", "--", *argv,
        ]
    outcome = execute(command, scratch, limits, sandbox_environment(scratch, env), info=True)
    keep_only_files_and_folders(scratch)
    return outcome


def run_unisolated(argv, scratch, *, limits=Limits(), env=None):
    """Run `argv` with run()'s limits, outputs and environment but NO isolation: trusted code only.

    It sees and may change every file the caller can, may use the network, and runs as the caller
    (as root, RLIMIT_NPROC does not apply); a process that leaves its session survives the run.
    For machines without bubblewrap, e.g. validating the masters.
    """
    found = tools()
    scratch = Path(scratch).resolve()
    scratch.mkdir(parents=True, exist_ok=True)
    processes = limits.processes + (0 if os.geteuid() == 0 else tasks_of(os.getuid()))
    command = [found["prlimit"], *rlimit_args(limits, processes), "--", *argv]
    outcome = execute(command, scratch, limits, sandbox_environment(scratch, env), info=False)
    keep_only_files_and_folders(scratch)
    return outcome


def default_env(scratch):
    """A minimal environment: the venv's bin and /usr/bin on PATH, one BLAS thread, no bytecode."""
    scratch = str(scratch)
    return {
        "PATH": os.pathsep.join((str(Path(sys.prefix) / "bin"), "/usr/bin", "/bin")),
        "HOME": scratch,
        "TMPDIR": scratch,
        "MPLCONFIGDIR": scratch,
        "LANG": "C.UTF-8",
        "OPENBLAS_NUM_THREADS": "1",
        "MPLBACKEND": "Agg",
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def sandbox_environment(scratch, env):
    environment = default_env(scratch) if env is None else dict(env)
    environment.update(HOME=str(scratch), TMPDIR=str(scratch), MPLCONFIGDIR=str(scratch))
    return environment


def default_hidden_and_exposed(repo, course, extra_hidden=()):
    """(hide, expose) for a student's notebook: no repo, course, /root or /home, but what it imports.

    Hidden: the repo, the course folder, /root, /home and `extra_hidden`. Exposed again: the venv
    (sys.prefix), the base Python behind it (sys.base_prefix), the repo's dnn_utils/ and data/,
    each resolved and only if it exists and lies under a hidden path.
    """
    hide = tuple(dict.fromkeys(Path(p).resolve() for p in (repo, course, "/root", "/home", *extra_hidden)))
    wanted = (sys.prefix, sys.base_prefix, Path(repo) / "dnn_utils", Path(repo) / "data")
    resolved = (Path(p).resolve() for p in wanted)
    expose = tuple(dict.fromkeys(p for p in resolved if p.exists() and any(h in p.parents for h in hide)))
    return hide, expose


def mount_args(scratch, hide, expose, limits):
    """bwrap's file-system arguments: / read-only, private /tmp, hide, expose, scratch writable."""
    args = [
        "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
        "--perms", "1777", "--size", str(limits.file_mb * MB), "--tmpfs", "/tmp",
    ]
    covered = [Path("/tmp")]  # folders replaced by a tmpfs: bwrap creates mount points in them
    created = set()
    for path in by_depth(hide):
        if path.is_dir():
            args += ["--perms", "0555", "--size", str(HIDDEN_TMPFS_BYTES), "--tmpfs", str(path)]
            covered.append(path)
        else:
            args += ["--dev-bind", "/dev/null", str(path)]  # reads empty; --ro-bind would forbid opening a device
    for path in by_depth(expose):
        args += parent_folders(path, covered, created) + ["--ro-bind", str(path), str(path)]
    args += parent_folders(scratch, covered, created) + ["--bind", str(scratch), str(scratch), "--chdir", str(scratch)]
    return args


def by_depth(paths):
    """The existing paths among `paths`, resolved, parents before children."""
    resolved = {Path(p).resolve() for p in paths}
    return sorted((p for p in resolved if p.exists()), key=lambda p: (len(p.parts), str(p)))


def parent_folders(path, covered, created):
    """--dir arguments for the parents of `path` that bwrap will create inside a tmpfs.

    Left to itself bwrap creates them 0700 root, which the run's uid cannot cross; 0755 it can.
    """
    args = []
    for parent in reversed(path.parents):
        if parent not in created and any(c in parent.parents for c in covered):
            args += ["--perms", "0755", "--dir", str(parent)]
            created.add(parent)
    return args


def rlimit_args(limits, processes):
    return [
        f"--cpu={limits.cpu_seconds}:{limits.cpu_seconds + 1}",  # SIGXCPU, then SIGKILL if it is ignored
        f"--as={limits.memory_mb * MB}",
        f"--nproc={processes}",
        f"--fsize={limits.file_mb * MB}",
        "--core=0",  # a crash must not write a core file the size of its memory into scratch
    ]


def execute(command, scratch, limits, env, info):
    """Start `command` in a new session, wait up to the wall time, end everything, return a Run.

    info -- the command is bwrap (possibly behind prlimit/setpriv): read its --info-fd to learn the
            sandbox's pid 1, and return only once that has ended, i.e. the whole pid namespace.
    """
    stdout = open_output(scratch / "stdout.txt")
    stderr = open_output(scratch / "stderr.txt")
    info_read, info_write = os.pipe() if info else (None, None)
    if info:
        bwrap = next(i for i, word in enumerate(command) if Path(word).name == "bwrap")
        command = [*command[: bwrap + 1], "--info-fd", str(info_write), *command[bwrap + 1 :]]
    started = time.monotonic()
    try:
        with open(os.devnull, "rb") as stdin_file:
            process = subprocess.Popen(
                command, stdin=stdin_file, stdout=stdout, stderr=stderr, env=env, cwd=scratch,
                start_new_session=True, pass_fds=(info_write,) if info else (),
            )
        sandbox_init = None
        try:
            if info:
                os.close(info_write)
                info_write = None
                sandbox_init = open_sandbox_init(info_read, limits.wall_seconds)
            timed_out = wait(process, limits.wall_seconds - (time.monotonic() - started))
        finally:
            if process.returncode is None:
                kill_group(process.pid)
                process.wait()
            if sandbox_init is not None:
                end_sandbox(sandbox_init)
        return ended(process.returncode, timed_out, time.monotonic() - started, stdout, stderr, limits)
    finally:
        for fd in (stdout, stderr, info_read, info_write):
            if fd is not None:
                os.close(fd)


def open_output(path):
    """A fresh file for the command's output (whatever stood at `path` is replaced, never followed)."""
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    return os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)


def open_sandbox_init(info_fd, seconds):
    """A pidfd of the sandbox's pid 1, from bwrap's --info-fd JSON; None if bwrap failed before it."""
    data = b""
    deadline = time.monotonic() + seconds
    while select.select([info_fd], [], [], max(0.0, deadline - time.monotonic()))[0]:
        chunk = os.read(info_fd, 4096)
        if not chunk:
            break
        data += chunk
    try:
        return os.pidfd_open(json.loads(data)["child-pid"])
    except (ValueError, KeyError, ProcessLookupError):  # bwrap failed (it says why on stderr), or pid 1 already ended
        return None


def wait(process, seconds):
    """Wait for `process` up to `seconds`, then kill its process group; True if it timed out."""
    try:
        process.wait(timeout=max(0.0, seconds))
        return False
    except subprocess.TimeoutExpired:
        kill_group(process.pid)
        process.wait()
        return True


def kill_group(pid):
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def end_sandbox(pidfd):
    """Kill the sandbox's pid 1 and wait until it has ended: the kernel ends its namespace first."""
    try:
        with contextlib.suppress(ProcessLookupError):
            signal.pidfd_send_signal(pidfd, signal.SIGKILL)
        if not select.select([pidfd], [], [], TEARDOWN_SECONDS)[0]:
            raise RuntimeError(f"the sandbox's processes survived SIGKILL for {TEARDOWN_SECONDS} s (stuck in the kernel?)")
    finally:
        os.close(pidfd)


def ended(code, timed_out, seconds, stdout, stderr, limits):
    """The Run for exit code `code` (negative: signal, from Popen; above 128: signal, from bwrap)."""
    number = -code if code < 0 else code - 128 if 128 < code <= 128 + signal.NSIG else None
    capped = any(os.fstat(fd).st_size >= limits.file_mb * MB for fd in (stdout, stderr))
    return Run(
        returncode=None if timed_out or number is not None else code,
        signal=None if timed_out else number,
        timed_out=timed_out,
        seconds=seconds,
        stderr_tail=tail(stderr),
        output_capped=capped,
        limits=limits,
    )


def tail(fd):
    size = os.fstat(fd).st_size
    return os.pread(fd, TAIL_BYTES, max(0, size - TAIL_BYTES)).decode("utf-8", errors="replace")


# ----------------------------------------------------------------------------- scratch and uids
def own_tree(scratch, uid):
    """Give scratch and what the caller put in it to `uid` (never following a symlink)."""
    os.chown(scratch, uid, uid)
    os.chmod(scratch, 0o700)
    for folder, folders, files in os.walk(scratch):
        for name in folders + files:
            os.chown(os.path.join(folder, name), uid, uid, follow_symlinks=False)


def keep_only_files_and_folders(scratch):
    """Remove what is neither a regular file nor a folder, and make the rest readable by its owner.

    The command is gone, so nothing changes under us: afterwards a reader of scratch cannot be sent
    elsewhere by a symlink (to /etc/shadow, /dev/zero) or blocked on a fifo.
    """
    os.chmod(scratch, stat.S_IMODE(os.stat(scratch).st_mode) | 0o700)
    for folder, folders, files in os.walk(scratch):
        for name in folders + files:
            path = os.path.join(folder, name)
            mode = os.lstat(path).st_mode
            if stat.S_ISDIR(mode):
                os.chmod(path, stat.S_IMODE(mode) | 0o700)
            elif stat.S_ISREG(mode):
                os.chmod(path, stat.S_IMODE(mode) | 0o600)
            else:
                os.unlink(path)


def processes():
    """(pid, real uid, threads) of every process we can see."""
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            status = Path(entry.path, "status").read_text()
        except OSError:  # ended meanwhile
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        yield int(entry.name), int(fields["Uid"].split()[0]), int(fields["Threads"])


def tasks_of(uid):
    """The number of tasks (threads included, as RLIMIT_NPROC counts them) running as `uid`."""
    return sum(threads for _, owner, threads in processes() if owner == uid)


def allocate_uid():
    """A uid for one run as root, not used by any other run on this machine.

    uid = 200000 + 64 * (our pid) + (our run counter mod 64): distinct live processes have distinct
    pids, and one process has 64 slots for its concurrent runs (threads). A run leaves no process
    behind, so a recycled pid finds its uids free; a uid that happens to have processes anyway is
    skipped. With Linux's largest pid_max (2**22) the uids stay below 2**31.
    """
    busy = {owner for _, owner, _ in processes()}
    for _ in range(RUNS_PER_PROCESS):
        uid = UID_BASE + RUNS_PER_PROCESS * os.getpid() + next(_runs) % RUNS_PER_PROCESS
        if uid not in busy:
            return uid
    raise RuntimeError(f"all {RUNS_PER_PROCESS} sandbox uids of process {os.getpid()} are in use: too many concurrent runs in one process")
