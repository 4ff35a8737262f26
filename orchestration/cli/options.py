"""Options and consoles shared by every `ihf` command module."""

from __future__ import annotations

import click
from rich.console import Console

from orchestration.lib.as_of import parse_as_of

err = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)


class AsOf(click.ParamType):
    """YYYY-MM-DD or an ISO-8601 timestamp, as a UTC datetime (SPEC §10)."""

    name = "DATE"

    def convert(self, value, param, ctx):
        if isinstance(value, str) and not value.strip():
            self.fail("empty date: use YYYY-MM-DD or an ISO-8601 timestamp", param, ctx)
        try:
            return parse_as_of(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


def as_of_option(*names: str, help: str = "YYYY-MM-DD or ISO-8601 (default: now, UTC)."):
    return click.option(*(names or ("--as-of", "as_of")), type=AsOf(), default=None, help=help)
