"""Run one command isolated: bubblewrap decides what it sees, cgroups and rlimits what it may use, a uid who it is.

    with workspace(limits) as scratch:
        run([python, "harness.py", str(scratch)], scratch, expose=default_exposed(repo), limits=limits)
        ...read what it left in scratch...

What the command gets:
- files: an empty root holding, read-only, only the system libraries (/usr/lib, /usr/lib64; /lib, /lib64
  and /bin as they are on the host: links into /usr, or folders), /etc/ld.so.cache and /etc/localtime,
  setpriv and prlimit (they run inside), and the `expose` paths at their own paths (default_exposed: the
  Python runtime, the venv, the repo's dnn_utils/ and data/); its own /proc and /dev; `scratch`, the one
  writable folder that outlives the run (also its cwd, HOME, TMPDIR and MPLCONFIGDIR), and a private
  /tmp, never seen by the caller. No other host path: no course folder, no socket file.
- no network (an empty network namespace, so not even the host's 127.0.0.1), its own process tree
  (a pid namespace: when its pid 1 ends, the kernel ends every process in it), no capabilities,
  no new privileges, a minimal environment (never the caller's: it may hold database passwords).
- caps (Limits). As root, per run: a cgroup (v2, or v1) caps the memory, the number of processes and
  the CPU share of all its processes together, and a tmpfs (workspace) caps scratch and /tmp together
  in bytes and files. Per process, always: rlimits on CPU time, address space, processes and file
  size; no core dumps. Without root, the rlimits alone. mechanism() says which are in force.
- as root, a uid of its own (see allocate_uid), so that RLIMIT_NPROC counts only this run's
  processes; as another user, that user inside a user namespace.

Its stdout and stderr go to scratch/stdout.txt and scratch/stderr.txt, capped by the file-size
limit; the parent never holds them in memory. When run() returns, no process of the run is left,
its cgroup is gone, and scratch holds only regular files and folders (symlinks, fifos, sockets the
command left there are removed), so the caller may read it with more rights than the command had.
When the workspace block ends, nothing of the run is left on disk.

Needs bubblewrap (bwrap) and util-linux (prlimit, setpriv); check_available() says what is missing.
"""
import contextlib
import ctypes
import errno
import functools
import itertools
import json
import os
import select
import shlex
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

MB = 1024 * 1024
TAIL_BYTES = 2000
TEARDOWN_SECONDS = 5
UID_BASE = 200_000
RUNS_PER_PROCESS = 64
TOOLS = {"bwrap": "bubblewrap", "prlimit": "util-linux", "setpriv": "util-linux"}
ROOT_NAMESPACES = ("--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try")
SYSTEM = ("/usr/lib", "/usr/lib64", "/etc/ld.so.cache", "/etc/localtime")  # what the dynamic loader and Python need
USR_MERGED = ("/lib", "/lib64", "/bin")  # links into /usr on merged-usr systems, recreated as they are
CONTROLLERS = ("memory", "pids", "cpu")
CPU_PERIOD_US = 100_000
BWRAP_PROCESSES = 2  # bwrap's monitor and the sandbox's pid 1 count in the run's cgroup too
MS_NOSUID, MS_NODEV, MNT_DETACH = 2, 4, 2
LIBC = ctypes.CDLL(None, use_errno=True)

_runs = itertools.count()  # this process's run counter, one slot of its uids per run


class SandboxUnavailable(RuntimeError):
    """The sandbox cannot run on this machine; the message says what is missing and how to fix it."""


@dataclass(frozen=True)
class Limits:
    """What one run may use ("per run": all its processes together, as root; else per process)."""

    wall_seconds: float = 300  # killed (whole process tree) after this
    cpu_seconds: int = 300  # RLIMIT_CPU per process: SIGXCPU, then SIGKILL one second later if that is ignored
    memory_mb: int = 2048  # RLIMIT_AS per process; as root also the memory of the whole run (cgroup)
    processes: int = 64  # RLIMIT_NPROC (counted per uid, hence the per-run uid), as root also pids.max; threads count
    file_mb: int = 256  # RLIMIT_FSIZE; without root also the size of the private /tmp
    cpus: float = 1.0  # as root, the run's CPU share: this many CPUs' worth of time (cgroup)
    disk_mb: int = 512  # as root, scratch and /tmp together hold at most this much (workspace)...
    inodes: int = 10_000  # ...in at most this many files and folders


