"""A small NumPy neural-network lab: layers, initialisers, losses, optimisers, an MLP, training.

>>> from actfuncs import datasets
>>> from actfuncs.nn import MLP, train, accuracy
>>> X, y = datasets.xor()
>>> net = MLP([2, 8, 1], activation="tanh", init="xavier", seed=0)
>>> h = train(net, X, y, loss="bce", optimizer="adam", lr=0.05, steps=300)
>>> accuracy(net, X, y)
1.0
"""

from actfuncs.nn.init import INITIALIZERS, initializer, normal
from actfuncs.nn.layers import Act, Dense, Layer
from actfuncs.nn.losses import MSE, BCEWithLogits, Loss, SoftmaxCrossEntropy, loss
from actfuncs.nn.model import MLP, LayerStats, TrainingDiverged
from actfuncs.nn.optim import SGD, Adam, Momentum, Optimizer, optimizer
from actfuncs.nn.regularise import BatchNorm, Dropout
from actfuncs.nn.train import History, accuracy, train

__all__ = [
    "INITIALIZERS",
    "MSE",
    "MLP",
    "SGD",
    "Act",
    "Adam",
    "BCEWithLogits",
    "BatchNorm",
    "Dense",
    "Dropout",
    "History",
    "Layer",
    "LayerStats",
    "Loss",
    "Momentum",
    "Optimizer",
    "SoftmaxCrossEntropy",
    "TrainingDiverged",
    "accuracy",
    "initializer",
    "loss",
    "normal",
    "optimizer",
    "train",
]
