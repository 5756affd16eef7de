"""LMS downloads and sheets: Canvas and Moodle downloads grouped per student (the latest resubmission
counts, LATE noted), ids and names kept in Unicode with safe folder names, a roster that says who is
who, and the files Canvas and Moodle import, written by our command and by `nbgrader export`."""
import csv
import json
import os
import subprocess
import sys

import pytest

from autograder import cli, masters
from autograder.grading import exports, gradebook, roster
from autograder.grading.outcome import GRADED, ExerciseResult, SubmissionResult, not_graded
from autograder.grading.roster import Student
from autograder.grading.submission import HandIn, find_hand_ins, set_aside_other_assignments
from notebook_tools import COURSE, REPO, copy_course

NUMPY, LOGREG = "01_numpy_basics", "02_logistic_regression"
WEEK2 = masters.all_exercises(COURSE, "week2")
FULL = sum(e.points for e in WEEK2)


def put(folder, relative, content=b"{}"):
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else json.dumps(content).encode())
    return path


def release(notebook, assignment="week2"):
    return json.loads((REPO / "notebooks" / assignment / f"{notebook}.ipynb").read_text())


def master(notebook, assignment="week2"):
    return json.loads((COURSE / "source" / assignment / f"{notebook}.ipynb").read_text())


ROSTER = """id,name,email,sis_id,section
1001,Alice Smith,alice@uni.example,S-01,Lab A
12345,José Núñez,jose@uni.example,S-02,Lab B
lna,李娜,li@uni.example,S-03,Lab A
"""


