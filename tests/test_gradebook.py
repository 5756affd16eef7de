"""Results into nbgrader's gradebook, read back through nbgrader's own API: partial points, not-graded
students kept out, re-storing replaces a grade but a failed regrade never deletes one; the JSON
records round-trip; and the same outcome on a real PostgreSQL server as on SQLite."""
import glob
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import nbformat
import psycopg2
import pytest
from nbgrader.api import Gradebook

from autograder import nbgrader_command
from autograder.grading import gradebook
from autograder.grading.outcome import GRADED, ExerciseResult, SubmissionResult, not_graded
from notebook_tools import COURSE, copy_course, free_port, grade_cells

ASSIGNMENT = "week2"
CELLS = [  # (notebook, grade_id, points) of every check cell of week2, in the masters' order
    (path.stem, cell.metadata.nbgrader.grade_id, float(cell.metadata.nbgrader.points))
    for path in sorted((COURSE / "source" / ASSIGNMENT).glob("*.ipynb"))
    for cell in grade_cells(nbformat.read(path, as_version=4))
]
PARTIAL = CELLS[5]  # loses half its points
WRONG = CELLS[-1]  # earns nothing


def graded(student, earned=lambda cell: cell[2]):
    exercises = tuple(ExerciseResult(nb, grade_id, earned((nb, grade_id, most)), most, "a message") for nb, grade_id, most in CELLS)
    return SubmissionResult(student, ASSIGNMENT, GRADED, "", exercises, 1.5)


def partial(cell):
    return {PARTIAL: cell[2] / 2, WRONG: 0.0}.get(cell, cell[2])


FIRST = [
    graded("alice", partial),
    not_graded("bob", ASSIGNMENT, "not valid JSON: Expecting value: line 1 column 1 (char 0)", 0.1),
    graded("carol"),
]
SECOND = [  # the same students graded again: carol's new hand-in is broken, bob's is blank
    not_graded("carol", ASSIGNMENT, "the notebook ran out of time (in cell 3)"),
    graded("bob", lambda cell: 0.0),
]
FULL = sum(most for _, _, most in CELLS)


def nbgrader_view(db_url):
    """What nbgrader's own Gradebook says: student -> (submission score, max score), and the students."""
    with Gradebook(gradebook.sqlalchemy_url(db_url)) as gb:
        totals = {
            s.student_id: (gb.find_submission(ASSIGNMENT, s.student_id).score, s.max_score)
            for s in gb.assignment_submissions(ASSIGNMENT)
        }
        students = sorted(s.id for s in gb.students)
    return {"totals": totals, "students": students}


def play(course, db_url):
    """Sync week2, store FIRST then SECOND; the gradebook's scores and nbgrader's totals after each."""
    gradebook.sync_assignment(course, ASSIGNMENT, db_url)
    seen = {}
    for name, results in (("first", FIRST), ("second", SECOND)):
        kept = gradebook.store(results, course, db_url)
        seen[name] = {"scores": gradebook.scores(db_url, ASSIGNMENT), **nbgrader_view(db_url), "kept": kept}
    return seen


@pytest.fixture(scope="module")
def sqlite(tmp_path_factory):
    course = copy_course(tmp_path_factory.mktemp("course") / "autograder")
    db_url = gradebook.default_db_url(course)
    return {"course": course, "db_url": db_url, "seen": play(course, db_url)}


def test_the_default_gradebook_is_the_one_nbgrader_config_names(tmp_path):
    assert gradebook.default_db_url(tmp_path) == f"sqlite:///{tmp_path.resolve()}/gradebook.db"


def test_a_graded_student_has_every_cell_scored_partial_points_included(sqlite):
    alice = sqlite["seen"]["first"]["scores"]["alice"]
    assert alice == {f"{nb}:{grade_id}": partial((nb, grade_id, most)) for nb, grade_id, most in CELLS}
    assert alice[f"{PARTIAL[0]}:{PARTIAL[1]}"] == PARTIAL[2] / 2


def test_nbgrader_totals_agree_with_the_points(sqlite):
    totals = sqlite["seen"]["first"]["totals"]
    assert totals["alice"] == (pytest.approx(FULL - PARTIAL[2] / 2 - WRONG[2]), FULL)
    assert totals["carol"] == (FULL, FULL)


