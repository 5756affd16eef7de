"""Learning curves: test accuracy against training-set size, measured and then described in words.

Week 1 uses them to check the claim that scale drives deep learning on the course's own image
sets. Every sentence `summarise_curves` writes is computed from the measured numbers, so the text
stays true whatever the numbers turn out to be.

Week 4b uses `initial_activations`: every layer's activations just after initialisation, to see
how the scale of the initial weights grows or shrinks the signal from layer to layer.
"""
import numbers

import numpy as np

from dnn_utils import network


def downsample(images, factor):
    """Average every factor x factor block of pixels: a smaller picture, with less pixel noise.

    images -- shape (m, h, w, c), any numeric dtype; h and w must be multiples of factor
    factor -- a positive int (1 returns the images as floats)

    Returns:
    smaller -- float64 array of shape (m, h // factor, w // factor, c), in the value range of images
    """
    images = np.asarray(images)
    if images.ndim != 4:
        raise ValueError(f"images must have shape (m, h, w, c), got {images.shape}.")
    if not isinstance(factor, numbers.Integral) or factor < 1:
        raise ValueError(f"factor must be a positive int, got {factor!r}.")
    m, h, w, c = images.shape
    if h % factor or w % factor:
        raise ValueError(f"images of {h}x{w} pixels cannot be cut into {factor}x{factor} blocks: pick a factor that divides both.")
    blocks = images.reshape(m, h // factor, factor, w // factor, factor, c).astype(float)
    return blocks.mean(axis=(2, 4))


def learning_curves(X_train, Y_train, X_test, Y_test, models, sizes, score, learning_rate, num_iterations, seed=1):
    """Train every model on the first k training examples, for every k in sizes; score it on the whole test set.

    X_train -- training data, shape (n_x, m_train); Y_train -- its labels 0 or 1, shape (1, m_train)
    X_test -- test data, shape (n_x, m_test); Y_test -- its labels, shape (1, m_test)
    models -- dict name -> hidden layer sizes: [] is logistic regression, [16] one hidden layer of 16 units
    sizes -- increasing training-set sizes k, 1 <= k <= m_train
    score -- score(predictions, Y) -> accuracy in percent; predictions and Y of shape (1, m_test)
    learning_rate, num_iterations -- of network.L_layer_model's gradient descent, the same for every run
    seed -- seed of the initial weights of every run

    Returns:
    accuracies -- dict name -> list of len(sizes) test accuracies (floats, percent), one per size
    """
    _check_sizes(sizes, X_train.shape[1])
    n_x = X_train.shape[0]
    accuracies = {}
    for name, hidden in models.items():
        accuracies[name] = []
        for k in sizes:
            parameters, _ = network.L_layer_model(
                X_train[:, :k], Y_train[:, :k], [n_x, *hidden, 1],
                learning_rate=learning_rate, num_iterations=num_iterations, seed=seed,
            )
            accuracies[name].append(float(score(network.predict(X_test, parameters), Y_test)))
    return accuracies


def accuracy_table(sizes, accuracies):
    """The accuracies as text: a row per model, a column per training-set size, in percent."""
    _check_curves(sizes, accuracies)
    heading = "training examples"
    width = max(len(heading), *(len(str(name)) for name in accuracies))
    lines = [f"{heading:<{width}}" + "".join(f"{k:>8}" for k in sizes)]
    for name, values in accuracies.items():
        lines.append(f"{name:<{width}}" + "".join(f"{a:>7.1f}%" for a in values))
    return "\n".join(lines)


def noise_level(m_test):
    """Two standard errors, in points, of an accuracy measured on m_test examples, at its worst (50 %).

    The standard error of an accuracy p on m examples is sqrt(p (1 - p) / m), largest at p = 0.5.
    Gaps between two models smaller than this can come from the choice of test images alone.
    """
    return 2 * 100 * 0.5 / np.sqrt(m_test)


def summarise_curves(sizes, accuracies, m_test):
    """Sentences about learning curves, every number in them taken from the curves themselves.

    sizes -- increasing training-set sizes, length k >= 2
    accuracies -- dict model name -> k test accuracies in percent
    m_test -- number of test examples the accuracies were measured on

    Returns the sentences as one string, a line each.
    """
    _check_curves(sizes, accuracies)
    if len(sizes) < 2:
        raise ValueError("summarise_curves needs at least two training-set sizes to compare.")
    noise = noise_level(m_test)
    names = list(accuracies)
    first = {name: accuracies[name][0] for name in names}
    last = {name: accuracies[name][-1] for name in names}
    width = max(len(str(name)) for name in names)
    lines = [f"From {sizes[0]} to {sizes[-1]} training examples:"]
    gains = {name: last[name] - first[name] for name in names}
    for name in names:
        lines.append(f"  {name:<{width}}  {first[name]:5.1f} % -> {last[name]:5.1f} %  ({gains[name]:+.1f} points)")
    best_gain = max(gains.values())
    lines.append(f"Largest gain from {sizes[0]} to {sizes[-1]} examples: {_names(gains, best_gain)} ({best_gain:+.1f} points).")
    lines.append(
        f"Noise level: on {m_test} test examples, gaps under {noise:.1f} points (two standard errors "
        "at 50 %) can come from the choice of test examples alone."
    )
    lines.append(_spread(sizes[0], first, noise))
    lines.append(_spread(sizes[-1], last, noise))
    lines.append(_crossings(sizes, first, last))
    lines.append(_last_step(sizes, accuracies, noise))
    return "\n".join(lines)


def _spread(size, values, noise):
    """One sentence on how far apart the models are at one training-set size."""
    low, high = min(values.values()), max(values.values())
    text = f"With {size} examples the models span {low:.1f} to {high:.1f} %, a gap of {high - low:.1f} points"
    if high - low < noise:
        return text + ": within the noise level, so no order between them can be trusted."
    leaders = [str(name) for name, value in values.items() if high - value < noise]
    behind = [str(name) for name, value in values.items() if high - value >= noise]
    return (
        text + f", more than the noise level. Within the noise level of the best ({high:.1f} %): "
        f"{', '.join(leaders)}; further behind: {', '.join(behind)}."
    )


def _crossings(sizes, first, last):
    """One sentence: how many pairs of models swap order between the smallest and the largest size."""
    names = list(first)
    pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1:]]
    swapped = [(a, b) for a, b in pairs if (first[a] - first[b]) * (last[a] - last[b]) < 0]
    pairs_text = "1 pair" if len(pairs) == 1 else f"{len(pairs)} pairs"
    text = f"{len(swapped)} of {pairs_text} of models swap order between {sizes[0]} and {sizes[-1]} examples"
    if not swapped:
        return text + "."
    return text + ": " + "; ".join(f"{a} and {b}" for a, b in swapped) + "."


