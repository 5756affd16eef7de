"""`python3 course.py lab` as a student and as an instructor, read through the running server.

A student's lab has nbgrader's Validate but not its instructor panels (Formgrader, Course List,
Create Assignment), nor the exchange's Assignment List unless an exchange is set up, and its log
has no CRITICAL line; `--instructor` brings the panels back. Either way the lab opens on the start
page, with the course's settings (line numbers on), for that launch only: the user's Jupyter
configuration is left as it was.
"""
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from jupyter_core.paths import jupyter_config_dir, jupyter_config_path

import course
from notebook_tools import free_port

TOKEN = "student-lab-test-token"
STUDENT_OFF = [plugin for _, plugins in course.INSTRUCTOR_ONLY + course.EXCHANGE_ONLY for plugin in plugins]
VALIDATE = "@jupyter/nbgrader:validate-assignment"
PAGE_CONFIG = re.compile(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', re.DOTALL)



class Lab:
    """A running `course.py lab`: requests with the token, and its log."""

    def __init__(self, base, log):
        self.base, self.log = base, log

    def request(self, path, data=None):
        """(status, headers, body) of GET path, or POST when data (a dict) is given; redirects not followed."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers={"Authorization": f"token {TOKEN}"})
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=120) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode(errors="replace")

    def opens_on(self):
        """Where the lab's root sends a browser."""
        status, headers, _ = self.request("/")
        assert status == 302
        return urllib.parse.urlparse(headers["Location"]).path

    def page_config(self):
        status, _, html = self.request("/lab")
        assert status == 200
        return json.loads(PAGE_CONFIG.search(html).group(1))

    def default(self, plugin, setting):
        """The default the lab gives a setting (the course's overrides are applied as defaults)."""
        status, _, text = self.request(f"/lab/api/settings/{plugin}")
        assert status == 200, text
        return json.loads(text)["schema"]["properties"][setting]["default"]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@contextmanager
def course_lab(tmp_path, *options, env=None):
    """`python3 course.py lab OPTIONS` on a free port with a token, as a user starts it."""
    port = free_port()
    args = [*options, "--no-browser", f"--port={port}", "--ServerApp.port_retries=0", "--ServerApp.ip=127.0.0.1",
            f"--IdentityProvider.token={TOKEN}", f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}"]
    log = tmp_path / "lab.log"
    with log.open("w") as out:
        # its own process group: course.py waits on JupyterLab, and both are stopped together
        server = subprocess.Popen([sys.executable, "course.py", "lab", *args], cwd=course.ROOT, env=env or dict(os.environ),
                                  stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            lab = Lab(f"http://127.0.0.1:{port}", log)
            for _ in range(240):
                try:
                    if lab.request("/api/status")[0] == 200:
                        break
                except (urllib.error.URLError, ConnectionError):
                    pass
                assert server.poll() is None, f"course.py lab exited: {log.read_text()[-3000:]}"
                time.sleep(0.5)
            else:
                raise AssertionError(f"JupyterLab did not answer within 120 s: {log.read_text()[-3000:]}")
            yield lab
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)


def jupyter_config_files():
    """Digest of every Jupyter configuration file a user or the environment holds (not the lab's
    workspaces and own settings, which JupyterLab keeps up to date as it is used)."""
    found = {}
    folders = {Path(jupyter_config_dir()), *map(Path, jupyter_config_path()), course.VENV / "share" / "jupyter" / "lab" / "settings"}
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if path.is_file() and not path.is_relative_to(Path(jupyter_config_dir()) / "lab"):
                found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def exchange_env(tmp_path, root):
    """The environment of a user whose nbgrader exchange is `root`, set as nbgrader documents it
    (Exchange.root in nbgrader_config.py of their Jupyter config folder)."""
    config = tmp_path / "jupyter-config"
    config.mkdir()
    (config / "nbgrader_config.py").write_text(f"c = get_config()\nc.Exchange.root = {str(root)!r}\n")
    return dict(os.environ, JUPYTER_CONFIG_DIR=str(config))


def critical_lines(log):
    return [line for line in log.read_text().splitlines() if line.startswith("[C ") or "CRITICAL" in line]


def test_a_student_lab_has_validate_and_none_of_the_instructor_panels(tmp_path):
    before = jupyter_config_files()
    with course_lab(tmp_path, env=exchange_env(tmp_path, tmp_path / "no-exchange-here")) as lab:
        disabled = lab.page_config()["disabledExtensions"]
        assert set(STUDENT_OFF) <= set(disabled) and VALIDATE not in disabled
        # the server extensions behind them are off too; Validate's is on
        assert lab.request("/formgrader")[0] == 404
        assert lab.request("/formgrader/api/assignments")[0] == 404
        assert lab.request("/assignments?course_id=dnn-course")[0] == 404
        assert lab.request("/courses")[0] == 404  # the assignment list's
        assert lab.request("/formgraders")[0] == 404  # the course list's
        status, _, text = lab.request("/assignments/validate", {"path": "week2/01_numpy_basics.ipynb"})
        assert status == 200 and json.loads(text)["success"] is True, text
        assert json.loads(text)["value"]["failed"], "an untouched notebook should fail Validate"

        assert lab.opens_on() == f"/lab/tree/{course.START_PAGE}"
        assert lab.request(f"/api/contents/{course.START_PAGE}")[0] == 200
        assert lab.default("@jupyterlab/notebook-extension:tracker", "codeCellConfig")["lineNumbers"] is True
        assert lab.default("@jupyterlab/docmanager-extension:plugin", "defaultViewers")["markdown"] == "Markdown Preview"
        assert critical_lines(lab.log) == []
    assert "python3 course.py lab --instructor" in lab.log.read_text()  # the switch, where a student looks
    assert jupyter_config_files() == before


def test_the_instructor_switch_brings_nbgraders_panels_back(tmp_path):
    before = jupyter_config_files()
    with course_lab(tmp_path, "--instructor") as lab:
        disabled = lab.page_config()["disabledExtensions"]
        assert not [name for name in disabled if name.startswith("@jupyter/nbgrader")]
        assert lab.request("/formgrader/api/status")[0] == 200
        assert lab.request("/formgraders")[0] == 200
        assert lab.request("/assignments?course_id=dnn-course")[0] == 200
        assert lab.request("/nbgrader_version?version=x")[0] == 200
        assert lab.opens_on() == "/formgrader"  # it runs in the course folder: Formgrader lists its assignments
        status, _, body = lab.request("/formgrader/api/assignments")
        assert status == 200 and {"week1", "week2", "week3", "week4"} <= {a["name"] for a in json.loads(body)}
        assert lab.default("@jupyterlab/notebook-extension:tracker", "codeCellConfig")["lineNumbers"] is True
    assert jupyter_config_files() == before


def test_with_an_exchange_set_up_a_student_gets_the_assignment_list(tmp_path):
    """An nbgrader exchange configured as nbgrader documents it (Exchange.root, in a Jupyter config
    folder): the student's lab keeps the assignment list, which then works, and nothing else."""
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    exchange.chmod(0o777)  # as nbgrader's instructions set it up: everyone may write
    env = exchange_env(tmp_path, exchange)
    with course_lab(tmp_path, env=env) as lab:
        disabled = lab.page_config()["disabledExtensions"]
        assert "@jupyter/nbgrader:assignment-list" not in disabled and "@jupyter/nbgrader:menu" not in disabled
        assert {"@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:course-list", "@jupyter/nbgrader:create-assignment"} <= set(disabled)
        assert lab.request("/formgrader")[0] == 404
        status, _, text = lab.request("/assignments?course_id=dnn-course")
        assert status == 200 and json.loads(text)["success"] is True, text
        assert critical_lines(lab.log) == []
