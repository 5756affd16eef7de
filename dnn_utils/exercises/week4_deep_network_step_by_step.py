"""Public checks of week 4, "Building a deep neural network, step by step".

The expected values below were computed once with a correct implementation and written out as
literals. Check cells call `check(initialize_parameters)`, `check(linear_forward)`, ...
Each check also refuses the finished version of the same function shipped in dnn_utils.network:
the point of this notebook is to write them.
"""
import numpy as np

from dnn_utils import network
from dnn_utils.checks import Case, FunctionCheck, Gradient, Mistake, Vectorised, checker

RNG = np.random.default_rng(4)


def _draw(*shape):
    """A fixed input array, rounded to 2 decimals so that it reads well in messages."""
    return np.round(RNG.standard_normal(shape), 2)


def _network(layer_dims, seed):
    """Parameters W{l}, b{l} of a network with standard-normal weights scaled by 1/sqrt(n[l-1])."""
    rng = np.random.default_rng(seed)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) / np.sqrt(layer_dims[l - 1])
        parameters[f"b{l}"] = rng.standard_normal((layer_dims[l], 1)) * 0.1
    return parameters


def _labels(rng, m):
    return (rng.random((1, m)) > 0.5).astype(float)


# Arguments for the vectorisation rung: the same layer sizes, m examples.
VECTOR_PARAMETERS = _network([4, 3, 2, 1], seed=40)


def _vector_data(m):
    rng = np.random.default_rng(400 + m)
    return rng.standard_normal((4, m)), _labels(rng, m)


def _vector_backward_args(m):
    X, Y = _vector_data(m)
    AL, caches = network.L_model_forward(X, VECTOR_PARAMETERS)
    return AL, Y, caches


def _vector_update_args(m):
    """A [m, 3, 1] network: the work of update_parameters grows with the number of weights."""
    parameters = _network([m, 3, 1], seed=41)
    grads = {"d" + name: value * 0.5 for name, value in _network([m, 3, 1], seed=42).items()}
    return parameters, grads, 0.1


def _vector_cost_args(m):
    X, Y = _vector_data(m)
    return network.L_model_forward(X, VECTOR_PARAMETERS)[0], Y


# ----------------------------------------------------------------------------- initialize_parameters
INITIALIZE_PARAMETERS = FunctionCheck(
    name="initialize_parameters",
    outputs=("parameters",),
    cases=(
        Case(
            args=(3, 2, 1),
            expected={
                "W1": np.array(
                    [
                        [0.0162434536366, -0.0061175641365, -0.00528171752263],
                        [-0.0107296862216, 0.00865407629325, -0.0230153869688],
                    ]
                ),
                "b1": np.array([[0.0], [0.0]]),
                "W2": np.array([[0.0174481176422, -0.00761206900895]]),
                "b2": np.array([[0.0]]),
            },
            mistakes=(
                Mistake(
                    "parameters['W1']",
                    np.array(
                        [
                            [1.62434536366, -0.61175641365, -0.528171752263],
                            [-1.07296862216, 0.865407629325, -2.30153869688],
                        ]
                    ),
                    "These are the right random numbers without the 0.01: small initial weights keep Z near 0, "
                    "so write rng.randn(n_h, n_x) * 0.01.",
                ),
                Mistake(
                    "parameters['W1']",
                    np.array(
                        [
                            [-0.00528171752263, -0.0107296862216, 0.00865407629325],
                            [-0.0230153869688, 0.0174481176422, -0.00761206900895],
                        ]
                    ),
                    "W1 got the numbers meant for W2: draw W1 first, then W2, from the same RandomState(1).",
                ),
            ),
        ),
        Case(
            args=(2, 4, 1),
            expected={
                "W1": np.array(
                    [
                        [0.0162434536366, -0.0061175641365],
                        [-0.00528171752263, -0.0107296862216],
                        [0.00865407629325, -0.0230153869688],
                        [0.0174481176422, -0.00761206900895],
                    ]
                ),
                "b1": np.array([[0.0], [0.0], [0.0], [0.0]]),
                "W2": np.array([[0.00319039096057, -0.00249370375477, 0.0146210793704, -0.020601407095]]),
                "b2": np.array([[0.0]]),
            },
        ),
    ),
    forbidden=(network.initialize_parameters_deep,),
)

