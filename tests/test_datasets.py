"""Generated data sets (seeded, exact geometry without noise) and the bundled digits."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from actfuncs import datasets

GENERATORS = [datasets.moons, datasets.circles, datasets.spirals]


@pytest.mark.parametrize("make", GENERATORS)
def test_shapes_dtypes_balance_and_seeding(make):
    X, y = make(101, seed=3)
    assert X.shape == (101, 2) and X.dtype == np.float64
    assert y.shape == (101,) and y.dtype == np.int64
    counts = np.bincount(y)
    assert counts.max() - counts.min() <= 1
    X2, y2 = make(101, seed=3)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    assert not np.array_equal(X, make(101, seed=4)[0])


def test_noise_free_geometry():
    X, y = datasets.moons(200, noise=0.0)
    r0 = np.hypot(*X[y == 0].T)
    r1 = np.hypot(X[y == 1, 0] - 1, X[y == 1, 1] - 0.5)
    np.testing.assert_allclose(r0, 1.0, atol=1e-15)
    np.testing.assert_allclose(r1, 1.0, atol=1e-15)
    assert X[y == 0, 1].min() >= -1e-15 and X[y == 1, 1].max() <= 0.5 + 1e-15
    X, y = datasets.circles(100, noise=0.0, factor=0.3)
    np.testing.assert_allclose(np.hypot(*X[y == 0].T), 1.0)
    np.testing.assert_allclose(np.hypot(*X[y == 1].T), 0.3)
    X, y = datasets.spirals(90, classes=3, noise=0.0)
    assert set(y) == {0, 1, 2} and np.hypot(*X.T).max() == pytest.approx(1.0)


def test_xor_is_the_truth_table():
    X, y = datasets.xor()
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(y, [0, 1, 1, 0])
    X, y = datasets.xor(40, noise=0.1, seed=1)
    assert X.shape == (40, 2)
    np.testing.assert_array_equal(y, np.tile([0, 1, 1, 0], 10))
    assert np.all(np.abs(X - np.round(X)) < 0.5)


def test_digits_bundled_without_scikit_learn():
    X, y = datasets.digits(scale=False)
    assert X.shape == (1797, 64) and X.dtype == np.uint8 and X.max() == 16 and X.min() == 0
    assert y.shape == (1797,) and set(y) == set(range(10))
    assert np.bincount(y).min() >= 170
    Xs, ys = datasets.digits()
    assert Xs.dtype == np.float64 and Xs.max() == 1.0
    np.testing.assert_array_equal(Xs * 16, X)
    # the first image is a zero: its central column is empty, its ring is not
    img = X[0].reshape(8, 8)
    assert y[0] == 0 and img[3:5, 3:5].sum() < img[1:7, 1:7].sum() / 4
    code = "import actfuncs.datasets as d, sys; d.digits(); print('sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_train_test_split_is_a_seeded_partition():
    X = np.arange(20).reshape(10, 2)
    y = np.arange(10)
    Xtr, Xte, ytr, yte = datasets.train_test_split(X, y, test=0.3, seed=1)
    assert len(yte) == 3 and sorted(np.concatenate([ytr, yte])) == list(range(10))
    np.testing.assert_array_equal(Xte[:, 0] // 2, yte)
    assert np.array_equal(yte, datasets.train_test_split(X, y, test=0.3, seed=1)[3])


def test_bad_arguments():
    with pytest.raises(ValueError, match="n=1 must be an integer >= 2"):
        datasets.moons(1)
    with pytest.raises(ValueError, match="noise=-0.1"):
        datasets.circles(10, noise=-0.1)
    with pytest.raises(ValueError, match="factor"):
        datasets.circles(10, factor=1.5)
    with pytest.raises(ValueError, match="classes"):
        datasets.spirals(10, classes=1)
    with pytest.raises(ValueError, match=r"expected y of shape \(n,\)"):
        datasets.train_test_split(np.zeros((4, 2)), np.zeros(3))
