"""Runs that cannot destroy: a hand-in of another assignment is refused and touches no grade; a folder
that is mostly another assignment stops before anything is recorded; one run per assignment at a
time; a database problem is one line naming its cause, and deletes nothing (not release/)."""
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from autograder import cli, nbgrader_command
from autograder.grading import gradebook, lock
from notebook_tools import COURSE, REPO, copy_course

NUMPY = COURSE / "source" / "week2" / "01_numpy_basics.ipynb"
PLANAR = REPO / "notebooks" / "week3" / "01_planar_data_classification.ipynb"


def snapshot(folder):
    """Every file under `folder`, relative path -> bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(Path(folder).rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def graded_once(tmp_path_factory):
    """A course where alice and bob handed in week2's 01_numpy_basics (the master) and were graded."""
    course = copy_course(tmp_path_factory.mktemp("course") / "autograder")
    folder = tmp_path_factory.mktemp("first")
    for student in ("alice", "bob"):
        shutil.copy(NUMPY, folder / f"{student}.ipynb")
    cli.grade(course, "week2", folder, workers=2)
    return course


def test_a_hand_in_of_another_assignment_is_refused_and_leaves_that_students_grade_alone(graded_once, tmp_path, capsys):
    course = graded_once
    db_url = gradebook.default_db_url(course)
    before = {"alice": snapshot(course / "autograded" / "alice"), "feedback": snapshot(course / "feedback" / "alice"),
              "scores": gradebook.scores(db_url, "week2")["alice"]}
    shutil.copy(PLANAR, tmp_path / "alice.ipynb")  # a week3 notebook, named like a week2 student graded before
    shutil.copy(NUMPY, tmp_path / "bob.ipynb")
    capsys.readouterr()
    alice, bob = cli.grade(course, "week2", tmp_path, workers=2)
    reason = ("alice.ipynb: this is week3's 01_planar_data_classification, not a week2 notebook; hand in the week2 "
              "notebooks. Refused: alice's week2 grade, if any, is untouched.")
    assert (alice.student, alice.status, alice.reason) == ("alice", "not graded", reason) and bob.graded
    assert f"refused: alice: {reason}" in capsys.readouterr().out
    after = {"alice": snapshot(course / "autograded" / "alice"), "feedback": snapshot(course / "feedback" / "alice"),
             "scores": gradebook.scores(db_url, "week2")["alice"]}
    assert after == before
    assert not (course / "autograded" / "alice" / "week2" / "not_graded.json").exists()


def test_a_folder_mostly_of_another_assignment_stops_before_anything_is_recorded(tmp_path):
    course = copy_course(tmp_path / "autograder")
    folder = tmp_path / "in"
    folder.mkdir()
    for student in ("ann", "ben", "cy"):
        shutil.copy(PLANAR, folder / f"{student}.ipynb")
    shutil.copy(NUMPY, folder / "dee.ipynb")
    before = snapshot(course)
    with pytest.raises(cli.CommandError) as caught:
        cli.grade(course, "week2", folder, workers=2)
    assert str(caught.value) == (
        f"3 of the 4 hand-ins in {folder} are not week2's: these look like week3: grade them as week3? "
        f"(python3 course.py grade week3 {folder}) Nothing was graded or recorded.")
    assert snapshot(course) == before  # no record, no gradebook, no report, no feedback


# ----------------------------------------------------------------------------- one run at a time
HOLDER = textwrap.dedent("""
    import sys
    from autograder.grading import lock
    with lock.assignment_lock(sys.argv[1], "week2"):
        print("held", flush=True)
        sys.stdin.read()  # until the test closes our stdin
""")


def test_a_second_run_of_an_assignment_is_refused_while_one_runs(tmp_path):
    course = copy_course(tmp_path / "autograder")
    (tmp_path / "in").mkdir()
    shutil.copy(NUMPY, tmp_path / "in" / "ada.ipynb")
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(course)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        assert holder.stdout.readline() == "held\n"
        with pytest.raises(cli.CommandError) as caught:
            cli.grade(course, "week2", tmp_path / "in", workers=1)
        assert str(caught.value).startswith(f"week2 is being graded by another run (process {holder.pid} on ")
        assert "wait for it to end, then grade again" in str(caught.value)
        assert not (course / "autograded").exists()
        with lock.assignment_lock(course, "week3"):  # another assignment is free
            pass
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    with lock.assignment_lock(course, "week2"):  # released with its holder's end
        pass