def test_a_not_graded_student_is_known_but_has_no_submission(sqlite):
    first = sqlite["seen"]["first"]
    assert "bob" not in first["scores"] and "bob" not in first["totals"]
    assert first["students"] == ["alice", "bob", "carol"]


def test_storing_again_replaces_the_previous_submission(sqlite):
    second = sqlite["seen"]["second"]
    assert second["totals"]["bob"] == (0, FULL)
    assert set(second["scores"]["bob"].values()) == {0}
    assert second["totals"]["alice"] == sqlite["seen"]["first"]["totals"]["alice"], "alice was not graded again"


def test_a_regrade_that_could_not_grade_keeps_the_earlier_grade(sqlite):
    first, second = sqlite["seen"]["first"], sqlite["seen"]["second"]
    assert second["scores"]["carol"] == first["scores"]["carol"]
    assert second["totals"]["carol"] == (FULL, FULL)
    assert second["kept"] == {"carol": FIRST[2]} and first["kept"] == {}


def test_results_round_trip_through_their_json_records(sqlite):
    course = sqlite["course"]
    assert gradebook.load_results(course, ASSIGNMENT) == [FIRST[0], SECOND[1], FIRST[2]]
    attempt = course / "autograded" / "carol" / ASSIGNMENT / "not_graded.json"
    assert gradebook.read_result(attempt) == SECOND[0]


def test_a_later_grade_replaces_the_earlier_one_and_the_failed_attempt(tmp_path):
    course = copy_course(tmp_path / "autograder")
    db_url = gradebook.default_db_url(course)
    gradebook.sync_assignment(course, ASSIGNMENT, db_url)
    attempt = course / "autograded" / "dave" / ASSIGNMENT / "not_graded.json"
    for results in ([graded("dave")], [not_graded("dave", ASSIGNMENT, "grader error")], [graded("dave", partial)]):
        gradebook.store(results, course, db_url)
        if results[0].graded:
            assert not attempt.exists()
        else:
            assert attempt.exists() and gradebook.load_results(course, ASSIGNMENT) == [graded("dave")]
    assert gradebook.load_results(course, ASSIGNMENT) == [graded("dave", partial)]
    assert nbgrader_view(db_url)["totals"]["dave"] == (pytest.approx(FULL - PARTIAL[2] / 2 - WRONG[2]), FULL)


def test_load_results_reads_every_assignment_or_one(tmp_path):
    elsewhere = SubmissionResult("alice", "week3", GRADED, "", (ExerciseResult("01_planar", "predict_check", 1.0, 2.0, "m"),))
    with pytest.raises(gradebook.GradebookError, match="No gradebook"):
        gradebook.store([elsewhere, FIRST[1]], tmp_path, gradebook.default_db_url(tmp_path))
    assert gradebook.load_results(tmp_path) == [FIRST[1], elsewhere]
    assert gradebook.load_results(tmp_path, "week3") == [elsewhere]
    assert gradebook.load_results(tmp_path, "week4") == []


def test_a_damaged_record_is_named(tmp_path):
    record = tmp_path / "autograded" / "eve" / ASSIGNMENT / "result.json"
    record.parent.mkdir(parents=True)
    record.write_text('{"student": "eve"}')
    with pytest.raises(gradebook.GradebookError, match="eve/week2/result.json is not a result record"):
        gradebook.load_results(tmp_path)


def test_a_cell_the_gradebook_does_not_know_stops_the_store_before_any_change(sqlite, tmp_path):
    stranger = SubmissionResult("carol", ASSIGNMENT, GRADED, "", (ExerciseResult("01_numpy_basics", "tanh_check", 1.0, 1.0, "m"),))
    with pytest.raises(gradebook.GradebookError, match="01_numpy_basics:tanh_check.*run sync_assignment"):
        gradebook.store([graded("dave"), stranger], tmp_path, sqlite["db_url"])
    assert gradebook.scores(sqlite["db_url"], ASSIGNMENT) == sqlite["seen"]["second"]["scores"]


def test_an_assignment_missing_from_the_gradebook_is_named(sqlite):
    with pytest.raises(gradebook.GradebookError, match="no assignment 'week9'.*sync_assignment"):
        gradebook.scores(sqlite["db_url"], "week9")


def test_an_empty_database_is_not_taken_for_a_gradebook(tmp_path):
    with pytest.raises(gradebook.GradebookError, match="No gradebook in sqlite:///"):
        gradebook.scores(gradebook.default_db_url(tmp_path), ASSIGNMENT)


