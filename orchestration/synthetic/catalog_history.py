"""Users, hubs, widgets and their versions (the catalog every domain refers to)."""

from __future__ import annotations

import numpy as np

from orchestration.synthetic import contract_history, truth
from orchestration.synthetic import rowfmt as fmt
from orchestration.synthetic.context import Context
from orchestration.synthetic.copy_loader import Table, single_chunk
from orchestration.synthetic.rowfmt import DAY_US, HOUR_US
from orchestration.synthetic.widget_model import WidgetModel, draw_widgets

HUBS = (
    ("checkout", "Checkout", "commerce"),
    ("catalog", "Product catalog", "commerce"),
    ("accounts", "Accounts", "identity"),
    ("support", "Support desk", "operations"),
    ("analytics", "Analytics", "insight"),
    ("admin", "Administration", "operations"),
    ("search", "Search", "discovery"),
    ("onboarding", "Onboarding", "identity"),
)
CONTEXTS = ("overview", "detail", "settings", "list", "editor", "wizard", "report", "history")
FIRST = ("Ada", "Ben", "Chloe", "Dev", "Elif", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi", "Luca")
LAST = ("Alvarez", "Berg", "Chen", "Dubois", "Eze", "Fischer", "Gupta", "Haddad", "Ito", "Jansen")
PASSWORD_HASH = "$argon2id$v=19$m=65536,t=3,p=4$c3ludGhldGlj$bm90LWEtcmVhbC1oYXNo"
POLICY_SCOPES = ("internal", "public", "restricted")


def prepare(ctx: Context) -> None:
    """Draw the catalog that every later domain refers to."""
    rng = ctx.rng("catalog")
    ctx.user_ids = ctx.ids("users", ctx.scale.users)
    ctx.extras["user_created"] = ctx.start_us + rng.integers(0, HOUR_US * 20, ctx.scale.users)
    ctx.extras["hub_ids"] = ctx.ids("hubs", ctx.scale.hubs)
    model: WidgetModel = draw_widgets(ctx.rng("widget_model"), ctx.scale, ctx.start_us, DAY_US)
    ctx.extras["widgets"] = model
    ctx.extras["widget_ids"] = ctx.ids("widgets", len(model.hub))
    ctx.extras["widget_raw_ids"] = fmt.uuid_raw(ctx.extras["widget_ids"])
    ctx.extras["contract_ids"] = ctx.ids("contracts", 3)
    ctx.extras["adapter_ids"] = ctx.ids("adapters", len(contract_history.ADAPTERS))
    ctx.extras["widget_context"] = rng.integers(0, len(CONTEXTS), len(model.hub))


def users(ctx: Context) -> Table:
    rng, n = ctx.rng("users"), ctx.scale.users
    first, last = rng.integers(0, len(FIRST), n), rng.integers(0, len(LAST), n)
    names = [f"{FIRST[f]} {LAST[s]}" for f, s in zip(first, last)]
    emails = [f"{FIRST[f].lower()}.{LAST[s].lower()}.{i}@example.test" for i, (f, s) in enumerate(zip(first, last))]
    created = ctx.extras["user_created"]
    locked = rng.random(n) < 0.03
    locked_at = np.where(locked, ctx.as_of_us - rng.integers(DAY_US, 90 * DAY_US, n), -1)
    attempts = np.where(locked, 5, rng.choice([0, 0, 0, 1, 2], n))
    data = fmt.rows(
        [
            ctx.user_ids,
            map(fmt.escape, emails),
            fmt.const(fmt.escape(PASSWORD_HASH), n),
            map(fmt.escape, names),
            fmt.timestamps(locked_at),
            fmt.ints(attempts),
            fmt.timestamps(created),
        ]
    )
    cols = ("id", "email", "password_hash", "name", "locked_at", "failed_login_attempts", "created_at")
    return Table("public.users", cols, single_chunk(data, n), n)


def hubs(ctx: Context) -> Table:
    rng, n = ctx.rng("hubs"), ctx.scale.hubs
    keys = [f"ihf_{rng.bytes(16).hex()}".encode() for _ in range(n)]
    created = ctx.start_us + rng.integers(0, HOUR_US * 20, n)
    data = fmt.rows(
        [
            ctx.extras["hub_ids"],
            fmt.pick([h[0] for h in HUBS], np.arange(n)),
            fmt.pick([h[1] for h in HUBS], np.arange(n)),
            fmt.pick([h[2] for h in HUBS], np.arange(n)),
            fmt.timestamps(created),
            keys,
        ]
    )
    return Table("public.hubs", ("id", "slug", "name", "domain", "created_at", "api_key"), single_chunk(data, n), n)


def widget_names(ctx: Context) -> list[str]:
    model: WidgetModel = ctx.extras["widgets"]
    slugs = [HUBS[h][0] for h in model.hub]
    return [
        f"{s}-{CONTEXTS[c]}-{truth.WIDGET_TYPES[t]}-{i:05d}"
        for i, (s, c, t) in enumerate(zip(slugs, ctx.extras["widget_context"], model.widget_type))
    ]


def widgets(ctx: Context, versions: np.ndarray) -> Table:
    """`versions`: per widget, its current version (1 + deployments on it)."""
    rng, model = ctx.rng("widgets"), ctx.extras["widgets"]
    n = len(model.hub)
    ctxs = ctx.extras["widget_context"]
    slugs = np.array([h[0] for h in HUBS])[model.hub]
    view = [f"/{s}/{CONTEXTS[c]}".encode() for s, c in zip(slugs, ctxs)]
    capability = [f"cap.{s}.{CONTEXTS[c]}".encode() for s, c in zip(slugs, ctxs)]
    scope = rng.choice(len(POLICY_SCOPES), n, p=[0.7, 0.25, 0.05])
    status = np.where(rng.random(n) < 0.06, "deprecated", "active")
    adapter = np.where(rng.random(n) < 0.45, -1, rng.integers(0, len(contract_history.ADAPTERS), n))
    data = fmt.rows(
        [
            ctx.extras["widget_ids"],
            fmt.take(ctx.extras["hub_ids"], model.hub),
            map(fmt.escape, widget_names(ctx)),
            fmt.pick(truth.WIDGET_TYPES, model.widget_type),
            capability,
            view,
            fmt.pick(POLICY_SCOPES, scope),
            [s.encode() for s in status],
            fmt.ints(versions),
            fmt.timestamps(model.created_us),
            fmt.take(ctx.extras["adapter_ids"], adapter),
        ]
    )
    cols = (
        "id",
        "hub_id",
        "name",
        "widget_type",
        "capability_ref",
        "view_context",
        "policy_scope",
        "status",
        "version",
        "created_at",
        "adapter_spec_id",
    )
    return Table("public.widgets", cols, single_chunk(data, n), n)


def widget_versions(ctx: Context, dep_widget: np.ndarray, dep_time: np.ndarray, dep_version: np.ndarray) -> Table:
    """Version 1 at creation, and one more per deployment on the widget."""
    model = ctx.extras["widgets"]
    n_w = len(model.hub)
    widget = np.concatenate([np.arange(n_w), dep_widget])
    version = np.concatenate([np.ones(n_w, np.int64), dep_version])
    created = np.concatenate([model.created_us, dep_time])
    n = len(widget)
    types = [truth.WIDGET_TYPES[t] for t in model.widget_type]
    snapshots = [
        fmt.jsonb({"widget_type": types[w], "version": int(v), "props": ["label", "state", "variant"][: 1 + v % 3]})
        for w, v in zip(widget.tolist(), version.tolist())
    ]
    data = fmt.rows(
        [
            ctx.ids("widget_versions", n),
            fmt.take(ctx.extras["widget_ids"], widget),
            fmt.ints(version),
            snapshots,
            fmt.timestamps(created),
        ]
    )
    return Table(
        "public.widget_versions",
        ("id", "widget_id", "version", "schema_snapshot", "created_at"),
        single_chunk(data, n),
        n,
    )
