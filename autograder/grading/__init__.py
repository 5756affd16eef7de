"""Grading a class: every submission graded in a sandbox, judged outside it, in parallel.

Modules, one job each:
    outcome     -- the result records (SubmissionResult, ExerciseResult) everything else exchanges
    submission  -- read a handed-in file, decide which notebook it is, extract the answers, or say why not
    sandbox     -- run a command isolated (bubblewrap; an allow-list of paths; cgroups, a tmpfs and rlimits
                   as caps per hand-in): no course files, no socket, no network
    harness     -- the program that runs INSIDE the sandbox: executes the notebook, records the
                   student's outputs on the probes as data, guards the engine against patching
    judge       -- outside the sandbox: asks the master's solution which calls to make, replays the
                   recorded outputs through the check engine, gives points and words the messages
    batch       -- a whole class through a concurrent.futures Executor (processes or dask)
    gradebook   -- results into nbgrader's gradebook (SQLite or PostgreSQL)
    reports     -- grade sheet CSV, score distribution plot, text summary, feedback pages
    exports     -- grade sheets an LMS imports (Canvas, Moodle), also as nbgrader export plugins
    roster      -- a class roster (id, name, email, SIS id, section) matched to hand-ins
    lock        -- one grading run per assignment at a time
    similarity  -- pairs of near-identical answers, compared as syntax trees
"""
