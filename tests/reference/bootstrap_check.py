"""Bootstrap percentile intervals by an independent implementation,
scipy.stats.bootstrap (method="percentile", 200,000 resamples), for the
hand-picked cases of src/value/bootstrap.rs's test
`intervals_agree_with_scipy`.

needle draws 2,000 resamples, so its limits carry Monte Carlo error that
scipy's 200,000 almost do not. The Rust test allows each limit to differ
from scipy's by 6 % of scipy's interval width: the Monte Carlo standard
error of a 2.5 % or 97.5 % point from 2,000 resamples is about 1.5 % of a
95 % interval's width for a roughly normal statistic, so that is four
standard errors.

Cost per outcome resamples people's outcome flags (1 = an outcome) and
takes cost / (outcomes in the resample); a resample without an outcome has
no finite cost per outcome, so when more than 2.5 % of resamples have none
the upper limit is unbounded (needle leaves it empty).

Run (scipy is not needed by the tests, only to remake these figures):
    python3 -m venv /tmp/sv && /tmp/sv/bin/pip install scipy
    /tmp/sv/bin/python tests/reference/bootstrap_check.py
"""
import numpy as np
from scipy.stats import bootstrap

B = 200_000
rng = np.random.default_rng(2026)

MEANS = {
    "five": [1, 2, 3, 4, 10],
    "ons4_eight": [-2, 0, 1, 1, 2, 3, 3, 5],
    "forty": [((i * 7) % 23) - 8 for i in range(40)],
}
COSTS = {
    # name: (cost, people with an outcome, people)
    "twelve_of_thirty": (10_000.0, 12, 30),
    "three_of_ten": (5_000.0, 3, 10),
    "fifty_of_eighty": (24_000.0, 50, 80),
}


def interval(data, statistic):
    r = bootstrap(
        (np.asarray(data, dtype=float),),
        statistic,
        n_resamples=B,
        method="percentile",
        confidence_level=0.95,
        vectorized=True,
        random_state=rng,
    )
    return r.confidence_interval.low, r.confidence_interval.high


for name, values in MEANS.items():
    low, high = interval(values, lambda x, axis: np.mean(x, axis=axis))
    print(f"mean {name}: ({low:.4f}, {high:.4f})")

for name, (cost, k, n) in COSTS.items():
    flags = [1] * k + [0] * (n - k)

    def cpo(x, axis):
        s = np.sum(x, axis=axis)
        with np.errstate(divide="ignore"):
            return np.where(s > 0, cost / np.maximum(s, 1), np.inf)

    low, high = interval(flags, cpo)
    shown = f"{high:.4f}" if np.isfinite(high) else "unbounded"
    print(f"cost {name}: ({low:.4f}, {shown})")
