"""The README's commands: course.py builds the environment and opens JupyterLab on notebooks/."""
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import course


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