# ----------------------------------------------------------------------------- initialize_parameters_deep
INITIALIZE_PARAMETERS_DEEP = FunctionCheck(
    name="initialize_parameters_deep",
    outputs=("parameters",),
    cases=(
        Case(
            args=([5, 4, 3],),
            expected={
                "W1": np.array(
                    [
                        [0.0178862847343, 0.00436509850512, 0.00096497468072, -0.0186349270336, -0.00277388202514],
                        [-0.00354758979269, -0.000827414814825, -0.00627000676824, -0.000438181689759, -0.0047721803036],
                        [-0.0131386475336, 0.008846223805, 0.00881318042208, 0.0170957306365, 0.000500336421769],
                        [-0.00404677414601, -0.0054535994762, -0.0154647731558, 0.00982367434258, -0.0110106763011],
                    ]
                ),
                "b1": np.array([[0.0], [0.0], [0.0], [0.0]]),
                "W2": np.array(
                    [
                        [-0.0118504652702, -0.00205649899423, 0.0148614835507, 0.00236716267227],
                        [-0.0102378513993, -0.00712993200112, 0.00625244966163, -0.00160513363187],
                        [-0.00768836350319, -0.00230030722278, 0.00745056266405, 0.0197611078313],
                    ]
                ),
                "b2": np.array([[0.0], [0.0], [0.0]]),
            },
            mistakes=(
                Mistake(
                    "parameters['W1']",
                    np.array(
                        [
                            [0.799898970616, 0.195213139719, 0.0431549796531, -0.83337927206, -0.124051775396],
                            [-0.158653038655, -0.0370031154308, -0.280403227063, -0.0195960808959, -0.213418391194],
                            [-0.587578180352, 0.395615155443, 0.394137410435, 0.764544316566, 0.0223757250139],
                            [-0.180977241601, -0.243892383017, -0.691605680661, 0.439328072377, -0.492412413751],
                        ]
                    ),
                    "These weights are divided by sqrt(n[l-1]) (the scaling of week 4b); here multiply "
                    "randn(n[l], n[l-1]) by 0.01.",
                ),
                Mistake(
                    "parameters['W1']",
                    np.array(
                        [
                            [0.0162434536366, -0.0061175641365, -0.00528171752263, -0.0107296862216, 0.00865407629325],
                            [-0.0230153869688, 0.0174481176422, -0.00761206900895, 0.00319039096057, -0.00249370375477],
                            [0.0146210793704, -0.020601407095, -0.00322417204014, -0.00384054354668, 0.0113376944234],
                            [-0.0109989126731, -0.0017242820755, -0.00877858417921, 0.000422137467156, 0.00582815213716],
                        ]
                    ),
                    "These are the numbers of RandomState(1): this function uses np.random.RandomState(3).",
                ),
            ),
        ),
        Case(
            args=([4, 3, 2, 1],),
            expected={
                "W1": np.array(
                    [
                        [0.0178862847343, 0.00436509850512, 0.00096497468072, -0.0186349270336],
                        [-0.00277388202514, -0.00354758979269, -0.000827414814825, -0.00627000676824],
                        [-0.000438181689759, -0.0047721803036, -0.0131386475336, 0.008846223805],
                    ]
                ),
                "b1": np.array([[0.0], [0.0], [0.0]]),
                "W2": np.array(
                    [
                        [0.00881318042208, 0.0170957306365, 0.000500336421769],
                        [-0.00404677414601, -0.0054535994762, -0.0154647731558],
                    ]
                ),
                "b2": np.array([[0.0], [0.0]]),
                "W3": np.array([[0.00982367434258, -0.0110106763011]]),
                "b3": np.array([[0.0]]),
            },
        ),
    ),
    forbidden=(network.initialize_parameters_deep,),
)

# ----------------------------------------------------------------------------- linear_forward
LF_A, LF_W, LF_B = _draw(3, 2), _draw(1, 3), _draw(1, 1)
LF2_A, LF2_W, LF2_B = _draw(4, 5), _draw(3, 4), _draw(3, 1)
NO_BIAS_HINT = "Z is W A without the bias: add b (it broadcasts over the m columns)."
LF_Z = np.array([[3.5324, 0.4605]])
LF2_Z = np.array(
    [
        [-1.154, -0.6588, -2.0313, -0.0177, -4.6774],
        [2.8655, -2.908, 1.7956, -1.7215, 1.7314],
        [-3.4925, -2.1825, -1.7475, -0.5615, -0.124],
    ]
)

