"""Scale parameters of the synthetic history: every size lives here.

Per-widget behaviour (annotation rates, friction episodes, lineage) is the
same at every scale, so the planted truth means the same thing at `tiny` and
at `large`; a scale only changes how many widgets, users, programs and
projects there are, and how busy each widget is (interaction events).

Approximate row counts (seed-dependent):

    scale   widgets  interaction_events  annotations  deployments  outcome_signals  all tables
    tiny         24               ~2.3k        ~1.4k          ~65            ~230       ~5.5k
    small       200               ~100k         ~10k         ~450            ~1.7k      ~120k
    medium     2000                 ~1M        ~100k         ~4.6k           ~17k       ~1.2M
    large     20000                ~10M          ~1M          ~45k          ~165k      ~11.9M
"""

from __future__ import annotations

from dataclasses import dataclass

HISTORY_DAYS = 400  # the history spans (as_of - 400 days, as_of]


@dataclass(frozen=True)
class Scale:
    name: str
    hubs: int
    users: int
    widgets: int
    events_per_widget: float  # mean interaction events per widget over its life
    programs: int  # foreman programs
    waves_per_program: tuple[int, int]  # inclusive range
    tasks_per_wave: tuple[int, int]  # inclusive range
    projects: int  # scaffold project outcomes
    event_chunk_rows: int = 100_000  # rows generated per vectorised chunk
    copy_statement_rows: int = 1_000_000  # rows per COPY statement (bounds FK-check queues)


SCALES: dict[str, Scale] = {
    s.name: s
    for s in (
        Scale(
            "tiny",
            hubs=3,
            users=12,
            widgets=24,
            events_per_widget=100,
            programs=2,
            waves_per_program=(2, 3),
            tasks_per_wave=(3, 5),
            projects=40,
        ),
        Scale(
            "small",
            hubs=5,
            users=60,
            widgets=200,
            events_per_widget=500,
            programs=4,
            waves_per_program=(3, 4),
            tasks_per_wave=(6, 12),
            projects=400,
        ),
        Scale(
            "medium",
            hubs=6,
            users=300,
            widgets=2_000,
            events_per_widget=500,
            programs=12,
            waves_per_program=(3, 5),
            tasks_per_wave=(8, 16),
            projects=4_000,
        ),
        Scale(
            "large",
            hubs=8,
            users=1_500,
            widgets=20_000,
            events_per_widget=500,
            programs=40,
            waves_per_program=(4, 6),
            tasks_per_wave=(10, 20),
            projects=20_000,
        ),
    )
}


def get_scale(name: str) -> Scale:
    try:
        return SCALES[name]
    except KeyError:
        raise ValueError(f"unknown scale {name!r}: choose one of {', '.join(SCALES)}") from None
