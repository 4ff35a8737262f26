"""The `as_of` instant every window is measured from (SPEC §3, §10)."""

from __future__ import annotations

from datetime import date, datetime, timezone


def parse_as_of(value: str | None) -> datetime:
    """`2026-06-01` → 2026-06-01T00:00:00Z; ISO-8601 with offset kept; empty → now (UTC).

    A timestamp without an offset is read as UTC.
    """
    if value is None or not str(value).strip():
        return datetime.now(timezone.utc)
    text = str(value).strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(
            f"unparsable date {text!r}: use YYYY-MM-DD or an ISO-8601 timestamp such as 2026-06-01T00:00:00Z"
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


def iso(instant: datetime) -> str:
    return instant.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