LINEAR_FORWARD = FunctionCheck(
    name="linear_forward",
    outputs=("Z", "cache"),
    cases=(
        Case(
            args=(LF_A, LF_W, LF_B),
            expected=(LF_Z, (LF_A, LF_W, LF_B)),
            mistakes=(Mistake("Z", LF_Z - LF_B, NO_BIAS_HINT),),
        ),
        Case(
            args=(LF2_A, LF2_W, LF2_B),
            expected=(LF2_Z, (LF2_A, LF2_W, LF2_B)),
            mistakes=(Mistake("Z", LF2_Z - LF2_B, NO_BIAS_HINT),),
        ),
    ),
    vectorised=Vectorised(lambda m: (_vector_data(m)[0], VECTOR_PARAMETERS["W1"], VECTOR_PARAMETERS["b1"])),
    forbidden=(network.linear_forward,),
)

# ----------------------------------------------------------------------------- linear_activation_forward
LAF_A, LAF_W, LAF_B = _draw(3, 4), _draw(2, 3), _draw(2, 1)
SWAPPED_HINT = 'These are the values of the other activation: sigmoid for "sigmoid", ReLU (np.maximum(0, Z)) for "relu".'
A_CACHED_HINT = "The activation cache must hold Z, not A: the backward step needs g'(Z)."
LAF_Z = np.array([[-0.509, -0.0556, -0.0382, 3.1003], [-1.2418, -0.4048, 0.9893, -0.2952]])
LAF_SIGMOID_A = np.array(
    [
        [0.375427978117, 0.486103579719, 0.490451161142, 0.956905118069],
        [0.224122825095, 0.400159636558, 0.728949637073, 0.426731300264],
    ]
)
LAF_RELU_A = np.array([[0.0, 0.0, 0.0, 3.1003], [0.0, 0.0, 0.9893, 0.0]])

LINEAR_ACTIVATION_FORWARD = FunctionCheck(
    name="linear_activation_forward",
    outputs=("A", "cache"),
    cases=(
        Case(
            args=(LAF_A, LAF_W, LAF_B, "sigmoid"),
            expected=(LAF_SIGMOID_A, ((LAF_A, LAF_W, LAF_B), LAF_Z)),
            mistakes=(
                Mistake("A", LAF_RELU_A, SWAPPED_HINT),
                Mistake("cache[1]", LAF_SIGMOID_A, A_CACHED_HINT),
            ),
        ),
        Case(
            args=(LAF_A, LAF_W, LAF_B, "relu"),
            expected=(LAF_RELU_A, ((LAF_A, LAF_W, LAF_B), LAF_Z)),
            mistakes=(
                Mistake("A", LAF_SIGMOID_A, SWAPPED_HINT),
                Mistake("cache[1]", LAF_RELU_A, A_CACHED_HINT),
            ),
        ),
    ),
    vectorised=Vectorised(lambda m: (_vector_data(m)[0], VECTOR_PARAMETERS["W1"], VECTOR_PARAMETERS["b1"], "relu")),
    forbidden=(network.linear_activation_forward,),
)

# ----------------------------------------------------------------------------- L_model_forward
LMF_X = _draw(5, 4)
LMF_PARAMETERS = _network([5, 4, 3, 1], seed=43)
LMF_Z1 = np.array(
    [
        [-0.505049510461, 0.729839063814, -1.42256380586, 1.24373374214],
        [0.271028076087, 0.508928025015, 2.55188468149, -0.7181912101],
        [-0.344604408622, -0.624941411541, -0.465488262806, 0.309010110966],
        [0.924926010137, -0.484276081056, 0.289543385226, 0.455755717862],
    ]
)
LMF_A1 = np.array(
    [
        [0.0, 0.729839063814, 0.0, 1.24373374214],
        [0.271028076087, 0.508928025015, 2.55188468149, 0.0],
        [0.0, 0.0, 0.0, 0.309010110966],
        [0.924926010137, 0.0, 0.289543385226, 0.455755717862],
    ]
)
LMF_Z2 = np.array(
    [
        [-0.112853152655, -0.872085733045, 0.166376790127, -1.3056049786],
        [-0.0920186115062, -0.515824537356, -2.5564902604, 0.184468480645],
        [-0.483561048621, 0.0929353565891, 2.23176897845, -1.26682923705],
    ]
)
LMF_A2 = np.array(
    [
        [0.0, 0.0, 0.166376790127, 0.0],
        [0.0, 0.0, 0.0, 0.184468480645],
        [0.0, 0.0929353565891, 2.23176897845, 0.0],
    ]
)
LMF_Z3 = np.array([[0.0842764582008, 0.0406713614947, -0.920506468664, 0.0483466330825]])
LMF_AL = np.array([[0.521056653081, 0.510166439003, 0.284854709058, 0.512084304544]])

