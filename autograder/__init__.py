"""The instructor side of the course: nbgrader course folder, reference implementations,
hidden checks and the grading commands. Never shipped to students; dnn_utils never imports it.
"""
