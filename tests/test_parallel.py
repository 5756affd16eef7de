"""The same grading code on any concurrent.futures executor: local processes or a dask cluster."""
import os

import pytest

import bad_class
from autograder import cli
from autograder.grading import batch, sandbox
from notebook_tools import copy_course

try:
    sandbox.check_available()
except sandbox.SandboxUnavailable as exc:
    if os.geteuid() != 0:
        pytest.skip(f"no sandbox: {exc}", allow_module_level=True)

STUDENTS = {"solver": (bad_class.master(), 9), "onewrong": (bad_class.with_cell("L1", bad_class.WRONG_L1), 8)}


@pytest.fixture(scope="module")
def course_and_folder(tmp_path_factory):
    course = copy_course(tmp_path_factory.mktemp("course") / "autograder")
    cli.generate(course, "week2")
    folder = tmp_path_factory.mktemp("hand-ins")
    for student, (nb, _) in STUDENTS.items():
        bad_class.write(folder, student, nb)
    return course, folder


def earned(results):
    return {r.student: sum(e.points for e in r.exercises if e.notebook == "01_numpy_basics") for r in results}


def test_a_local_process_pool_grades_the_class(course_and_folder):
    course, folder = course_and_folder
    results = batch.grade_class(course, "week2", folder, workers=2)
    assert earned(results) == {s: points for s, (_, points) in STUDENTS.items()}


def test_a_dask_cluster_grades_the_class_with_the_same_code(course_and_folder):
    distributed = pytest.importorskip("dask.distributed")
    course, folder = course_and_folder
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            with distributed.get_task_stream(client) as tasks:
                results = batch.grade_class(course, "week2", folder, executor=client.get_executor())
            assert len(client.scheduler_info()["workers"]) == 2
            assert len(tasks.data) >= len(STUDENTS)  # the hand-ins were graded by dask's workers
    assert earned(results) == {s: points for s, (_, points) in STUDENTS.items()}