L_MODEL_FORWARD = FunctionCheck(
    name="L_model_forward",
    outputs=("AL", "caches"),
    cases=(
        Case(
            args=(LMF_X, LMF_PARAMETERS),
            expected=(
                LMF_AL,
                (
                    ((LMF_X, LMF_PARAMETERS["W1"], LMF_PARAMETERS["b1"]), LMF_Z1),
                    ((LMF_A1, LMF_PARAMETERS["W2"], LMF_PARAMETERS["b2"]), LMF_Z2),
                    ((LMF_A2, LMF_PARAMETERS["W3"], LMF_PARAMETERS["b3"]), LMF_Z3),
                ),
            ),
            mistakes=(
                Mistake(
                    "AL",
                    np.array([[0.0842764582008, 0.0406713614947, 0.0, 0.0483466330825]]),
                    'The output layer got a ReLU: only layers 1..L-1 use "relu"; layer L uses "sigmoid".',
                ),
                Mistake(
                    "AL",
                    np.array([[0.483861449251, 0.474623798626, 0.474919424362, 0.487151370462]]),
                    'The hidden layers used the sigmoid: layers 1..L-1 use "relu".',
                ),
            ),
        ),
    ),
    vectorised=Vectorised(lambda m: (_vector_data(m)[0], VECTOR_PARAMETERS)),
    forbidden=(network.L_model_forward,),
)

# ----------------------------------------------------------------------------- compute_cost
CC_AL = np.array([[0.8, 0.9, 0.4, 0.25]])
CC_Y = np.array([[1.0, 1.0, 0.0, 1.0]])

COMPUTE_COST = FunctionCheck(
    name="compute_cost",
    outputs=("cost",),
    cases=(
        Case(
            args=(CC_AL, CC_Y),
            expected=0.5564060129644793,
            m=4,
            mistakes=(
                Mistake(
                    "cost",
                    0.42869960702298165,
                    "This cost has only the Y * log(AL) term: add (1 - Y) * np.log(1 - AL), the loss of the "
                    "examples labelled 0.",
                ),
            ),
        ),
    ),
    vectorised=Vectorised(_vector_cost_args),
    forbidden=(network.compute_cost,),
)

# ----------------------------------------------------------------------------- linear_backward
LB_DZ, LB_A, LB_W, LB_B = _draw(3, 4), _draw(5, 4), _draw(3, 5), _draw(3, 1)
LB_DA_PREV = np.array(
    [
        [-1.7662, 1.8755, 0.242, 1.5469],
        [-4.0764, 0.0732, -2.5034, -0.3656],
        [-4.8181, -0.8135, -2.3215, 2.5087],
        [1.401, -0.9146, -0.3708, -2.433],
        [-1.9433, 1.1434, -0.5293, 0.459],
    ]
)
LB_DW = np.array(
    [
        [0.24465, -0.35845, 0.785575, 0.098625, -0.05405],
        [-0.5113, -0.39825, -0.342425, -0.5706, -0.301575],
        [-0.042325, 0.403475, -0.34955, -0.175875, -0.02665],
    ]
)
LB_DB = np.array([[-0.305], [-0.8625], [0.2175]])



def _vector_linear_backward_args(m):
    return np.ones((3, m)), (_vector_data(m)[0], VECTOR_PARAMETERS["W1"], VECTOR_PARAMETERS["b1"])