@dataclass(frozen=True)
class Run:
    """How a run ended.

    returncode     -- the command's exit status; None when a signal ended it or it timed out
    signal         -- the signal that ended it, else None (bwrap reports it as status 128 + signal,
                      as a shell does, so a command calling exit(137) reads as SIGKILL)
    timed_out      -- stopped at the wall-time limit
    seconds        -- wall time
    stderr_tail    -- the last ~2000 bytes of its stderr
    output_capped  -- stdout.txt or stderr.txt reached the file-size limit and was cut there
    caps           -- what capped it: "cgroup v1", "cgroup v2" (its processes together), "tmpfs"
                      (its disk), "rlimits" (each process)
    out_of_memory  -- the kernel killed a process of it at the memory limit of the whole run
    disk_full      -- it ended with no byte or no file left in its workspace (scratch and /tmp)
    peak_memory_mb -- the most memory its processes held together (None without a cgroup)
    """

    returncode: int | None
    signal: int | None
    timed_out: bool
    seconds: float
    stderr_tail: str
    output_capped: bool = False
    limits: Limits = field(default_factory=Limits)
    caps: tuple = ("rlimits",)
    out_of_memory: bool = False
    disk_full: bool = False
    peak_memory_mb: float | None = None

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
        if self.disk_full:
            return f"filled its disk: scratch and /tmp hold at most {limits.disk_mb} MB in {limits.inodes} files and folders"
        if self.signal == signal.SIGKILL and self.out_of_memory:
            return f"was killed: its processes together reached the {limits.memory_mb} MB memory limit"
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
        if "MemoryError" in lines[-1]:
            hint = f" (the memory limit is {limits.memory_mb} MB)"
        elif "Resource temporarily unavailable" in lines[-1]:
            hint = f" (the limit is {limits.processes} processes)"
        else:
            hint = ""
        return f"exited with status {self.returncode}: {lines[-1]}{hint}"


def signal_name(number):
    try:
        return signal.Signals(number).name
    except ValueError:
        return "unknown signal"


# ----------------------------------------------------------------------------- availability
def tools():
    """tool name -> absolute path, symlinks resolved; raises SandboxUnavailable naming what is not on PATH."""
    found = {name: shutil.which(name) for name in TOOLS}
    missing = [name for name, path in found.items() if path is None]
    if missing:
        packages = " ".join(sorted({TOOLS[name] for name in missing}))
        raise SandboxUnavailable(
            f"the grading sandbox needs {', '.join(missing)}, not found on PATH ({os.environ.get('PATH', '')}). "
            f"Install it with: sudo apt-get install {packages}"
        )
    return {name: str(Path(path).resolve()) for name, path in found.items()}


def check_available():
    """Raise SandboxUnavailable, saying why and what to do, unless run() can work on this machine."""
    limits = Limits(wall_seconds=30)
    if os.geteuid() == 0:
        fix = "As root, bwrap needs to mount file systems: in a container, give it CAP_SYS_ADMIN (e.g. docker run --privileged)."
    else:
        fix = (
            "bwrap needs unprivileged user namespaces: enable them (Debian: sysctl -w kernel.unprivileged_userns_clone=1; "
            "Ubuntu 24.04+: sysctl -w kernel.apparmor_restrict_unprivileged_userns=0), or grade as root."
        )
    try:
        with workspace(limits) as scratch:
            outcome = run([sys.executable, "-c", "pass"], scratch, expose=(sys.prefix, sys.base_prefix), limits=limits)
    except OSError as exc:
        raise SandboxUnavailable(f"cannot make the sandbox's scratch tmpfs: {exc}. {fix}") from None
    if not outcome.ok:
        raise SandboxUnavailable(f"bwrap cannot create a sandbox on this machine: Python {outcome.describe()}. {fix}")


