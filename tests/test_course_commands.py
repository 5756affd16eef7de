"""The README's commands: course.py builds the environment and opens JupyterLab on notebooks/."""
import json
import subprocess
import sys
import time
import urllib.error
import urllib.request

import course
from notebook_tools import free_port



def test_lab_opens_jupyterlab_on_the_course_folder():
    port, token = free_port(), "course-test-token"
    command = course.lab_command(["--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}"])
    server = subprocess.Popen(command, env=course.course_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        listing = None
        for _ in range(120):
            try:
                request = urllib.request.Request(f"http://127.0.0.1:{port}/api/contents", headers={"Authorization": f"token {token}"})
                listing = json.load(urllib.request.urlopen(request, timeout=2))
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        assert listing is not None, "JupyterLab did not answer within 60 s"
        assert {"week2"} <= {item["name"] for item in listing["content"]}
        lab = urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/lab", headers={"Authorization": f"token {token}"}), timeout=5)
        assert b"JupyterLab" in lab.read()
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_course_py_without_a_command_prints_its_usage():
    done = subprocess.run([sys.executable, "course.py"], capture_output=True, text=True, cwd=course.ROOT)
    assert done.returncode == 2
    assert "python3 course.py lab" in done.stdout and "python3 course.py test" in done.stdout
    assert "python3 course.py lab --instructor" in done.stdout and "python3 course.py restore" in done.stdout
    assert "python3 course.py progress [FOLDER]" in done.stdout


def test_course_py_lab_runs_where_the_course_nbgrader_settings_are(monkeypatch):
    calls = []
    monkeypatch.setattr(course, "ensure_environment", lambda: None)
    monkeypatch.setattr(course.subprocess, "call", lambda command, **options: calls.append(options) or 0)
    assert course.main(["lab", "--no-browser"]) == 0
    assert [options["cwd"] for options in calls] == [course.NOTEBOOKS]
    assert (course.NOTEBOOKS / "nbgrader_config.py").is_file()


def test_the_instructor_lab_runs_in_the_course_and_opens_formgrader(monkeypatch):
    """Formgrader shows the assignments of the course it runs in: `lab --instructor` runs in autograder/."""
    calls = []
    monkeypatch.setattr(course, "ensure_environment", lambda: None)
    monkeypatch.setattr(course.subprocess, "call", lambda command, **options: calls.append((command, options)) or 0)
    assert course.main(["lab", "--instructor", "--no-browser"]) == 0
    (command, options), = calls
    assert options["cwd"] == course.COURSE and f"--ServerApp.root_dir={course.COURSE}" in command
    assert "--LabApp.default_url=/formgrader" in command and "--instructor" not in command
    assert (course.COURSE / "nbgrader_config.py").is_file() and (course.COURSE / "source").is_dir()


def test_the_labs_validate_reads_the_course_nbgrader_settings(tmp_path):
    """The lab runs in notebooks/, as `course.py lab` starts it, so its Validate button judges with
    notebooks/nbgrader_config.py: a test cell that only warns passes, one that raises fails."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    for number, source in enumerate(("import warnings\nwarnings.warn('log of 0', RuntimeWarning)", "raise AssertionError('wrong')")):
        cell = nbformat.v4.new_code_cell(source)
        cell.metadata["nbgrader"] = {"grade": True, "grade_id": f"test{number}", "locked": True, "points": 1,
                                     "schema_version": 3, "solution": False, "task": False}
        nb.cells.append(cell)
    nbformat.write(nb, tmp_path / "warns.ipynb")
    port, token = free_port(), "course-test-token"
    extra = ["--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}"]
    command = [arg for arg in course.lab_command(extra) if not arg.startswith("--ServerApp.root_dir=")]
    server = subprocess.Popen([*command, f"--ServerApp.root_dir={tmp_path}"], env=course.course_env(), cwd=course.NOTEBOOKS,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # serving the scratch notebook
    headers = {"Authorization": f"token {token}", "Content-Type": "application/json"}
    try:
        answer = None
        for _ in range(240):
            try:
                request = urllib.request.Request(f"http://127.0.0.1:{port}/assignments/validate", method="POST",
                                                 data=json.dumps({"path": "warns.ipynb"}).encode(), headers=headers)
                answer = json.load(urllib.request.urlopen(request, timeout=120))
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        assert answer is not None, "JupyterLab's Validate did not answer within 2 minutes"
        assert answer["success"], answer
        failed = answer["value"].get("failed", [])
        assert [cell["source"] for cell in failed] == ["raise AssertionError('wrong')"], answer["value"]
    finally:
        server.terminate()
        server.wait(timeout=30)