@pytest.fixture
def class_roster(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text(ROSTER, encoding="utf-8")
    return path


# ----------------------------------------------------------------------------- downloads
def test_a_canvas_download_is_grouped_per_user_and_the_latest_copy_of_each_file_counts(tmp_path):
    first = put(tmp_path, f"smithalice_1001_50001_{NUMPY}.ipynb")
    again = put(tmp_path, f"smithalice_LATE_1001_50003_{NUMPY}-1.ipynb")
    alice_02 = put(tmp_path, f"smithalice_1001_50002_{LOGREG}.ipynb")
    bob = [put(tmp_path, f"jonesbob_1002_50004_{NUMPY}.ipynb"), put(tmp_path, f"jonesbob_1002_50005_{LOGREG}.ipynb")]
    hand_ins, skipped = find_hand_ins(tmp_path, "week2")
    assert hand_ins == [
        HandIn("1001", (alice_02, again), Student("1001", "smithalice", lms_id="1001"), late=True,
               notes=(f"handed in late (the LMS marks {again.name} LATE)",)),
        HandIn("1002", tuple(bob), Student("1002", "jonesbob", lms_id="1002")),
    ]
    assert skipped == [f"{first.name!r}: an earlier copy of {again.name!r}, which replaces it; not graded"]


def test_of_two_canvas_copies_the_higher_copy_number_then_submission_id_wins(tmp_path):
    put(tmp_path, f"smithalice_1001_50009_{NUMPY}.ipynb")
    put(tmp_path, f"smithalice_1001_50001_{NUMPY}-1.ipynb")
    put(tmp_path, f"smithalice_1001_50002_{NUMPY}-2.ipynb")
    newest = put(tmp_path, f"smithalice_1001_50003_{NUMPY}-2.ipynb")
    (hand_in,), skipped = find_hand_ins(tmp_path, "week2")
    assert hand_in.files == (newest,) and not hand_in.late and len(skipped) == 3


def test_a_moodle_download_in_folders_or_flat_is_grouped_per_participant(tmp_path):
    jose = [put(tmp_path, f"José Núñez_12345_assignsubmission_file_/{NUMPY}.ipynb"),
            put(tmp_path, f"José Núñez_12345_assignsubmission_file_/sub/{LOGREG}.ipynb")]
    put(tmp_path, "José Núñez_12345_assignsubmission_file_/.ipynb_checkpoints/x-checkpoint.ipynb")
    li = put(tmp_path, f"李娜_12346_assignsubmission_file_{NUMPY}.ipynb")
    hand_ins, skipped = find_hand_ins(tmp_path, "week2")
    assert hand_ins == [
        HandIn("12345", tuple(jose), Student("12345", "José Núñez", lms_id="12345")),
        HandIn("12346", (li,), Student("12346", "李娜", lms_id="12346")),
    ]
    assert skipped == []


def test_unicode_names_are_kept_and_the_id_is_a_safe_folder_name(tmp_path):
    jose = put(tmp_path, "José Núñez.ipynb")
    li = put(tmp_path, "李娜__week2.ipynb")
    nbgrader_layout = put(tmp_path, f"Zoë O'Neil/week2/{NUMPY}.ipynb")
    hand_ins, _ = find_hand_ins(tmp_path, "week2")
    assert hand_ins == [
        HandIn("José_Núñez", (jose,), Student("José_Núñez", "José Núñez")),
        HandIn("Zoë_O_Neil", (nbgrader_layout,), Student("Zoë_O_Neil", "Zoë O'Neil")),
        HandIn("李娜", (li,)),
    ]


# ----------------------------------------------------------------------------- the roster
def test_a_roster_puts_canvas_moodle_and_plain_hand_ins_under_its_ids_and_names(tmp_path, class_roster):
    downloads = tmp_path / "in"
    alice = put(downloads, f"smithalice_1001_50001_{NUMPY}.ipynb")               # by Canvas user id
    jose = put(downloads, f"Jose Nunez_777_assignsubmission_file_/{NUMPY}.ipynb")  # by name, accents aside
    li = put(downloads, "李娜.ipynb")                                              # by name
    hand_ins, skipped = find_hand_ins(downloads, "week2", roster.read(class_roster))
    assert hand_ins == [
        HandIn("1001", (alice,), Student("1001", "Alice Smith", "alice@uni.example", "S-01", "Lab A", "1001")),
        HandIn("12345", (jose,), Student("12345", "José Núñez", "jose@uni.example", "S-02", "Lab B", "777")),
        HandIn("lna", (li,), Student("lna", "李娜", "li@uni.example", "S-03", "Lab A")),
    ]
    assert skipped == []


def test_a_hand_in_the_roster_does_not_know_keeps_its_id_and_says_so(tmp_path, class_roster):
    bob = put(tmp_path / "in", f"jonesbob_1002_50004_{NUMPY}.ipynb")
    (hand_in,), _ = find_hand_ins(tmp_path / "in", "week2", roster.read(class_roster))
    assert hand_in == HandIn("1002", (bob,), Student("1002", "jonesbob", lms_id="1002"), notes=(
        "not in the roster; graded as '1002': add '1002' (jonesbob) to the roster",))


def test_two_hand_ins_of_one_roster_student_are_both_left_out(tmp_path, class_roster):
    put(tmp_path / "in", f"smithalice_1001_50001_{NUMPY}.ipynb")
    put(tmp_path / "in", f"Alice Smith/week2/{NUMPY}.ipynb")
    put(tmp_path / "in", "bob.ipynb")
    hand_ins, skipped = find_hand_ins(tmp_path / "in", "week2", roster.read(class_roster))
    assert [h.student for h in hand_ins] == ["bob"]
    assert skipped == ["'1001' and 'Alice_Smith' are all the roster's '1001'; none of them was graded: "
                       "keep one hand-in per student in the folder"]


@pytest.mark.parametrize("text, message", [
    ("name,email\nAl,a@x\n", "has no column id: its first line must name the columns id, name, email, sis_id, section"),
    ("id,name\n1,Al\n,Bo\n", "line 3: no id"),
    ("id,name\n1,Al\n1,Bo\n", "line 3: the id '1' is also on line 2; ids must be unique"),
    ("id,name\na/b,Al\n", "line 2: the id 'a/b' cannot be a folder name.*'a_b'"),
])
def test_a_roster_problem_is_named_with_its_line(tmp_path, text, message):
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        roster.read(path)


def test_a_roster_saved_by_excel_with_a_bom_and_extra_columns_reads(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes("\ufeffName,ID,Login,Section\nJosé Núñez,12345,jn,Lab B\n".encode())
    assert roster.read(path) == [Student("12345", "José Núñez", section="Lab B")]


# ----------------------------------------------------------------------------- what Canvas and Moodle import
def graded(student, earned):
    return SubmissionResult(student, "week2", GRADED, "", tuple(
        ExerciseResult(e.notebook, e.grade_id, e.points * earned, e.points, "m") for e in WEEK2))


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    """A course whose gradebook holds Alice graded (half the points), José not graded, Li fully graded."""
    course = copy_course(tmp_path_factory.mktemp("course") / "autograder")
    db_url = gradebook.default_db_url(course)
    gradebook.sync_assignment(course, "week2", db_url)
    results = [graded("1001", 0.5), not_graded("12345", "week2", "empty file"), graded("lna", 1.0)]
    gradebook.store(results, course, db_url)
    gradebook.record_students([Student("1001", "smithalice", lms_id="1001"),
                               Student("12345", "José Núñez", lms_id="12345"), Student("lna", "李娜")], db_url)
    return course


def rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_canvas_export_has_canvas_columns_a_points_row_and_no_zero_for_the_not_graded(stored, class_roster, tmp_path):
    path = tmp_path / "canvas.csv"
    cli.export(stored, "week2", path, "canvas", class_roster)
    full = f"{FULL:g}"
    assert rows(path) == [
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "week2"],
        ["    Points Possible", "", "", "", "", full],
        ["Smith, Alice", "1001", "S-01", "", "Lab A", f"{FULL / 2:g}"],
        ["Núñez, José", "12345", "S-02", "", "Lab B", ""],
        ["李娜", "", "S-03", "", "Lab A", full],
    ]


def test_canvas_export_without_a_roster_uses_the_gradebooks_names_and_warns_of_whom_canvas_cannot_find(stored, tmp_path, capsys):
    path = tmp_path / "canvas.csv"
    cli.main(["--course", str(stored), "export", "week2", str(path), "--format", "canvas"])
    assert [r[:2] for r in rows(path)[2:]] == [["smithalice", "1001"], ["Núñez, José", "12345"], ["李娜", ""]]
    out = capsys.readouterr().out
    assert "warning: lna: no Canvas user id or SIS id, so Canvas cannot find them" in out
    assert f"wrote 3 students to {path} (import it in Canvas: Grades > Import)" in out


def test_moodle_export_is_its_grading_worksheet(stored, class_roster, tmp_path):
    path = tmp_path / "moodle.csv"
    cli.export(stored, "week2", path, "moodle", class_roster)
    header, *body = rows(path)
    assert header == ["Identifier", "Full name", "Email address", "ID number", "Grade", "Maximum Grade",
                      "Last modified (grade)"]
    assert [row[:6] for row in body] == [
        ["Participant 1001", "Alice Smith", "alice@uni.example", "S-01", f"{FULL / 2:g}", f"{FULL:g}"],
        ["Participant 12345", "José Núñez", "jose@uni.example", "S-02", "", f"{FULL:g}"],
        ["", "李娜", "li@uni.example", "S-03", f"{FULL:g}", f"{FULL:g}"],
    ]
    assert all(row[6].endswith("+00:00") for row in body)


def test_nbgrader_export_writes_the_same_canvas_file_through_our_plugin(stored, class_roster, tmp_path):
    ours, theirs = tmp_path / "ours.csv", tmp_path / "theirs.csv"
    cli.export(stored, "week2", ours, "canvas", class_roster)
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", "export", "--exporter=autograder.grading.exports.CanvasExport",
         "--assignment=week2", f"--to={theirs}", f"--CanvasExport.roster={class_roster}"],
        cwd=stored, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 0, done.stderr
    assert theirs.read_text(encoding="utf-8") == ours.read_text(encoding="utf-8")


