"""Funnel-plot control limits by an independent computation, for the
hand-picked cases of src/aggregate/funnel.rs's test
`limits_match_scipy_at_small_n`.

Exact binomial limits with Spiegelhalter's interpolation (Stat Med 2005,
24:1185, appendix A.1.1): the limit at tail probability p is (r_p - a)/n,
r_p the smallest r with P(R <= r) >= p for R ~ Binomial(n, theta), and
a = (P(R <= r_p) - p) / (P(R <= r_p) - P(R <= r_p - 1)); clipped to [0, 1].

Run (scipy is not needed by the tests, only to remake these figures):
    python3 -m venv /tmp/sv && /tmp/sv/bin/pip install scipy
    /tmp/sv/bin/python tests/reference/funnel_limits.py
"""
from scipy.stats import binom


def limit(theta, n, p):
    r = 0
    while binom.cdf(r, n, theta) < p and r < n:
        r += 1
    at = binom.cdf(r, n, theta)
    below = binom.cdf(r - 1, n, theta) if r > 0 else 0.0
    a = (at - p) / (at - below) if at > below else 0.0
    return min(1.0, max(0.0, (r - a) / n))


for theta in (0.6, 0.25, 0.9):
    for n in (8, 15, 30):
        l = [round(limit(theta, n, p), 4) for p in (0.001, 0.025, 0.975, 0.999)]
        print(f"({theta}, {n}, [{', '.join(f'{x:.4f}' for x in l)}]),")
