"""Reference implementations of every graded function, one module per notebook.

Hidden checks compare a student's function with these on randomised inputs.
"""