def test_an_export_names_an_unknown_assignment_and_a_bad_roster(stored, tmp_path):
    (tmp_path / "bad.csv").write_text("who\nx\n")
    with pytest.raises(cli.CommandError, match="has no column id"):
        cli.export(stored, "week2", tmp_path / "x.csv", "canvas", tmp_path / "bad.csv")
    with pytest.raises(cli.CommandError, match="No assignment 'week9'"):
        cli.export(stored, "week9", tmp_path / "x.csv", "canvas")
    with pytest.raises(cli.CommandError, match="has no assignment 'week3'"):
        cli.export(stored, "week3", tmp_path / "x.csv", "moodle")


def test_exports_are_known_formats():
    assert set(exports.WRITERS) == set(exports.FORMATS) == {"canvas", "moodle"}


def test_course_py_advertises_export_with_its_assignment():
    done = subprocess.run([sys.executable, "course.py"], capture_output=True, text=True, cwd=REPO)
    lines = [line for line in done.stdout.splitlines() if "course.py export" in line]
    assert lines and all("export week2 " in line for line in lines)
    assert any("--format canvas|moodle" in line for line in lines)


def test_another_assignments_notebook_in_a_hand_in_is_set_aside(tmp_path):
    own = put(tmp_path, f"ada__{NUMPY}.ipynb", master(NUMPY))
    other = put(tmp_path, "ada__week3.ipynb", release("01_planar_data_classification", "week3"))
    kept, refused = set_aside_other_assignments([HandIn("ada", (other, own))], COURSE, "week2")
    assert kept == [HandIn("ada", (own,), notes=(
        "ada__week3.ipynb is week3's 01_planar_data_classification, set aside",))]
    assert refused == []


