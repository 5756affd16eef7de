"""A judge that a hand-in cannot crash: what the student's process wrote is validated before it is
loaded, the judging runs under memory and CPU limits, and whatever goes wrong for one hand-in (the
judge's memory, its time, an exception, the death of its worker) costs that student alone."""
import bz2
import json
import os
import resource
import shutil
import signal
import struct
import tempfile
import threading
import time
import tracemalloc
import zlib
from pathlib import Path

import numpy as np
import pytest

from autograder import cli
from autograder.grading import batch, gradebook, harness, judge
from autograder.grading.outcome import GRADED, ExerciseResult, SubmissionResult
from notebook_tools import copy_course

MiB = 1 << 20
BOMB_MIB = 1431  # 1.5 GB of zeros once inflated


# ----------------------------------------------------------------------------- hand-made files
def npy_header(shape, dtype="<f8"):
    """The .npy header numpy writes for an array of `shape` (the data would follow)."""
    import io

    out = io.BytesIO()
    np.lib.format.write_array_header_1_0(out, {"descr": dtype, "fortran_order": False, "shape": shape})
    return out.getvalue()


def zip_of(members):
    """A zip file's bytes, written by hand so that it can lie.

    members -- (name, method, stored bytes, declared uncompressed size, crc32), method 0 stored,
               8 deflate, 12 bzip2
    """
    body, directory = b"", b""
    for name, method, stored, size, crc in members:
        name = name.encode()
        directory += struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", 20, 3, 20, 0, 0, method, 0, 0x21, crc,
                                 len(stored), size, len(name), 0, 0, 0, 0, 0, len(body)) + name
        body += struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", 20, 0, 0, method, 0, 0x21, crc, len(stored), size, len(name), 0)
        body += name + stored
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), len(body), 0)
    return body + directory + end


