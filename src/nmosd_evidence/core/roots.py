"""Brent's method for a root in a bracket, step for step as ``scipy.optimize.brentq`` (scipy's
``Zeros/brentq.c``, by Charles Harris), so that a root is the same float whichever runs it.

``scipy.optimize`` takes about 0.3 s to import, for this one function; tests/test_speed_exact.py checks that
both give the same root, bit for bit, and the same number of iterations.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Root:
    """A root of ``brentq``: the estimate (a Python float), whether it met the tolerance, and the
    iterations taken."""

    root: float
    converged: bool
    iterations: int


def _value(f: Callable[[float], float], x: float) -> float:
    fx = float(f(x))
    if math.isnan(fx):
        raise ValueError(f"The function value at x={x} is NaN; solver cannot continue.")
    return fx


def brentq(f: Callable[[float], float], a: float, b: float, xtol: float, rtol: float, maxiter: int) -> Root:
    """A root of ``f`` between ``a`` and ``b`` (f(a) and f(b) of opposite signs, or one of them 0),
    to within ``xtol + rtol |root|``, in at most ``maxiter`` iterations (``converged`` False after
    them). ``ValueError`` when f(a) and f(b) have one sign, ``f`` gives NaN, ``xtol <= 0`` or
    ``rtol`` is below 4 machine epsilons (as scipy)."""
    if xtol <= 0 or rtol < 4 * sys.float_info.epsilon:
        raise ValueError(f"need xtol > 0 and rtol >= 4 machine epsilons, got {xtol!r}, {rtol!r}")
    xpre, xcur = float(a), float(b)
    xblk = fblk = spre = scur = 0.0
    fpre, fcur = _value(f, xpre), _value(f, xcur)
    if fpre * fcur > 0:
        raise ValueError("f(a) and f(b) must have different signs")
    if fpre == 0:
        return Root(float(xpre), True, 0)
    if fcur == 0:
        return Root(float(xcur), True, 0)
    for iteration in range(1, maxiter + 1):
        if fpre * fcur < 0:
            xblk, fblk = xpre, fpre
            spre = scur = xcur - xpre
        if abs(fblk) < abs(fcur):
            xpre, xcur, xblk = xcur, xblk, xcur
            fpre, fcur, fblk = fcur, fblk, fcur
        delta = (xtol + rtol * abs(xcur)) / 2
        sbis = (xblk - xcur) / 2
        if fcur == 0 or abs(sbis) < delta:
            return Root(float(xcur), True, iteration)
        if abs(spre) > delta and abs(fcur) < abs(fpre):
            if xpre == xblk:  # interpolate
                stry = -fcur * (xcur - xpre) / (fcur - fpre)
            else:  # extrapolate (inverse quadratic)
                dpre = (fpre - fcur) / (xpre - xcur)
                dblk = (fblk - fcur) / (xblk - xcur)
                stry = -fcur * (fblk * dblk - fpre * dpre) / (dblk * dpre * (fblk - fpre))
            room = 3 * abs(sbis) - delta
            if 2 * abs(stry) < (abs(spre) if abs(spre) < room else room):  # a good short step
                spre, scur = scur, stry
            else:  # bisect
                spre = scur = sbis
        else:  # bisect
            spre = scur = sbis
        xpre, fpre = xcur, fcur
        xcur += scur if abs(scur) > delta else (delta if sbis > 0 else -delta)
        fcur = _value(f, xcur)
    return Root(float(xcur), False, maxiter)