def mechanism():
    """In words, what caps a run on this machine (the grading summary prints it)."""
    version, parents = cgroup_parents()
    if os.geteuid() != 0:
        return "rlimits per process only (memory, processes of the user, CPU time, file size): cgroups and the scratch tmpfs need root"
    rlimits = "per process: rlimits (memory, CPU time, file size)"
    disk = "a tmpfs for scratch and /tmp (bytes, files)"
    if version is None:
        return f"per hand-in: {disk}, no cgroups ({parents}); {rlimits}, processes per uid"
    return f"per hand-in: cgroup v{version} (memory, processes, CPU share of all its processes together), {disk}; {rlimits}"


# ----------------------------------------------------------------------------- running
def run(argv, scratch, *, expose=(), limits=Limits(), env=None):
    """Run `argv` isolated; return a Run once it and every process it started have ended.

    argv    -- the command; argv[0] is looked up on env's PATH inside the sandbox
    scratch -- the only writable folder, also cwd, HOME, TMPDIR, MPLCONFIGDIR; as root it must come
               from workspace() (where the disk caps live), otherwise any folder (created if missing)
    expose  -- host paths the command may read, at their own paths (e.g. default_exposed(repo))
    limits  -- a Limits
    env     -- the environment inside (default: default_env(scratch)); HOME, TMPDIR and
               MPLCONFIGDIR are set to scratch whatever it says
    """
    found = tools()
    scratch = Path(scratch).resolve()
    environment = sandbox_environment(scratch, env)
    if os.geteuid() != 0:
        scratch.mkdir(parents=True, exist_ok=True)
        # RLIMIT_NPROC counts every process of our uid, those already running included.
        processes = tasks_of(os.getuid()) + limits.processes
        command = [
            found["prlimit"], *rlimit_args(limits, processes),
            "--", found["bwrap"], *mount_args(scratch, None, expose, limits, found), "--unshare-all", "--die-with-parent", "--", *argv,
        ]
        outcome = execute(command, scratch, limits, environment, info=True)
        keep_only_files_and_folders(scratch)
        return outcome
    tmp = workspace_tmp(scratch)
    if tmp is None:
        raise ValueError(f"as root, scratch must come from sandbox.workspace() (where its disk caps live), not {scratch}")
    uid = allocate_uid()
    for folder in (scratch, tmp):
        own_tree(folder, uid)
    # bwrap runs as root so that it can mount paths under folders the run's uid may not enter
    # (a base Python in /root/.pyenv, pytest's 0700 temp folders); setpriv then drops to the uid.
    command = [
        found["bwrap"], *mount_args(scratch, tmp, expose, limits, found), *ROOT_NAMESPACES, "--die-with-parent",
        "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--cap-add", "CAP_SETPCAP",
        "--", found["setpriv"], f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
        "--no-new-privs", "--inh-caps=-all", "--bounding-set=-all",
        "--", found["prlimit"], *rlimit_args(limits, limits.processes), "--", *argv,
    ]
    version, _ = cgroup_parents()
    if version is None:
        outcome = execute(command, scratch, limits, environment, info=True)
        caps = ("tmpfs", "rlimits")
    else:
        group = Cgroup(limits)
        try:
            outcome = execute(group.enter(command), scratch, limits, environment, info=True)
        finally:
            group.remove()
        caps = (f"cgroup v{version}", "tmpfs", "rlimits")
        outcome = replace(outcome, out_of_memory=group.out_of_memory, peak_memory_mb=group.peak_memory_mb)
    keep_only_files_and_folders(scratch)
    space = os.statvfs(scratch)
    return replace(outcome, caps=caps, disk_full=space.f_bavail == 0 or space.f_favail == 0)


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


def default_exposed(repo):
    """What a student's notebook may read besides the system: the venv (sys.prefix), the base Python
    behind it (sys.base_prefix), the repo's dnn_utils/ and data/ (where the venv's editable install
    points). Nothing else of the repo or the course."""
    return (sys.prefix, sys.base_prefix, Path(repo) / "dnn_utils", Path(repo) / "data")


