"""Shared state of one generation run: scale, instants, seeded streams, catalog ids."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

import numpy as np

from orchestration.synthetic.rowfmt import DAY_US, uuid4s
from orchestration.synthetic.scales import HISTORY_DAYS, Scale


@dataclass
class Context:
    scale: Scale
    seed: int
    as_of_us: int
    days: int = HISTORY_DAYS
    start_us: int = field(init=False)
    user_ids: np.ndarray = field(init=False, default=None)  # S36
    extras: dict = field(default_factory=dict)  # cross-domain results (widgets, sim, lineage, ...)

    def __post_init__(self) -> None:
        self.start_us = self.as_of_us - self.days * DAY_US

    def rng(self, purpose: str, *keys: int) -> np.random.Generator:
        """An independent generator per purpose, so domains do not perturb each other."""
        sequence = np.random.SeedSequence(self.seed, spawn_key=(zlib.crc32(purpose.encode()), *keys))
        return np.random.Generator(np.random.PCG64(sequence))

    def ids(self, purpose: str, n: int) -> np.ndarray:
        return uuid4s(self.rng(f"ids:{purpose}"), n)

    def users(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """n user ids drawn at random (S36)."""
        return self.user_ids[rng.integers(0, len(self.user_ids), n)]

    def clamp(self, times: np.ndarray) -> np.ndarray:
        return np.minimum(times, self.as_of_us)
