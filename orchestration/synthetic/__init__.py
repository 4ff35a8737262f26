"""Deterministic synthetic history with planted ground truth (`ihf seed`, SPEC §9).

    from orchestration.synthetic import load_synthetic_history
    report = load_synthetic_history(url, "small", seed=7, as_of=datetime(2026, 6, 1, tzinfo=timezone.utc))

Scales are defined in `scales`, the planted effects and the truth file format
in `truth`; `bench.run_benchmark` measures load rate and peak memory.
"""

from orchestration.synthetic.loader import load_synthetic_history, validate
from orchestration.synthetic.scales import SCALES

__all__ = ["SCALES", "load_synthetic_history", "validate"]