def mount_args(scratch, tmp, expose, limits, found):
    """bwrap's file-system arguments: an empty root; the allow-list read-only; /tmp and scratch writable.

    tmp -- the host folder to mount on /tmp (a workspace's); None: a private tmpfs of limits.file_mb
    """
    system = [*SYSTEM, found["setpriv"], found["prlimit"]]
    system += [path for path in USR_MERGED[:2] if os.path.isdir(path) and not os.path.islink(path)]
    readable = [Path(os.path.abspath(p)) for p in system] + [Path(p).resolve() for p in expose]
    args, created, bound = ["--proc", "/proc", "--dev", "/dev"], set(), []
    # /tmp first: what is exposed from under the host's /tmp (a clone of the course there) is bound over it
    if tmp is None:
        args += ["--perms", "1777", "--size", str(limits.file_mb * MB), "--tmpfs", "/tmp"]
    else:
        args += ["--bind", str(tmp), "/tmp"]
    created.add(Path("/tmp"))
    for path in by_depth(readable):
        if not inside(path, bound):
            args += parent_folders(path, created, bound) + ["--ro-bind", str(path), str(path)]
            bound.append(path)
    for link in USR_MERGED:
        if os.path.islink(link):
            args += ["--symlink", os.readlink(link), link]
    args += parent_folders(scratch, created, bound) + ["--bind", str(scratch), str(scratch)]
    return args + ["--remount-ro", "/", "--chdir", str(scratch)]


def by_depth(paths):
    """The existing paths among `paths` (Paths), each once, parents before children."""
    return sorted({p for p in paths if p.exists()}, key=lambda p: (len(p.parts), str(p)))


def inside(path, folders):
    return any(f == path or f in path.parents for f in folders)


def parent_folders(path, created, bound):
    """--dir arguments for the parents of `path` that bwrap must create (those in a bound folder exist).

    Left to itself bwrap creates them 0700 root, which the run's uid cannot cross; 0755 it can.
    """
    args = []
    for parent in reversed(path.parents[:-1]):  # all but /
        if parent not in created and not inside(parent, bound):
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


# ----------------------------------------------------------------------------- workspace
@contextlib.contextmanager
def workspace(limits=Limits()):
    """A scratch folder for run() (yielded); when the block ends, nothing of it is left on disk.

    As root: scratch and the run's /tmp are folders of one tmpfs of limits.disk_mb and limits.inodes,
    so a run can fill neither the host's disk nor its inode table, and unmounting it at the end takes
    everything the run wrote, however deep. Otherwise: a folder on disk (/tmp is then bwrap's own
    tmpfs), removed at the end.
    """
    if os.geteuid() == 0:
        sweep()
    folder = Path(tempfile.mkdtemp(prefix=f"sandbox-{os.getpid()}-"))
    mounted = False
    try:
        if os.geteuid() == 0:
            options = f"size={limits.disk_mb * MB},nr_inodes={limits.inodes},mode=0700"
            libc("mount", b"tmpfs", os.fsencode(folder), b"tmpfs", MS_NOSUID | MS_NODEV, options.encode())
            mounted = True
        for name in ("scratch", "tmp"):
            (folder / name).mkdir(mode=0o700)
        yield folder / "scratch"
    finally:
        if mounted:
            libc("umount2", os.fsencode(folder), MNT_DETACH)
            folder.rmdir()
        else:
            subprocess.run(["rm", "-rf", "--", str(folder)], check=True)  # no recursion limit, unlike shutil.rmtree


