"""nbgrader settings for the students' side: JupyterLab's Validate button, and `nbgrader validate` run here.

`python3 course.py lab` starts JupyterLab in this folder, and nbgrader reads the nbgrader_config.py
of the folder it runs in, so Validate judges a notebook as its check cells, its check-everything
cell, `course.py progress` and `course.py grade` do:

- A warning fails nothing. nbgrader fails a test cell that writes anything to stderr, where numpy's
  RuntimeWarnings go (a log of 0, an overflow in exp); the checks judge the values. So Validate's
  kernel ignores warnings, and a check cell fails only by its check's error.
- A cell may run for 120 s, as when grading (autograder.grading.batch.Settings.cell_seconds), not
  nbgrader's default 30 s.
"""
c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.Execute.timeout = 120
c.Execute.extra_arguments = ["--IPKernelApp.exec_lines=import warnings; warnings.simplefilter('ignore')"]