LINEAR_BACKWARD = FunctionCheck(
    name="linear_backward",
    outputs=("dA_prev", "dW", "db"),
    cases=(
        Case(
            args=(LB_DZ, (LB_A, LB_W, LB_B)),
            expected=(LB_DA_PREV, LB_DW, LB_DB),
            m=4,
            mistakes=(
                Mistake(
                    "dA_prev",
                    LB_DA_PREV / 4,
                    "dA_prev = W^T dZ has no 1/m: only dW and db, the gradients of the cost J (a mean), divide by m.",
                ),
            ),
        ),
    ),
    vectorised=Vectorised(_vector_linear_backward_args),
    forbidden=(network.linear_backward,),
)

# ----------------------------------------------------------------------------- linear_activation_backward
LAB_DA, LAB_A, LAB_W, LAB_B, LAB_Z = _draw(2, 4), _draw(3, 4), _draw(2, 3), _draw(2, 1), _draw(2, 4)
LAB_CACHE = ((LAB_A, LAB_W, LAB_B), LAB_Z)
LAB_SIGMOID = (  # dA_prev, dW, db
    np.array(
        [
            [-0.0180544248223, -0.0759717482303, -0.15850443611, 0.0598701537854],
            [-0.169976448419, 0.0833421980639, -0.156065238944, -0.130812615032],
            [-0.170908524246, 0.108848231973, -0.115009038701, -0.153313049591],
        ]
    ),
    np.array(
        [
            [-0.00669497534503, -0.0809896867871, 0.159739413023],
            [-0.048701560102, 0.0734521095092, -0.15986580918],
        ]
    ),
    np.array([[-0.260993839761], [0.179268914324]]),
)
LAB_RELU = (
    np.array([[0.0, -0.6179, -0.6447, 0.0], [0.0, 0.6277, -0.6237, 0.0], [0.0, 0.8333, -0.4563, 0.0]]),
    np.array([[-0.05065, -0.39185, 0.33635], [0.027375, 0.20145, -0.470175]]),
    np.array([[-0.875], [0.03]]),
)
BACKWARD_SWAPPED_HINT = (
    'These are the gradients through the other activation: use sigmoid_backward for "sigmoid", relu_backward for "relu".'
)


def _vector_activation_backward_args(m):
    X = _vector_data(m)[0]
    Z = VECTOR_PARAMETERS["W1"] @ X + VECTOR_PARAMETERS["b1"]
    return np.ones_like(Z), ((X, VECTOR_PARAMETERS["W1"], VECTOR_PARAMETERS["b1"]), Z), "relu"


LINEAR_ACTIVATION_BACKWARD = FunctionCheck(
    name="linear_activation_backward",
    outputs=("dA_prev", "dW", "db"),
    cases=(
        Case(
            args=(LAB_DA, LAB_CACHE, "sigmoid"),
            expected=LAB_SIGMOID,
            m=4,
            mistakes=(Mistake("dA_prev", LAB_RELU[0], BACKWARD_SWAPPED_HINT),),
        ),
        Case(
            args=(LAB_DA, LAB_CACHE, "relu"),
            expected=LAB_RELU,
            m=4,
            mistakes=(Mistake("dA_prev", LAB_SIGMOID[0], BACKWARD_SWAPPED_HINT),),
        ),
    ),
    vectorised=Vectorised(_vector_activation_backward_args),
    forbidden=(network.linear_activation_backward,),
)

# ----------------------------------------------------------------------------- L_model_backward
LMB_X = _draw(4, 5)
LMB_Y = np.array([[1.0, 0.0, 1.0, 1.0, 0.0]])
LMB_PARAMETERS = _network([4, 3, 2, 1], seed=44)
LMB_AL, LMB_CACHES = network.L_model_forward(LMB_X, LMB_PARAMETERS)


def _lmb_cost(L_model_backward, p):
    """The cost of the fixed network at parameters p, through the finished forward pass."""
    return network.compute_cost(network.L_model_forward(LMB_X, p)[0], LMB_Y)


def _lmb_grads(L_model_backward, p):
    AL, caches = network.L_model_forward(LMB_X, p)
    grads = L_model_backward(AL, LMB_Y, caches)
    return {name: grads["d" + name] for name in p}