def sweep():
    """Remove the workspaces and cgroups of graders that ended without removing them (killed mid-run:
    their sandbox died with them, by --die-with-parent), named sandbox-<pid>-... after their pid."""
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        fields = line.split()
        folder = Path(fields[4])
        if fields[fields.index("-") + 1] == "tmpfs" and not alive(folder.name):
            with contextlib.suppress(OSError):  # another grader may be sweeping it too
                libc("umount2", os.fsencode(folder), MNT_DETACH)
                folder.rmdir()
    version, parents = cgroup_parents()
    for parent in set(parents.values()) if version else ():
        for group in parent.glob("sandbox-*-*"):
            if not alive(group.name):
                with contextlib.suppress(OSError):  # EBUSY: someone's processes still run in it
                    group.rmdir()


def alive(name):
    """False if `name` is sandbox-<pid>-... and no process has that pid any more, else True."""
    parts = name.split("-")
    return not (len(parts) >= 3 and parts[0] == "sandbox" and parts[1].isdigit()) or os.path.exists(f"/proc/{parts[1]}")


def workspace_tmp(scratch):
    """The /tmp folder of the workspace tmpfs that holds `scratch`; None if scratch is not in one."""
    tmp = scratch.parent / "tmp"
    return tmp if scratch.name == "scratch" and os.path.ismount(scratch.parent) and tmp.is_dir() else None


def libc(name, *args):
    """Call a libc function that returns 0 on success; OSError (naming the path) otherwise."""
    if getattr(LIBC, name)(*args) != 0:
        number = ctypes.get_errno()
        raise OSError(number, f"{name}: {os.strerror(number)}", os.fsdecode(args[1] if name == "mount" else args[0]))


# ----------------------------------------------------------------------------- cgroups
@functools.cache
def cgroup_parents():
    """(version, {controller: folder}) under which run() makes a cgroup per run; (None, why not)
    when it cannot: not root, or the hierarchy is read-only or lacks a controller."""
    if os.geteuid() != 0:
        return None, "not root"
    try:
        if Path("/sys/fs/cgroup/cgroup.controllers").exists():
            version, parents = 2, v2_parents()
        else:
            version, parents = 1, v1_parents()
        for folder in set(parents.values()):
            probe = folder / f"sandbox-probe-{os.getpid()}"
            probe.mkdir()
            probe.rmdir()
    except OSError as exc:
        return None, f"cannot make cgroups: {exc}"
    return version, parents


def v1_parents():
    """controller -> this process's own cgroup in that controller's v1 hierarchy (runs nest inside it)."""
    own = {}
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, names, path = line.split(":", 2)
        own.update(dict.fromkeys(names.split(","), path))
    parents = {}
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        fields = line.split()
        tail = fields[fields.index("-") + 1 :]  # file system type, source, super options
        for name in CONTROLLERS:
            if tail[0] == "cgroup" and name in tail[2].split(",") and name in own and name not in parents:
                parents[name] = Path(fields[4], os.path.relpath(own[name], fields[3]))
    missing = [name for name in CONTROLLERS if name not in parents]
    if missing:
        raise OSError(errno.ENOENT, f"no cgroup v1 hierarchy for {', '.join(missing)}")
    return parents


def v2_parents():
    """controller -> this process's own v2 cgroup, its controllers enabled for the runs' cgroups."""
    path = next(line[3:] for line in Path("/proc/self/cgroup").read_text().splitlines() if line.startswith("0::"))
    folder = Path("/sys/fs/cgroup", path.lstrip("/"))
    control = folder / "cgroup.subtree_control"
    missing = sorted(set(CONTROLLERS) - set(control.read_text().split()))
    if missing:  # EBUSY if this cgroup holds processes and is not the root: then rlimits only
        control.write_text(" ".join(f"+{name}" for name in missing))
    return dict.fromkeys(CONTROLLERS, folder)


