"""Scaffold project outcomes and user feedback (schema scaffold).

Each scaffold pattern has a planted build-success probability (a seeded
permutation of truth.SCAFFOLD_SUCCESS: one clearly best, one clearly worst).
A project's last build succeeds with its pattern's probability; feedback
satisfaction follows the build result.
"""

from __future__ import annotations

import numpy as np

from orchestration.synthetic import rowfmt as fmt
from orchestration.synthetic import truth
from orchestration.synthetic.context import Context
from orchestration.synthetic.copy_loader import Table, single_chunk
from orchestration.synthetic.rowfmt import DAY_US, MINUTE_US

COMPONENTS = ("api", "auth", "db", "ui", "cli", "worker", "docs", "tests")
LANGUAGES = ("TypeScript", "Python", "Rust", "Go")
INSTALLERS = {"TypeScript": "npm", "Python": "pip", "Rust": "cargo", "Go": "go"}
ADJ = ("brisk", "calm", "amber", "lucid", "quiet", "rapid", "solid", "vivid")
NOUN = ("otter", "falcon", "maple", "harbor", "comet", "ember", "meadow", "summit")
POSITIVE = ("fast", "clean-code", "good-docs", "easy-setup")
NEGATIVE = ("slow", "buggy", "poor-docs", "complex")


def success_rates(ctx: Context) -> np.ndarray:
    return np.array(truth.SCAFFOLD_SUCCESS)[ctx.rng("scaffold_truth").permutation(len(truth.SCAFFOLD_PATTERNS))]


def truth_entries(ctx: Context) -> dict[str, object]:
    rates = success_rates(ctx)
    return {
        "scaffold.patterns": {
            f"scaffold:{pid}": {"pattern_id": pid, "pattern_name": name, "p_success": float(r)}
            for (pid, name), r in zip(truth.SCAFFOLD_PATTERNS, rates)
        }
    }


def _array_literals(rng, vocab: tuple[str, ...], n: int, lo: int, hi: int) -> list[bytes]:
    size = rng.integers(lo, hi + 1, n)
    picks = [rng.choice(len(vocab), s, replace=False) for s in size.tolist()]
    return [fmt.text_array(vocab[i] for i in sorted(p)) for p in picks]


def tables(ctx: Context) -> list[Table]:
    rng, n = ctx.rng("scaffold_rows"), ctx.scale.projects
    rates = success_rates(ctx)
    pattern = rng.choice(len(truth.SCAFFOLD_PATTERNS), n, p=np.array([5, 4, 3, 3, 2, 2]) / 19)
    created = ctx.start_us + (rng.uniform(0, ctx.days - 1, n) * DAY_US).astype(np.int64)
    status = rng.choice(3, n, p=[0.75, 0.18, 0.07])
    built = rng.random(n) < 0.9
    success = built & (rng.random(n) < rates[pattern])
    build_status = np.where(built, np.where(success, 0, 1), -1)
    age = ctx.as_of_us - created
    build_at = np.where(built, created + (age * rng.uniform(0.01, 0.5, n)).astype(np.int64), -1)
    updated = np.maximum(build_at, created) + (MINUTE_US * rng.integers(1, 600, n))
    updated = np.minimum(updated, ctx.as_of_us)
    accessed = np.minimum(updated + (age * rng.uniform(0, 0.3, n)).astype(np.int64), ctx.as_of_us)
    languages = rng.integers(0, len(LANGUAGES), (n, 2))
    names = [f"{ADJ[a]}-{NOUN[b]}-{i}" for i, (a, b) in enumerate(zip(rng.integers(0, 8, n), rng.integers(0, 8, n)))]
    langs = [sorted({LANGUAGES[a], LANGUAGES[b]}) for a, b in languages.tolist()]
    ids = ctx.ids("project_outcomes", n)
    test_rate = np.where(success, rng.uniform(80, 100, n), rng.uniform(20, 85, n))
    projects = fmt.rows(
        [
            ids,
            map(fmt.escape, names),
            [fmt.escape(f"/home/dev/projects/{s}") for s in names],
            fmt.pick([p[0] for p in truth.SCAFFOLD_PATTERNS], pattern),
            fmt.pick([p[1] for p in truth.SCAFFOLD_PATTERNS], pattern),
            _array_literals(rng, COMPONENTS, n, 2, 5),
            fmt.ints(rng.integers(8, 400, n)),
            [fmt.text_array(ls) for ls in langs],
            [fmt.text_array(INSTALLERS[x] for x in ls) for ls in langs],
            fmt.pick(("active", "archived", "deleted"), status),
            fmt.pick(("success", "failure"), build_status),
            fmt.timestamps(build_at),
            np.where(built, fmt.decimals(test_rate, 2), fmt.NULL),
            fmt.pick(("deployed", "staging", "local"), np.where(rng.random(n) < 0.15, -1, rng.integers(0, 3, n))),
            ctx.users(rng, n),
            ctx.ids("workspaces", 4)[rng.integers(0, 4, n)],
            fmt.timestamps(created),
            fmt.timestamps(updated),
            fmt.timestamps(accessed),
        ]
    )
    project_cols = (
        "id",
        "project_name",
        "project_path",
        "pattern_id",
        "pattern_name",
        "components_generated",
        "files_created",
        "languages_used",
        "dependencies_installed",
        "status",
        "last_build_status",
        "last_build_timestamp",
        "test_pass_rate",
        "deployment_status",
        "user_id",
        "workspace_id",
        "created_at",
        "updated_at",
        "last_accessed_at",
    )
    return [
        Table("scaffold.project_outcomes", project_cols, single_chunk(projects, n), n),
        _feedback(ctx, rng, ids, created, build_status, rates[pattern]),
    ]