def test_the_lock_is_released_when_its_holder_dies(tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert holder.stdout.readline() == "held\n"
    holder.kill()
    holder.wait(timeout=30)
    with lock.assignment_lock(tmp_path, "week2"):
        pass


# ----------------------------------------------------------------------------- database problems
@pytest.fixture(scope="module")
def released(tmp_path_factory):
    """A course with release/week2 generated, and a folder of one hand-in."""
    course = copy_course(tmp_path_factory.mktemp("released") / "autograder")
    cli.generate(course, "week2")
    folder = tmp_path_factory.mktemp("hand-ins")
    shutil.copy(NUMPY, folder / "ada.ipynb")
    return course, folder


def grade_command(course, folder, db_url):
    return subprocess.run([sys.executable, "-m", "autograder", "--course", str(course), "grade", "week2", str(folder),
                           "--db-url", db_url, "--workers", "1"],
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=300)


def assert_one_line_and_nothing_changed(done, course, before, cause):
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("error: Cannot open the gradebook "), done.stderr
    assert cause in done.stderr and "Traceback" not in done.stderr + done.stdout
    assert snapshot(course) == before  # release/week2 still there, no record written


def test_a_gradebook_url_nothing_answers_is_one_line_and_deletes_nothing(released):
    course, folder = released
    before = snapshot(course)
    assert "release/week2/01_numpy_basics.ipynb" in before
    done = grade_command(course, folder, "sqlite:////no/such/folder/gradebook.db")
    assert_one_line_and_nothing_changed(done, course, before, "unable to open database file")
    done = grade_command(course, folder, "postgres://grader:s3cret@127.0.0.1:1/gradebook")
    assert_one_line_and_nothing_changed(done, course, before, "Can't load plugin: sqlalchemy.dialects:postgres")
    assert "s3cret" not in done.stderr + done.stdout


def test_a_failed_gradebook_sync_puts_release_back(released, monkeypatch):
    course, _ = released
    before = snapshot(course / "release")

    def failing(course, *args, db_url=None):  # nbgrader removes release/<assignment> when it fails
        shutil.rmtree(Path(course) / "release" / "week2")
        raise nbgrader_command.NbgraderFailed("nbgrader generate_assignment failed (exit 1)")

    monkeypatch.setattr(gradebook, "run_nbgrader", failing)
    with pytest.raises(gradebook.GradebookError, match="could not record week2"):
        gradebook.sync_assignment(course, "week2", gradebook.default_db_url(course))
    assert snapshot(course / "release") == before


PASSWORD = "right-password"


@pytest.fixture(scope="module")
def password_server():
    """A PostgreSQL server that asks for a password (scram-sha-256): user grader, PASSWORD."""
    from test_gradebook import PostgresServer, postgres_bin

    bin_dir = postgres_bin()
    if bin_dir is None:
        pytest.skip("no PostgreSQL server (initdb not in /usr/lib/postgresql/<version>/bin nor on PATH): apt-get install postgresql")
    server = PostgresServer(bin_dir)
    try:
        (server.folder / "password").write_text(PASSWORD)
        server.command("initdb", "-D", str(server.data), "--username=grader", "--auth=scram-sha-256",
                       f"--pwfile={server.folder / 'password'}", "--no-locale", "--encoding=UTF8", "--no-sync",
                       "--no-instructions")
        options = f"-h 127.0.0.1 -p {server.port} -k {server.folder} -F"
        server.command("pg_ctl", "-D", str(server.data), "-l", str(server.folder / "server.log"), "-o", options,
                       "-w", "-t", "30", "start")
        server.running = True
        yield server
    finally:
        server.stop()


def test_a_wrong_password_is_one_line_naming_it_and_deletes_nothing(released, password_server):
    course, folder = released
    before = snapshot(course)
    done = grade_command(course, folder, f"postgresql://grader:wrong@127.0.0.1:{password_server.port}/postgres")
    assert_one_line_and_nothing_changed(done, course, before, 'password authentication failed for user "grader"')
    assert "wrong" not in done.stderr
    assert gradebook.check_database(f"postgresql://grader:{PASSWORD}@127.0.0.1:{password_server.port}/postgres") is None
    missing = f"postgresql://grader:{PASSWORD}@127.0.0.1:{password_server.port}/nosuchdb"
    with pytest.raises(gradebook.GradebookError, match='database "nosuchdb" does not exist'):
        gradebook.check_database(missing)



def test_masters_with_other_cells_than_the_grades_of_record_stop_before_nbgrader(tmp_path):
    """A quiz added to a master after the class was graded: nbgrader would refuse to record the new
    cells; the grader says so in one line, runs nothing and changes nothing."""
    import nbformat
    from nbgrader.api import Gradebook

    course = copy_course(tmp_path / "autograder")
    db_url = gradebook.default_db_url(course)
    gradebook.sync_assignment(course, "week2", db_url)
    with Gradebook(db_url) as gb:
        gb.update_or_create_student("ada")
        with gb.db.no_autoflush:  # as gradebook.record_submission adds one
            gb.add_submission("week2", "ada")
    gradebook.sync_assignment(course, "week2", db_url)  # the same masters: fine
    master = course / "source" / "week2" / "01_numpy_basics.ipynb"
    nb = nbformat.read(master, as_version=4)
    extra = nbformat.v4.new_code_cell("def extra():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION\n")
    extra.metadata["nbgrader"] = {"grade": False, "grade_id": "extra", "locked": False, "schema_version": 3,
                                  "solution": True, "task": False}
    nb.cells.insert(-2, extra)
    nbformat.write(nb, master)
    before = snapshot(course)
    with pytest.raises(gradebook.GradebookError) as caught:
        gradebook.sync_assignment(course, "week2", db_url)
    message = str(caught.value)
    assert "\n" not in message and "01_numpy_basics:extra added" in message
    assert "1 student(s) were graded under" in message and "nothing was graded or changed" in message
    assert snapshot(course) == before