# ----------------------------------------------------------------------------- graded for real
@pytest.fixture(scope="module")
def lms_graded(tmp_path_factory):
    """A Canvas and a Moodle download of week2 (two notebooks per student), each graded by the command."""
    course = copy_course(tmp_path_factory.mktemp("lms-course") / "autograder")
    canvas, moodle = tmp_path_factory.mktemp("canvas"), tmp_path_factory.mktemp("moodle")
    put(canvas, f"smithalice_1001_50001_{NUMPY}.ipynb", release(NUMPY))            # replaced by her resubmission
    put(canvas, f"smithalice_LATE_1001_50003_{NUMPY}-1.ipynb", master(NUMPY))
    put(canvas, f"smithalice_1001_50002_{LOGREG}.ipynb", release(LOGREG))
    put(canvas, f"jonesbob_1002_50004_{NUMPY}.ipynb", release(NUMPY))
    put(canvas, f"jonesbob_1002_50005_{LOGREG}.ipynb", release(LOGREG))
    put(moodle, f"José Núñez_12345_assignsubmission_file_/{NUMPY}.ipynb", master(NUMPY))
    put(moodle, f"José Núñez_12345_assignsubmission_file_/{LOGREG}.ipynb", release(LOGREG))
    put(moodle, f"李娜_12346_assignsubmission_file_/{NUMPY}.ipynb", release(NUMPY))
    put(moodle, f"李娜_12346_assignsubmission_file_/{LOGREG}.ipynb", release(LOGREG))
    return course, {"canvas": cli.grade(course, "week2", canvas, workers=2),
                    "moodle": cli.grade(course, "week2", moodle, workers=2)}


def numpy_points():
    return sum(e.points for e in WEEK2 if e.notebook == NUMPY)


def test_a_canvas_download_of_a_two_notebook_assignment_is_graded_per_student(lms_graded):
    _, graded_by = lms_graded
    alice, bob = graded_by["canvas"]
    assert (alice.student, bob.student) == ("1001", "1002")
    assert alice.graded and alice.max_score == bob.max_score == FULL
    assert alice.total == numpy_points() and bob.total == 0  # her resubmitted master counted, not the blank first copy
    assert "handed in late" in alice.reason and "late" not in bob.reason


def test_a_moodle_download_is_graded_per_student_with_names_in_the_records_and_sheets(lms_graded):
    course, graded_by = lms_graded
    assert [(r.student, r.total) for r in graded_by["moodle"]] == [("12345", numpy_points()), ("12346", 0)]
    known = gradebook.students(gradebook.default_db_url(course))
    assert known["12345"] == Student("12345", "José Núñez", lms_id="12345")
    assert known["12346"].name == "李娜"
    with open(course / "reports" / "week2" / "grades.csv", newline="", encoding="utf-8") as handle:
        sheet = {row["student"]: row["name"] for row in csv.DictReader(handle)}
    assert sheet["12345"] == "José Núñez" and sheet["12346"] == "李娜"
    assert (course / "feedback" / "12345" / "week2" / "feedback.html").exists()
