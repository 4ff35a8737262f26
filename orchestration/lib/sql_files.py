"""SQL lives in .sql files beside the asset that runs it."""

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=None)
def read_sql(module_file: str, name: str) -> str:
    return (Path(module_file).resolve().parent / name).read_text(encoding="utf-8")
