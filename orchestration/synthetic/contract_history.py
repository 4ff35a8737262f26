"""Phase 6: envelope emission and interaction reporting contracts, widget adapter specs."""

from __future__ import annotations

import numpy as np

from orchestration.synthetic import rowfmt as fmt
from orchestration.synthetic.context import Context
from orchestration.synthetic.copy_loader import Table, single_chunk
from orchestration.synthetic.rowfmt import DAY_US, HOUR_US

ADAPTERS = (
    ("react-18", "react", "active"),
    ("vue-3", "vue", "active"),
    ("web-component", "vanilla", "active"),
    ("angular-17", "angular", "deprecated"),
)


def contracts(ctx: Context) -> list[Table]:
    ids, t0 = ctx.extras["contract_ids"], ctx.start_us
    required = ["data-widget-id", "data-view-context", "data-hub-id"]
    env = fmt.rows(
        [
            ids[:2],
            [b"1.0", b"1.1"],
            [fmt.jsonb(required), fmt.jsonb(required + ["data-widget-version"])],
            [fmt.jsonb(["data-capability"]), fmt.jsonb(["data-capability", "data-policy-scope"])],
            [fmt.jsonb({"data-widget-id": "uuid"}), fmt.jsonb({"data-widget-id": "uuid", "data-hub-id": "uuid"})],
            [b"Initial envelope contract", b"Adds the widget version attribute"],
            [b"superseded", b"active"],
            fmt.timestamps(np.array([t0 + HOUR_US, t0 + 2 * HOUR_US])),
        ]
    )
    events = sorted({e for types in EVENT_TYPES_BY_WIDGET.values() for e in types})
    rep = fmt.rows(
        [
            ids[2:],
            [b"1.0"],
            [b"/api/v1/interaction-events"],
            [fmt.jsonb(events)],
            [fmt.jsonb(["widget_id", "hub_id", "event_type", "occurred_at"])],
            [b"bearer"],
            [b"REST submission of interaction events and annotations"],
            [b"active"],
            fmt.timestamps(np.array([t0 + HOUR_US])),
        ]
    )
    n = len(ADAPTERS)
    created = t0 + (3 + np.arange(n)) * HOUR_US  # after the contracts they reference, before any widget
    adapters = fmt.rows(
        [
            ctx.extras["adapter_ids"],
            fmt.pick([a[0] for a in ADAPTERS], np.arange(n)),
            fmt.pick([a[1] for a in ADAPTERS], np.arange(n)),
            fmt.const(b"1.0", n),
            fmt.const(ids[1], n),
            fmt.const(ids[2], n),
            fmt.pick([a[2] for a in ADAPTERS], np.arange(n)),
            fmt.const(b"Maps framework components onto the IHF envelope", n),
            fmt.timestamps(created),
            fmt.timestamps(created + 45 * DAY_US),
        ]
    )
    return [
        Table(
            "public.envelope_emission_contracts",
            (
                "id",
                "contract_version",
                "required_attributes",
                "optional_attributes",
                "validation_rules",
                "description",
                "status",
                "created_at",
            ),
            single_chunk(env, 2),
            2,
        ),
        Table(
            "public.interaction_reporting_contracts",
            (
                "id",
                "contract_version",
                "endpoint_path",
                "accepted_event_types",
                "required_fields",
                "auth_scheme",
                "description",
                "status",
                "created_at",
            ),
            single_chunk(rep, 1),
            1,
        ),
        Table(
            "public.widget_adapter_specs",
            (
                "id",
                "name",
                "framework",
                "version",
                "envelope_contract_id",
                "reporting_contract_id",
                "status",
                "notes",
                "created_at",
                "updated_at",
            ),
            single_chunk(adapters, n),
            n,
        ),
    ]


EVENT_TYPES_BY_WIDGET = {
    "button": ("viewed", "clicked", "hovered"),
    "form": ("viewed", "focused", "submitted", "validation_failed"),
    "table": ("viewed", "sorted", "filtered", "scrolled", "clicked"),
    "chart": ("viewed", "hovered", "zoomed", "exported"),
    "modal": ("opened", "clicked", "closed", "dismissed"),
    "nav": ("viewed", "clicked", "expanded"),
}