L_MODEL_BACKWARD = FunctionCheck(
    name="L_model_backward",
    outputs=("grads",),
    cases=(
        Case(
            args=(LMB_AL, LMB_Y, LMB_CACHES),
            expected={
                "dW3": np.array([[0.0, -0.0170510224797]]),
                "db3": np.array([[-0.196720811933]]),
                "dA2": np.array(
                    [
                        [-0.205833864539, 0.139809704842, -0.254582744022, -0.260352627163, 0.159678115191],
                        [0.576906346066, -0.391855373972, 0.713538566428, 0.729710260077, -0.447542090259],
                    ]
                ),
                "dW2": np.array([[0.0, 0.0, 0.0], [-0.00759215871085, 0.0672211111249, -0.00946468070018]]),
                "db2": np.array([[0.0], [0.120770272455]]),
                "dA1": np.array(
                    [
                        [0.0, -0.080767282288, 0.147071023255, 0.150404252382, -0.0922451515041],
                        [0.0, -0.186484967162, 0.339574815016, 0.347270965074, -0.212986416799],
                        [0.0, -0.163351483383, 0.297450516235, 0.304191957904, -0.186565424838],
                    ]
                ),
                "dW1": np.array(
                    [
                        [0.0282458119462, -0.0262630511492, -0.0995310926641, -0.00202624533641],
                        [0.0469004091476, -0.0678807486584, -0.296260813694, 0.0498460899947],
                        [0.000320685097694, -0.106305694713, -0.0812531349264, 0.0296698461585],
                    ]
                ),
                "db1": np.array([[0.0433415986699], [0.0574748792258], [-0.0104932783974]]),
                "dA0": np.array(
                    [
                        [0.0, -0.165971665358, 0.302221666548, 0.251857465422, -0.122866436189],
                        [0.0, -0.0163001243074, 0.0296812755507, 0.10822095708, -0.0138979646216],
                        [0.0, -0.0454056811857, 0.0826802611704, -0.0412649636415, -0.0367876200703],
                        [0.0, 0.0318534470865, -0.0580026828254, -0.0914482122311, 0.0887967254577],
                    ]
                ),
            },
            m=5,
            mistakes=(
                Mistake(
                    "grads['dW3']",
                    np.array([[0.0, 0.0]]),
                    "The output layer went back through the ReLU: layer L used the sigmoid, so its backward step "
                    'uses "sigmoid".',
                ),
            ),
        ),
    ),
    vectorised=Vectorised(_vector_backward_args),
    gradient=Gradient(params=LMB_PARAMETERS, cost=_lmb_cost, grads=_lmb_grads),
    forbidden=(network.L_model_backward,),
)

# ----------------------------------------------------------------------------- update_parameters
UP_PARAMETERS = _network([3, 2, 1], seed=45)
UP_GRADS = {"d" + name: value for name, value in _network([3, 2, 1], seed=46).items()}

UPDATE_PARAMETERS = FunctionCheck(
    name="update_parameters",
    outputs=("parameters",),
    cases=(
        Case(
            args=(UP_PARAMETERS, UP_GRADS, 0.1),
            expected={
                "W1": np.array(
                    [
                        [-0.235312737107, -0.429922564977, 0.0937628194366],
                        [0.445070235839, -0.0182258720797, 0.234075392037],
                    ]
                ),
                "b1": np.array([[0.053399531625], [0.0734586553256]]),
                "W2": np.array([[-0.636895448558, 0.294362093604]]),
                "b2": np.array([[-0.00494056099183]]),
            },
            mistakes=(
                Mistake(
                    "parameters['W1']",
                    np.array(
                        [
                            [-0.293384463149, -0.289292690638, 0.062456646919],
                            [0.529384543569, -0.15324564308, 0.0690147721881],
                        ]
                    ),
                    "The parameters moved uphill: gradient descent subtracts, W = W - learning_rate * dW.",
                ),
            ),
        ),
    ),
    vectorised=Vectorised(_vector_update_args),
    forbidden=(network.update_parameters,),
)

check = checker(
    INITIALIZE_PARAMETERS,
    INITIALIZE_PARAMETERS_DEEP,
    LINEAR_FORWARD,
    LINEAR_ACTIVATION_FORWARD,
    L_MODEL_FORWARD,
    COMPUTE_COST,
    LINEAR_BACKWARD,
    LINEAR_ACTIVATION_BACKWARD,
    L_MODEL_BACKWARD,
    UPDATE_PARAMETERS,
)