class Cgroup:
    """One run's cgroup (one per v1 hierarchy): made with the caps of `limits`, gone after remove()."""

    _made = itertools.count()

    def __init__(self, limits):
        self.version, parents = cgroup_parents()
        name = f"sandbox-{os.getpid()}-{next(self._made)}"
        self.folders = {controller: parents[controller] / name for controller in CONTROLLERS}
        self.out_of_memory, self.peak_memory_mb = False, None
        for folder in self.all():
            folder.mkdir()
        try:
            self.cap(limits)
        except OSError:
            self.remove()
            raise

    def all(self):
        return sorted(set(self.folders.values()))

    def cap(self, limits):
        memory, pids, cpu = (self.folders[controller] for controller in CONTROLLERS)
        quota = max(1000, round(limits.cpus * CPU_PERIOD_US))
        (pids / "pids.max").write_text(str(limits.processes + BWRAP_PROCESSES))
        if self.version == 2:
            (memory / "memory.max").write_text(str(limits.memory_mb * MB))
            if (memory / "memory.swap.max").exists():
                (memory / "memory.swap.max").write_text("0")
            (cpu / "cpu.max").write_text(f"{quota} {CPU_PERIOD_US}")
        else:
            (memory / "memory.limit_in_bytes").write_text(str(limits.memory_mb * MB))
            if (memory / "memory.memsw.limit_in_bytes").exists():  # memory + swap: no way round the limit through swap
                (memory / "memory.memsw.limit_in_bytes").write_text(str(limits.memory_mb * MB))
            (cpu / "cpu.cfs_period_us").write_text(str(CPU_PERIOD_US))
            (cpu / "cpu.cfs_quota_us").write_text(str(quota))

    def enter(self, command):
        """`command`, started in this cgroup: a shell puts itself in it, then becomes the command,
        so every process the command starts is born inside."""
        joins = " && ".join(f"echo $$ > {shlex.quote(str(folder / 'cgroup.procs'))}" for folder in self.all())
        return ["/bin/sh", "-c", f'{joins} && exec "$@"', "sh", *command]

    def remove(self):
        """Kill whatever still runs in the cgroup, note its memory use, and remove it."""
        deadline = time.monotonic() + TEARDOWN_SECONDS
        while pids := self.pids():
            if time.monotonic() > deadline:
                raise RuntimeError(f"processes {sorted(pids)} of a sandbox survived SIGKILL for {TEARDOWN_SECONDS} s")
            for pid in pids:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.01)
        self.note_memory()
        for folder in self.all():
            while True:
                try:
                    folder.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError as exc:  # EBUSY while the kernel still releases the last exited tasks
                    if exc.errno != errno.EBUSY or time.monotonic() > deadline:
                        raise
                    time.sleep(0.01)

    def pids(self):
        return {int(pid) for folder in self.all() if folder.exists() for pid in (folder / "cgroup.procs").read_text().split()}

    def note_memory(self):
        memory = self.folders["memory"]
        if not memory.exists():
            return
        peak, events = ("memory.peak", "memory.events") if self.version == 2 else ("memory.max_usage_in_bytes", "memory.oom_control")
        if (memory / peak).exists():
            self.peak_memory_mb = int((memory / peak).read_text()) / MB
        counts = dict(line.split() for line in (memory / events).read_text().splitlines() if len(line.split()) == 2)
        self.out_of_memory = int(counts.get("oom_kill", 0)) > 0


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
    elsewhere by a symlink (to /etc/shadow, /dev/zero) or blocked on a fifo. The walk keeps a list,
    not a call stack, so any depth is fine; what lies beyond the longest path the kernel accepts
    (ENAMETOOLONG) no reader can reach by its path either, and is left as it is.
    """
    os.chmod(scratch, stat.S_IMODE(os.stat(scratch).st_mode) | 0o700)
    folders = [str(scratch)]
    while folders:
        with beyond_reach_ignored():
            for entry in list(os.scandir(folders.pop())):
                with beyond_reach_ignored():
                    mode = entry.stat(follow_symlinks=False).st_mode
                    if stat.S_ISDIR(mode):
                        os.chmod(entry.path, stat.S_IMODE(mode) | 0o700)
                        folders.append(entry.path)
                    elif stat.S_ISREG(mode):
                        os.chmod(entry.path, stat.S_IMODE(mode) | 0o600)
                    else:
                        os.unlink(entry.path)


@contextlib.contextmanager
def beyond_reach_ignored():
    try:
        yield
    except OSError as exc:
        if exc.errno != errno.ENAMETOOLONG:
            raise


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