def test_a_database_nobody_listens_on_is_named_with_its_password_hidden():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # bound, never listening: connections are refused
        with pytest.raises(gradebook.GradebookError, match=rf"Cannot open the gradebook postgresql://u:\*\*\*@127.0.0.1:{port}/g") as caught:
            gradebook.scores(f"postgresql://u:secret@127.0.0.1:{port}/g", ASSIGNMENT)
    assert "secret" not in str(caught.value)


def test_the_gradebook_password_travels_in_the_environment_not_on_the_command_line(monkeypatch, tmp_path):
    seen = []

    def run(argv, **kwargs):
        seen.append((argv, kwargs["env"]))
        return subprocess.CompletedProcess(argv, 0)

    monkeypatch.setattr(nbgrader_command.subprocess, "run", run)
    gradebook.sync_assignment(tmp_path, ASSIGNMENT, "postgresql://grader:s3cret@db.example/course")
    (argv, env), = seen
    assert not any("s3cret" in arg for arg in argv)
    assert env["DNN_GRADEBOOK_URL"] == "postgresql+psycopg2://grader:s3cret@db.example/course"


# ---- PostgreSQL: a real server in a temp folder, run by an unprivileged user


def postgres_bin():
    """The newest Debian PostgreSQL server's bin folder, else one on PATH, else None."""
    found = glob.glob("/usr/lib/postgresql/*/bin/initdb")
    initdb = max(found, key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0) if found else shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class PostgresServer:
    """initdb + pg_ctl in a fresh temp folder, listening on 127.0.0.1 only, on a free port."""

    def __init__(self, bin_dir):
        self.bin_dir = bin_dir
        self.folder = Path(tempfile.mkdtemp(prefix="gradebook-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.running = False
        self.run_as = []
        if os.geteuid() == 0:  # postgres refuses to run as root
            user = server_user()
            os.chown(self.folder, user.pw_uid, user.pw_gid)
            self.run_as = ["runuser", "-u", user.pw_name, "--"]

    def command(self, program, *args):
        done = subprocess.run(
            [*self.run_as, str(self.bin_dir / program), *args], cwd=self.folder, capture_output=True, text=True, timeout=60
        )
        if done.returncode != 0:
            log = self.folder / "server.log"
            raise RuntimeError(
                f"{program} {' '.join(args)} failed (exit {done.returncode}):\n{done.stdout}{done.stderr}"
                + (f"\nserver log:\n{log.read_text()}" if log.exists() else "")
            )

    def start(self):
        self.command("initdb", "-D", str(self.data), "--username=grader", "--auth=trust", "--no-locale",
                     "--encoding=UTF8", "--no-sync", "--no-instructions")
        options = f"-h 127.0.0.1 -p {self.port} -k {shlex.quote(str(self.folder))} -F"
        self.command("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"), "-o", options, "-w", "-t", "30", "start")
        self.running = True

    def create_database(self, name):
        connection = psycopg2.connect(host="127.0.0.1", port=self.port, user="grader", dbname="postgres")
        try:
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute(f"CREATE DATABASE {name}")
        finally:
            connection.close()
        return f"postgresql://grader@127.0.0.1:{self.port}/{name}"

    def stop(self):
        try:
            if self.running:
                self.command("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
                self.running = False
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def server_user():
    try:
        return pwd.getpwnam("postgres")  # Debian's postgresql package creates it
    except KeyError:
        return pwd.getpwnam("nobody")



@pytest.fixture(scope="module")
def postgres_url():
    bin_dir = postgres_bin()
    if bin_dir is None:
        pytest.skip("no PostgreSQL server (initdb not in /usr/lib/postgresql/<version>/bin nor on PATH): apt-get install postgresql")
    server = PostgresServer(bin_dir)
    try:
        server.start()
        yield server.create_database("gradebook")
    finally:
        server.stop()


def test_postgresql_gradebook_holds_the_same_outcome_as_sqlite(sqlite, postgres_url, tmp_path):
    course = copy_course(tmp_path / "autograder")
    assert postgres_url.startswith("postgresql://")
    assert play(course, postgres_url) == sqlite["seen"]
    assert gradebook.load_results(course, ASSIGNMENT) == gradebook.load_results(sqlite["course"], ASSIGNMENT)