def _feedback(ctx, rng, project_ids, created, build_status, quality) -> Table:
    count = rng.choice(3, len(project_ids), p=[0.3, 0.6, 0.1])
    owner = np.repeat(np.arange(len(project_ids)), count)
    n = len(owner)
    ok = build_status[owner] == 0
    mood = np.where(ok, 3.6, 2.0) + 1.2 * (quality[owner] - 0.65) + rng.normal(0, 0.7, n)
    satisfaction = np.clip(np.rint(mood), 1, 5).astype(int)

    def near(v):
        return np.clip(v + rng.integers(-1, 2, n), 1, 5)

    reuse = np.clip(satisfaction * 2 + rng.integers(-1, 1, n), 1, 10)
    errors = ~ok & (rng.random(n) < 0.7)
    submitted = np.minimum(created[owner] + (rng.uniform(0.003, 20, n) * DAY_US).astype(np.int64), ctx.as_of_us)
    data = fmt.rows(
        [
            ctx.ids("user_feedback", n),
            project_ids[owner],
            fmt.ints(satisfaction),
            fmt.ints(near(satisfaction)),
            fmt.ints(near(satisfaction)),
            fmt.ints(near(satisfaction)),
            fmt.ints(near(satisfaction)),
            _array_literals(rng, POSITIVE, n, 0, 2),
            _array_literals(rng, NEGATIVE, n, 0, 2),
            np.where(satisfaction >= 4, b"Worked out of the box", b"Needed manual fixes"),
            np.where(satisfaction >= 4, b"t", b"f"),
            fmt.ints(reuse),
            _array_literals(rng, ("dark-mode", "docker", "ci"), n, 0, 1),
            fmt.ints(rng.integers(60, 1800, n), ~ok),
            np.where(errors, b"t", b"f"),
            np.where(
                errors, fmt.jsonb({"type": "dependency", "message": "install failed", "resolved": True}), fmt.NULL
            ),
            fmt.pick(("modal", "dashboard", "email"), rng.choice(3, n, p=[0.7, 0.2, 0.1])),
            fmt.timestamps(submitted),
        ]
    )
    cols = (
        "id",
        "project_outcome_id",
        "overall_satisfaction",
        "pattern_usefulness",
        "code_quality",
        "documentation_clarity",
        "setup_ease",
        "positive_aspects",
        "negative_aspects",
        "additional_comments",
        "would_recommend",
        "likelihood_to_reuse",
        "feature_requests",
        "time_to_first_build",
        "encountered_errors",
        "error_details",
        "feedback_source",
        "submitted_at",
    )
    return Table("scaffold.user_feedback", cols, single_chunk(data, n), n)