def deflate_bomb(mib):
    """(deflate stream, size, crc32) of an .npy of `mib` MiB of zeros, in ~1 kB per MiB: one
    independent deflate block of 1 MiB of zeros, repeated."""
    header = npy_header((mib * MiB // 8,))
    first = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = first.compress(header + bytes(MiB)) + first.flush(zlib.Z_FULL_FLUSH)
    again = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = again.compress(bytes(MiB)) + again.flush(zlib.Z_FULL_FLUSH)
    crc, zeros = zlib.crc32(header), bytes(MiB)
    for _ in range(mib):
        crc = zlib.crc32(zeros, crc)
    return start + block * (mib - 1) + b"\x03\x00", len(header) + mib * MiB, crc


def write_record(folder, name, npz_bytes, tree=None):
    """folder/name.json + .npz as a student's process could write them; returns the path to load."""
    tree = {"t": "array", "i": 0} if tree is None else tree
    (folder / f"{name}.json").write_text(json.dumps(tree))
    (folder / f"{name}.npz").write_bytes(npz_bytes)
    return folder / name


def refused_cheaply(path, seconds=2.0, peak_bytes=40_000_000):
    """harness.load(path) raises CodecError within `seconds`, allocating at most `peak_bytes` at peak."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(harness.CodecError) as refused:
            harness.load(path)
        elapsed, (_, peak) = time.perf_counter() - started, tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < seconds, f"took {elapsed:.1f} s to refuse"
    assert peak < peak_bytes, f"allocated {peak / MiB:.0f} MiB to refuse"
    return str(refused.value)


# ----------------------------------------------------------------------------- bounded loading
def test_a_deflate_bomb_declaring_1_5_gb_is_refused_quickly_in_little_memory(tmp_path):
    stream, size, crc = deflate_bomb(BOMB_MIB)
    npz = zip_of([("arr_0.npy", zlib.DEFLATED, stream, size, crc)])
    assert len(npz) < 2 * MiB and size > 1.5e9
    assert "compressed" in refused_cheaply(write_record(tmp_path, "bomb", npz))


def test_a_bzip2_member_declaring_1_5_gb_is_refused_quickly_in_little_memory(tmp_path):
    npy = npy_header((BOMB_MIB * MiB // 8,)) + bytes(8 * MiB)  # says 1.5 GB, holds 8 MiB
    stored = bz2.compress(npy)
    npz = zip_of([("arr_0.npy", 12, stored, len(npy), zlib.crc32(npy))])
    assert len(npz) < 10_000
    assert "compressed" in refused_cheaply(write_record(tmp_path, "bomb", npz))


def test_a_header_that_lies_about_its_shape_is_refused_quickly_in_little_memory(tmp_path):
    npy = npy_header((200_000_000,)) + bytes(80)  # says 1.6 GB, holds 80 bytes
    npz = zip_of([("arr_0.npy", 0, npy, len(npy), zlib.crc32(npy))])
    assert "declares" in refused_cheaply(write_record(tmp_path, "liar", npz))


def test_arrays_over_the_byte_budget_are_refused_before_they_are_read(tmp_path):
    harness.save(tmp_path / "big", [np.zeros(1000), np.zeros(1000)])
    assert isinstance(harness.load(tmp_path / "big", max_bytes=20_000), list)
    with pytest.raises(harness.CodecError, match="larger than 10000 bytes"):
        harness.load(tmp_path / "big", max_bytes=10_000)


@pytest.mark.parametrize("dtype", ["|O", [("a", "<f8"), ("b", "|O")], "<U3", "|V8"])
def test_object_structured_and_text_arrays_are_refused(tmp_path, dtype):
    npy = npy_header((1,), dtype)
    npy += bytes(np.dtype(dtype).itemsize)
    npz = zip_of([("arr_0.npy", 0, npy, len(npy), zlib.crc32(npy))])
    refused_cheaply(write_record(tmp_path, "typed", npz))


@pytest.mark.parametrize("names", [["arr_1.npy"], ["arr_0.npy", "arr_0.npy"], ["arr_0.npy", "../x.npy"], ["x"]])
def test_members_must_be_named_arr_0_to_arr_n(tmp_path, names):
    npy = npy_header((1,)) + bytes(8)
    npz = zip_of([(name, 0, npy, len(npy), zlib.crc32(npy)) for name in names])
    refused_cheaply(write_record(tmp_path, "named", npz))


def test_the_number_of_arrays_is_limited_before_the_zip_is_parsed(tmp_path, monkeypatch):
    harness.save(tmp_path / "many", [np.zeros(1)] * 5)
    monkeypatch.setattr(harness, "MAX_ARRAYS", 4)
    with pytest.raises(harness.CodecError, match="arrays"):
        harness.load(tmp_path / "many")
    npy = npy_header((1,)) + bytes(8)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, 10_000_000, 0, 0)  # a directory of 10 MB claimed
    write_record(tmp_path, "claims", zip_of([("arr_0.npy", 0, npy, len(npy), zlib.crc32(npy))])[:-22] + end)
    refused_cheaply(tmp_path / "claims")


def test_a_record_that_is_not_a_zip_or_has_a_bad_crc_is_refused(tmp_path):
    refused_cheaply(write_record(tmp_path, "text", b"not a zip at all"))
    npy = npy_header((1,)) + bytes(8)
    refused_cheaply(write_record(tmp_path, "crc", zip_of([("arr_0.npy", 0, npy, len(npy), 12345)])))


def test_json_size_and_depth_are_limited(tmp_path, monkeypatch):
    harness.save(tmp_path / "ok", [[[1.0]]])
    (tmp_path / "deep.npz").write_bytes((tmp_path / "ok.npz").read_bytes())
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    assert "deep" in refused_cheaply(tmp_path / "deep")
    (tmp_path / "deepdict.npz").write_bytes((tmp_path / "ok.npz").read_bytes())
    (tmp_path / "deepdict.json").write_text('{"t": "list", "v": ' * 5_000 + "null" + "}" * 5_000)
    refused_cheaply(tmp_path / "deepdict")
    monkeypatch.setattr(harness, "MAX_JSON_BYTES", 100)
    (tmp_path / "ok.json").write_text(json.dumps({"t": "str", "v": "x" * 200}))
    assert "larger" in refused_cheaply(tmp_path / "ok")


def test_brackets_inside_strings_do_not_count_as_depth(tmp_path):
    value = {"source": "[[[[{{{{" * 100 + '"\\' * 50, "results": [[["deep enough"]]]}
    harness.save(tmp_path / "v", value)
    assert harness.load(tmp_path / "v") == value


def test_every_record_the_course_writes_loads_unchanged(tmp_path):
    """The limits leave room for what the masters' own functions hand over (measured: < 50 kB JSON,
    < 100 kB of arrays, < 200 arrays per function)."""
    value = {"defined": True, "results": [{"value": (np.arange(12.0).reshape(3, 4), np.float32(2), np.int64(3))}] * 300,
             "flags": np.array([True, False]), "complex": np.array([1 + 2j])}
    harness.save(tmp_path / "v", value)
    back = harness.load(tmp_path / "v")
    np.testing.assert_array_equal(back["results"][299]["value"][0], np.arange(12.0).reshape(3, 4))
    assert back["results"][0]["value"][1].dtype == np.float32 and back["complex"][0] == 1 + 2j


def test_the_judge_reads_a_bomb_as_no_record(tmp_path):
    stream, size, crc = deflate_bomb(BOMB_MIB)
    path = write_record(tmp_path, "L1", zip_of([("arr_0.npy", zlib.DEFLATED, stream, size, crc)]),
                        {"t": "dict", "v": [[{"t": "str", "v": "defined"}, {"t": "array", "i": 0}]]})
    started = time.perf_counter()
    assert judge.read_record(path) is None
    assert time.perf_counter() - started < 2


def test_links_and_fifos_are_refused_without_reading_through_them(tmp_path):
    harness.save(tmp_path / "secret", {"hidden": np.arange(3)})
    (tmp_path / "link.json").symlink_to(tmp_path / "secret.json")
    (tmp_path / "link.npz").symlink_to(tmp_path / "secret.npz")
    assert "link" in refused_cheaply(tmp_path / "link")
    (tmp_path / "results").symlink_to(tmp_path)
    assert "results/ is a link" in refused_cheaply(tmp_path / "results" / "secret")
    os.mkfifo(tmp_path / "fifo.json")
    (tmp_path / "fifo.npz").write_bytes((tmp_path / "secret.npz").read_bytes())
    assert "not a regular file" in refused_cheaply(tmp_path / "fifo")


# ----------------------------------------------------------------------------- judging under limits
BEHAVED = ["ada", "ben", "cy", "di", "ed", "flo", "gus"]
LIMITS = batch.JudgeLimits(memory_mb=256, cpu_seconds=1, grace_seconds=1)
EARLIER = SubmissionResult("killer", "week2", GRADED, "", (ExerciseResult("01_numpy_basics", "L1_check", 0.5, 1.0, ""),))


def spin(seconds, stubborn):
    """Burn CPU for `seconds` of wall time; a stubborn spinner swallows whatever interrupts it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            while time.monotonic() < deadline:
                pass
        except BaseException:
            if not stubborn:
                raise


def pretend_to_grade(course, assignment, hand_in, settings):
    """Stands in for grade_submission in the workers: what happens to the grader while it judges
    each hand-in is in the student's name (the failures injected here, not provoked for real)."""
    if hand_in.student == "killer":
        os.kill(os.getpid(), signal.SIGKILL)  # as the OOM killer would
    elif hand_in.student == "hog":
        np.empty(2 << 30, dtype=np.uint8)  # 2 GiB of address space, never touched
    elif hand_in.student in ("spinner", "stubborn"):
        spin(20, stubborn=hand_in.student == "stubborn")
    elif hand_in.student == "crasher":
        raise RuntimeError("a bug of ours, with the hidden answer 42 in its message")
    elif hand_in.student == "bomber":  # a real record, read by the real loader in the worker
        stream, size, crc = deflate_bomb(BOMB_MIB)
        folder = Path(tempfile.mkdtemp())
        path = write_record(folder, "L1", zip_of([("arr_0.npy", zlib.DEFLATED, stream, size, crc)]),
                            {"t": "dict", "v": [[{"t": "str", "v": "defined"}, {"t": "array", "i": 0}]]})
        refused = judge.read_record(path) is None
        shutil.rmtree(folder)
        return SubmissionResult(hand_in.student, assignment, GRADED, f"record refused: {refused}", (), 0.0)
    else:
        time.sleep(0.3)
    return SubmissionResult(hand_in.student, assignment, GRADED, "", (), 0.0)


@pytest.fixture(scope="module")
def class_that_hurts_its_grader(tmp_path_factory):
    course = copy_course(tmp_path_factory.mktemp("course") / "autograder")
    folder = tmp_path_factory.mktemp("hand-ins")
    troublemakers = ["killer", "hog", "spinner", "stubborn", "crasher", "bomber"]
    for student in BEHAVED + troublemakers:
        (folder / f"{student}.ipynb").write_text("{}")
    cli.generate(course, "week2")  # a real gradebook: grading is pretended, the rest of the run is real
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(batch, "grade_submission", pretend_to_grade)
        patch.setattr(gradebook, "sync_assignment", lambda *args: None)
        patch.setattr(gradebook, "store", lambda *args: {"killer": EARLIER})  # killer was graded before
        started = time.perf_counter()
        results = batch.grade_class(course, "week2", folder, workers=2, settings=batch.Settings(isolated=False),
                                    judge_limits=LIMITS)
    return {r.student: r for r in results}, time.perf_counter() - started


def test_every_student_of_a_class_that_hurts_its_grader_has_one_result(class_that_hurts_its_grader):
    results, seconds = class_that_hurts_its_grader
    assert sorted(results) == sorted(BEHAVED + ["killer", "hog", "spinner", "stubborn", "crasher", "bomber"])
    assert seconds < 60


def test_a_killed_worker_costs_only_the_student_it_was_grading(class_that_hurts_its_grader):
    results, _ = class_that_hurts_its_grader
    assert all(results[s].graded for s in BEHAVED), {s: results[s].reason for s in BEHAVED}
    assert results["killer"].reason == (
        "the grader's process died while grading it "
        "(killed by signal 9, SIGKILL, e.g. by the kernel when the machine ran out of memory) "
        "(the earlier grade, 0.5 / 1, stands)"
    )


def test_a_bomb_handed_to_the_judge_in_its_worker_is_refused_within_its_limits(class_that_hurts_its_grader):
    results, _ = class_that_hurts_its_grader
    assert results["bomber"].graded and results["bomber"].reason == "record refused: True"


def test_a_judge_over_its_memory_limit_gets_a_memory_error_not_the_memory(class_that_hurts_its_grader):
    results, _ = class_that_hurts_its_grader
    assert results["hog"].reason == "grading it needed more than the grader's memory limit of 256 MB"


def test_a_judge_over_its_cpu_time_is_stopped(class_that_hurts_its_grader):
    results, _ = class_that_hurts_its_grader
    assert results["spinner"].reason == "grading it took more than the grader's CPU-time limit of 1 s"


def test_a_judge_that_swallows_its_timeout_is_ended_by_the_kernel(class_that_hurts_its_grader):
    results, _ = class_that_hurts_its_grader
    assert results["stubborn"].reason == (
        "the grader's process died while grading it (killed by signal 24, SIGXCPU, past the grader's CPU-time limit of 1 s)"
    )


def test_a_judge_exception_is_named_without_its_message(class_that_hurts_its_grader):
    results, _ = class_that_hurts_its_grader
    reason = results["crasher"].reason
    assert reason.startswith("grader error: RuntimeError") and "42" not in reason


def test_the_limits_are_lifted_after_each_hand_in(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "grade_submission", pretend_to_grade)
    before = [resource.getrlimit(r) for r in (resource.RLIMIT_AS, resource.RLIMIT_CPU, resource.RLIMIT_CORE)]
    hog = batch.submission.HandIn("hog", ())
    assert "memory limit" in batch.grade_judged(tmp_path, "week2", hog, limits=LIMITS).reason
    assert [resource.getrlimit(r) for r in (resource.RLIMIT_AS, resource.RLIMIT_CPU, resource.RLIMIT_CORE)] == before
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGPROF) == signal.SIG_DFL
    np.empty(2 << 30, dtype=np.uint8)  # the cap is gone


def test_nothing_is_capped_in_a_thread_whose_process_is_shared(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "grade_submission", pretend_to_grade)
    seen = []
    thread = threading.Thread(target=lambda: seen.append(
        batch.grade_judged(tmp_path, "week2", batch.submission.HandIn("hog", ()), limits=LIMITS)))
    thread.start()
    thread.join()
    assert seen[0].graded
