"""One grading run per assignment at a time.

Two runs of one assignment would both write its records, gradebook rows and reports, the last
one winning. A run holds an exclusive lock (fcntl.flock) on `<course>/.grading-<assignment>.lock`
for as long as it runs, and deletes the file when it ends; a second run is refused at once, with
who holds it. The kernel releases the lock when the holder's process ends, however it ends, so a
crashed run leaves at most an unlocked file behind, never a stale lock. (flock works between the
processes of one machine, not on every network file system.)
"""
import fcntl
import functools
import os
import socket
import time
from contextlib import contextmanager
from pathlib import Path


class AssignmentBusy(ValueError):
    """Another run is grading the same assignment."""


def lock_path(course, assignment):
    return Path(course) / f".grading-{assignment}.lock"


@contextmanager
def assignment_lock(course, assignment):
    """Hold the assignment's lock while the block runs; AssignmentBusy if another run holds it."""
    path = lock_path(course, assignment)
    handle = locked_file(path, assignment)
    try:
        handle.write(f"process {os.getpid()} on {socket.gethostname()}, started {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
        handle.flush()
        yield path
    finally:
        path.unlink(missing_ok=True)  # before unlocking: whoever locks the file next finds it gone, and retries
        handle.close()


def locked_file(path, assignment):
    """`path` opened and locked, still the file at `path` (a run that ended may have deleted it)."""
    while True:
        handle = open(path, "a+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = " ".join(handle.read().split()) or "another process"
            handle.close()
            raise AssignmentBusy(
                f"{assignment} is being graded by another run ({holder}); wait for it to end, then grade again "
                "(two runs of one assignment would overwrite each other's grades and reports). "
                f"The lock is {path}; it is released when that run ends.") from None
        try:
            if os.fstat(handle.fileno()).st_ino == os.stat(path).st_ino:
                handle.truncate(0)
                return handle
        except FileNotFoundError:
            pass
        handle.close()


def one_run_per_assignment(grade):
    """Decorate grade(course, assignment, ...) to run under assignment_lock(course, assignment)."""
    @functools.wraps(grade)
    def locked(course, assignment, *args, **kwargs):
        with assignment_lock(course, assignment):
            return grade(course, assignment, *args, **kwargs)

    return locked