def _last_step(sizes, accuracies, noise):
    """One sentence: does any curve still move, by more than the noise, over the last step of sizes?"""
    changes = {name: values[-1] - values[-2] for name, values in accuracies.items()}
    listed = ", ".join(f"{name} {change:+.1f}" for name, change in changes.items())
    text = f"Last step, {sizes[-2]} -> {sizes[-1]} examples: {listed} points"
    rising = [str(name) for name, change in changes.items() if change >= noise]
    falling = [str(name) for name, change in changes.items() if change <= -noise]
    moves = []
    if rising:
        moves.append(f"rising by more than the noise level: {', '.join(rising)}")
    if falling:
        moves.append(f"falling by more than the noise level: {', '.join(falling)}")
    if not moves:
        return text + ": no model moves by more than the noise level, so at this scale every curve looks flat."
    return text + "; " + "; ".join(moves) + "."


def _names(values, target):
    """The names whose value equals target, joined with 'and'."""
    return " and ".join(str(name) for name, value in values.items() if value == target)


def _check_sizes(sizes, m_train):
    sizes = list(sizes)
    if not sizes or not all(isinstance(k, numbers.Integral) and 1 <= k <= m_train for k in sizes):
        raise ValueError(f"sizes must be ints from 1 to m_train = {m_train}, got {sizes!r}.")
    if any(a >= b for a, b in zip(sizes, sizes[1:])):
        raise ValueError(f"sizes must increase, got {sizes!r}.")


def _check_curves(sizes, accuracies):
    if not accuracies:
        raise ValueError("accuracies is empty: pass a dict model name -> one accuracy per size.")
    for name, values in accuracies.items():
        if len(values) != len(sizes):
            raise ValueError(f"accuracies[{name!r}] has {len(values)} values for {len(sizes)} sizes: give one per size.")


# ----------------------------------------------------------------------------- initialisation scale
INITIAL_ACTIVATIONS = ("relu", "tanh")


def initial_activations(X, layer_dims, scale, activation="relu", fan_in=True, seed=1):
    """Forward propagation through a network just initialised: every layer's activations, to see how
    the scale of the initial weights grows or shrinks the signal from one layer to the next.

    X -- input data, shape (n_x, m)
    layer_dims -- [n_x, n[1], ..., n[L]]; every layer l = 1, ..., L applies `activation` (no sigmoid
                  output: what matters here is what the hidden layers pass on)
    scale -- a positive number: W[l] = scale * randn(n[l], n[l-1]) / sqrt(n[l-1]) when fan_in
             (1 is week 4b's initialiser, sqrt(2) He's), W[l] = scale * randn(n[l], n[l-1]) when not
             (0.01 is week 4a's); the biases are 0
    activation -- "relu" or "tanh", the same in every layer
    fan_in -- whether W[l] is divided by sqrt(n[l-1]), the number of inputs each unit of layer l adds up
    seed -- seed of network.initialize_parameters_deep: every scale gets the same random numbers

    Returns:
    activations -- list of L arrays: activations[l - 1] is A[l], shape (n[l], m)
    """
    if activation not in INITIAL_ACTIVATIONS:
        raise ValueError(f"activation must be one of {', '.join(map(repr, INITIAL_ACTIVATIONS))}; got {activation!r}.")
    if isinstance(scale, bool) or not isinstance(scale, numbers.Real) or not scale > 0:
        raise ValueError(f"scale must be a positive number such as 0.01 or 1.0, got {scale!r}.")
    dims = list(layer_dims)
    if np.ndim(X) != 2 or not dims or np.shape(X)[0] != dims[0]:
        raise ValueError(f"X has shape {np.shape(X)}, expected ({dims[0] if dims else 'n_x'}, m): "
                         "layer_dims[0] is the number of rows of X, one column per example.")
    if fan_in:
        parameters = network.initialize_parameters_deep(dims, seed=seed, scale="xavier")
        parameters = {name: scale * value if name.startswith("W") else value for name, value in parameters.items()}
    else:
        parameters = network.initialize_parameters_deep(dims, seed=seed, scale=scale)
    activations = []
    A = X
    for l in range(1, len(dims)):
        A, _ = network.linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], activation)
        activations.append(A)
    return activations
