"""Hidden checks, one module per notebook, each exporting `check_hidden`.

They run a student's function on randomised inputs (a fixed instructor seed, other shapes than
the public checks) against autograder.references, without revealing expected values.
"""
