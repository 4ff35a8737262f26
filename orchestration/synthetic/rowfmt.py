"""Vectorised ids, timestamps and COPY text for the synthetic history.

Times are int64 microseconds since the Unix epoch (UTC) throughout the
generator. Ids are drawn from the seeded generator: random UUIDv4, or for
the high-volume append-only tables a UUIDv7 layout (48-bit millisecond time
prefix, the rest random) so primary-key inserts stay local in the index.
Columns are numpy byte-string arrays (or lists of bytes) and are joined into
PostgreSQL COPY text (tab-separated, `\\N` for NULL), or, for the
high-volume interaction events, into COPY's binary format, which the server
reads in less than half the time of text (no uuid/timestamp parsing).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from itertools import chain, repeat
from typing import Iterable, Sequence

import numpy as np

DAY_US = 86_400_000_000
HOUR_US = 3_600_000_000
MINUTE_US = 60_000_000
NULL = b"\\N"
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


def to_us(instant: datetime) -> int:
    delta = instant - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def uuid_text(raw: np.ndarray) -> np.ndarray:
    """(n, 16) UUID bytes → S36 text."""
    n = raw.shape[0]
    hexd = np.empty((n, 32), np.uint8)
    hexd[:, 0::2] = _HEX[raw >> 4]
    hexd[:, 1::2] = _HEX[raw & 15]
    out = np.full((n, 36), ord("-"), np.uint8)
    out[:, 0:8], out[:, 9:13], out[:, 14:18] = hexd[:, 0:8], hexd[:, 8:12], hexd[:, 12:16]
    out[:, 19:23], out[:, 24:36] = hexd[:, 16:20], hexd[:, 20:32]
    return out.reshape(-1).view("S36")


def uuid4s(rng: np.random.Generator, n: int) -> np.ndarray:
    """n random version-4 UUIDs as an S36 array."""
    raw = np.frombuffer(rng.bytes(16 * n), np.uint8).reshape(n, 16).copy()
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80
    return uuid_text(raw)


def uuid7s(rng: np.random.Generator, times_us: np.ndarray) -> np.ndarray:
    """Version-7 layout UUIDs: time-ordered prefix from `times_us`, random tail."""
    return uuid_text(uuid7_raw(rng, times_us))


def uuid7_raw(rng: np.random.Generator, times_us: np.ndarray) -> np.ndarray:
    """`uuid7s` as an (n, 16) array of the UUIDs' bytes."""
    n = len(times_us)
    raw = np.frombuffer(rng.bytes(16 * n), np.uint8).reshape(n, 16).copy()
    ms = (np.asarray(times_us, np.int64) // 1000).astype(">u8").view(np.uint8).reshape(n, 8)
    raw[:, 0:6] = ms[:, 2:8]
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x70
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80
    return raw


def timestamps(times_us: np.ndarray, null_mask: np.ndarray | None = None) -> np.ndarray:
    """'YYYY-MM-DDTHH:MM:SS.ffffff' (UTC, no offset) for int64 µs; NULL where `null_mask` (or time < 0).

    The loader's session runs with TimeZone = UTC, so PostgreSQL reads these as
    UTC instants; leaving the offset out halves its timestamptz parsing cost.
    """
    times = np.asarray(times_us, np.int64)
    mask = times < 0 if null_mask is None else np.asarray(null_mask, bool)
    n = len(times)
    if n == 0:
        return np.empty(0, "S26")
    safe = np.where(mask, 0 if not (~mask).any() else times[~mask].min(), times)
    days = safe // DAY_US
    first = int(days.min())
    table = np.datetime_as_string(np.arange(first, int(days.max()) + 1).astype("datetime64[D]")).astype("S10")
    out = np.empty((n, 26), np.uint8)
    out[:, :10] = table.view(np.uint8).reshape(-1, 10)[days - first]
    rem = safe - days * DAY_US
    for start, value, width in (
        (11, rem // HOUR_US, 2),
        (14, rem // MINUTE_US % 60, 2),
        (17, rem // 1_000_000 % 60, 2),
        (20, rem % 1_000_000, 6),
    ):
        for k in range(width):
            out[:, start + k] = 48 + (value // 10 ** (width - 1 - k)) % 10
    out[:, 10], out[:, 13], out[:, 16], out[:, 19] = ord("T"), ord(":"), ord(":"), ord(".")
    text = out.reshape(-1).view("S26")
    if mask.any():
        text[mask] = NULL
    return text


def ints(values: np.ndarray, null_mask: np.ndarray | None = None) -> np.ndarray:
    text = np.asarray(values).astype(np.int64).astype("S20")
    if null_mask is not None and null_mask.any():
        text[null_mask] = NULL
    return text


def decimals(values: np.ndarray, places: int) -> list[bytes]:
    return [f"{v:.{places}f}".encode() for v in np.asarray(values, np.float64).tolist()]


def pick(vocab: Sequence[str], index: np.ndarray) -> np.ndarray:
    """vocab[index] as bytes (escaped for COPY); index -1 → NULL."""
    table = np.array([escape(v) for v in vocab] + [NULL], dtype=object)
    return table[np.where(np.asarray(index) < 0, len(vocab), index)]


def take(ids: np.ndarray, index: np.ndarray) -> np.ndarray:
    """ids[index] with index -1 → NULL (ids is an S36 array)."""
    index = np.asarray(index)
    out = ids[np.clip(index, 0, None)] if len(ids) else np.full(len(index), NULL, "S36")
    if (index < 0).any():
        out = out.copy()
        out[index < 0] = NULL
    return out


def escape(value: str | None) -> bytes:
    """A Python value as COPY text field bytes."""
    if value is None:
        return NULL
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r").encode()


def jsonb(value: object) -> bytes:
    return escape(json.dumps(value, separators=(", ", ": "), sort_keys=True))


def text_array(values: Iterable[str]) -> bytes:
    """A text[] literal for COPY (values are plain words: no quoting needed)."""
    return escape("{" + ",".join(values) + "}")


def const(value: bytes, n: int):
    return repeat(value, n)


def rows(columns: Sequence[Iterable[bytes]]) -> bytes:
    """COPY text for parallel columns (each an iterable of bytes)."""
    prepared = [c.tolist() if isinstance(c, np.ndarray) else c for c in columns]
    body = b"\n".join(map(b"\t".join, zip(*prepared)))
    return body + b"\n" if body else b""


# Binary COPY: a signature, then per row an int16 field count and per field a big-endian int32
# length and the value in the type's send format (length -1: NULL), then a trailer.
BINARY_SIGNATURE = b"PGCOPY\n\xff\r\n\x00" + bytes(8)  # no flags, no header extension
BINARY_TRAILER = b"\xff\xff"
NULL_FIELD = b"\xff\xff\xff\xff"
_PG_EPOCH_US = 946_684_800_000_000  # binary timestamps count from 2000-01-01 UTC
_UNHEX = np.zeros(256, np.uint8)
_UNHEX[_HEX] = np.arange(16, dtype=np.uint8)
_UUID_HEX_COLUMNS = np.r_[0:8, 9:13, 14:18, 19:23, 24:36]


def uuid_raw(ids: np.ndarray) -> np.ndarray:
    """S36 UUID text → (n, 16) bytes."""
    digits = _UNHEX[np.asarray(ids, "S36").view(np.uint8).reshape(-1, 36)[:, _UUID_HEX_COLUMNS]]
    return (digits[:, 0::2] << 4) | digits[:, 1::2]


def _with_length(values: np.ndarray) -> np.ndarray:
    """(n, k) field bytes → (n, 4 + k), prefixed by the length k."""
    n, k = values.shape
    return np.hstack([np.frombuffer(np.array(k, ">i4").tobytes() * n, np.uint8).reshape(n, 4), values])


def binary_uuids(raw: np.ndarray) -> np.ndarray:
    return _with_length(raw)


def binary_timestamps(times_us: np.ndarray) -> np.ndarray:
    since_2000 = (np.asarray(times_us, np.int64) - _PG_EPOCH_US).astype(">i8")
    return _with_length(since_2000.view(np.uint8).reshape(-1, 8))


def binary_fixed_part(*fields: np.ndarray, field_count: int) -> list[bytes]:
    """Per row: the field count, then the given fixed-width fields (length-prefixed (n, k) arrays)."""
    n = fields[0].shape[0]
    count = np.frombuffer(np.array(field_count, ">i2").tobytes() * n, np.uint8).reshape(n, 2)
    packed = np.ascontiguousarray(np.hstack([count, *fields]))
    return packed.view(f"V{packed.shape[1]}").ravel().tolist()


def binary_text(value: bytes) -> bytes:
    """A text (or, prefixed by version 1, jsonb) field."""
    return len(value).to_bytes(4, "big") + value


def binary_pick(vocab: Sequence[bytes], index: np.ndarray) -> np.ndarray:
    """Text fields vocab[index]; index -1 → NULL."""
    table = np.array([binary_text(v) for v in vocab] + [NULL_FIELD], dtype=object)
    return table[np.where(np.asarray(index) < 0, len(vocab), index)]


def binary_jsonb(text: bytes) -> bytes:
    return binary_text(b"\x01" + text)


def binary_rows(columns: Sequence[Iterable[bytes]]) -> bytes:
    """Binary COPY rows (no signature or trailer) for parallel columns of complete fields."""
    prepared = [c.tolist() if isinstance(c, np.ndarray) else c for c in columns]
    return b"".join(chain.from_iterable(zip(*prepared)))
