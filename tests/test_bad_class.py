"""A whole bad class graded in one run: every broken or cheating hand-in gets its known outcome,
the batch completes, and nothing outside the sandboxes changes (checksums before and after)."""
import contextlib
import hashlib
import io
import os
import re
import tempfile
from pathlib import Path

import pytest

import bad_class
from autograder import cli
from autograder.grading import batch, gradebook, sandbox
from listener import Listener
from notebook_tools import sandbox_skip_reason, REPO, copy_course

SKIP = sandbox_skip_reason()
pytestmark = pytest.mark.skipif(SKIP is not None, reason=SKIP or "")

SETTINGS = batch.Settings(
    limits=sandbox.Limits(wall_seconds=25, cpu_seconds=25, memory_mb=1500, processes=32, file_mb=64, disk_mb=128, inodes=5000),
    cell_seconds=4,
    call_seconds=10,
)


def checksums(*folders):
    """path -> sha256 of every file under the folders (working folders of the grader excluded)."""
    sums = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not {"autograded", "submitted", "feedback", "reports", "__pycache__", ".pytest_cache"} & set(path.parts):
                if path.name != "gradebook.db":
                    sums[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return sums


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = copy_course(tmp_path_factory.mktemp("course") / "autograder")
    cli.generate(course, "week2")
    listener = Listener()
    folder = tmp_path_factory.mktemp("bad-class")
    cases = bad_class.cases(course, listener.port)
    for student, (content, _) in cases.items():
        bad_class.write(folder, student, content)
    gradebook_before = hashlib.sha256((course / "gradebook.db").read_bytes()).hexdigest()
    before = checksums(course, REPO / "autograder", REPO / "dnn_utils", REPO / "data", REPO / "notebooks")
    cgroups_before, printed, workspaces = cgroups(), io.StringIO(), tmp_path_factory.mktemp("workspaces")
    tempfile.tempdir, usual = str(workspaces), tempfile.tempdir  # the workers (forked) make their workspaces there
    try:
        with contextlib.redirect_stdout(printed):
            results = batch.grade_class(course, "week2", folder, workers=2, settings=SETTINGS)
    finally:
        tempfile.tempdir = usual
    left = {
        "files": sorted(str(p) for p in workspaces.iterdir()),
        "mounts": [line for line in Path("/proc/self/mountinfo").read_text().splitlines() if str(workspaces) in line],
        "cgroups": sorted(str(g) for g in cgroups() - cgroups_before if not sandbox.alive(g.name)),
    }
    after = checksums(course, REPO / "autograder", REPO / "dnn_utils", REPO / "data", REPO / "notebooks")
    listener.server.close()
    return {
        "course": course, "cases": cases, "results": {r.student: r for r in results},
        "before": before, "after": after, "listener": listener, "gradebook_before": gradebook_before,
        "left": left, "printed": printed.getvalue(),
    }


def cgroups():
    """The cgroups of sandbox runs that exist now."""
    version, parents = sandbox.cgroup_parents()
    return {group for parent in (set(parents.values()) if version else ()) for group in parent.glob("sandbox-*-*")}


def test_the_class_has_every_kind_of_bad_hand_in(graded):
    assert len(graded["cases"]) >= 25


def test_every_hand_in_ends_graded_or_not_graded(graded):
    assert set(graded["results"]) == set(graded["cases"])


@pytest.mark.parametrize("student", list(bad_class.cases(REPO, 0)))
def test_each_hand_in_gets_its_known_outcome(graded, student):
    result = graded["results"][student]
    status, expected = graded["cases"][student][1]
    assert result.status == status, f"{student}: {result.status}: {result.reason}"
    if status == "graded":
        earned = sum(e.points for e in result.exercises if e.notebook == "01_numpy_basics")
        assert earned == expected, [(e.grade_id, e.message) for e in result.exercises if e.points < e.max_points]
    else:
        assert expected in result.reason, result.reason
        assert not result.exercises


def test_nothing_outside_the_sandboxes_changed(graded):
    assert graded["after"] == graded["before"]
    assert not graded["listener"].connected


def test_not_graded_is_kept_apart_from_zero_in_the_gradebook(graded):
    scores = gradebook.scores(gradebook.default_db_url(graded["course"]), "week2")
    assert "corrupt_json" not in scores and "blank" in scores
    assert all(v == 0 for v in scores["blank"].values())


def test_no_process_of_a_submission_is_left(graded):
    mine = os.getpid()
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) != mine:
            try:
                status = open(f"/proc/{entry}/status").read()
            except OSError:
                continue
            uid = int(next(line for line in status.splitlines() if line.startswith("Uid:")).split()[1])
            assert uid < 100_000 or uid == os.getuid(), f"process {entry} of a sandbox uid {uid} is still running"


def test_nothing_of_a_hand_in_is_left_on_disk_or_in_the_cgroups(graded):
    # Fillers, a tree 1,100 folders deep, a fork storm among them: the workspaces are gone, unmounted,
    # and each run's cgroup removed, while every other hand-in got its known outcome.
    assert graded["left"] == {"files": [], "mounts": [], "cgroups": []}


def test_the_summary_names_the_caps_in_force(graded):
    assert f"sandbox: {sandbox.mechanism()}" in graded["printed"]


def test_no_control_character_of_a_student_reaches_the_sheet_the_summary_or_feedback(graded):
    course, control = graded["course"], re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
    assert "boom" in graded["results"]["terminal_escapes"].reason  # the escapes came with it
    sheet = (course / "reports" / "week2" / "grades.csv").read_text(encoding="utf-8")
    assert "boom" in sheet and not control.search(sheet.replace("\r\n", ""))
    assert "boom" in graded["printed"] and not control.search(graded["printed"].replace("\n", ""))
    page = (course / "feedback" / "terminal_escapes" / "week2" / "feedback.html").read_text(encoding="utf-8")
    assert "boom" in page and not control.search(page.replace("\n", ""))
