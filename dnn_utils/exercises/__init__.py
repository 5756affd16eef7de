"""Public checks, one module per notebook, each exporting `check` (see dnn_utils.checks.checker).

The expected values here are public on purpose: a student may read them. Hidden checks use other,
randomised inputs and live on the instructor side (autograder/hidden), never here.
"""
