"""Helpers for the Neural Networks and Deep Learning course notebooks.

Modules, one job each:
    activations -- sigmoid, relu, tanh, leaky_relu and their backward helpers
    data        -- the course's datasets (images, the planar "flower", extra 2-D sets)
    plots       -- decision boundaries, cost curves, image grids, mislabelled images, and the concept
                   figures: network diagrams with shapes, computation graph, blocks with caches,
                   gradient descent, the scale sketch
    network     -- finished L-layer building blocks, as the course ships them for week 4b
    checks      -- the check engine behind every check cell
    runtime     -- how a notebook trains on the image set it uses (iterations, learning rates; shorter while graded)
    experiments -- learning curves for week 1: accuracy against training-set size, measured
"""
