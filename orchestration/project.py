"""The dbt project, built once and shared by the dbt assets and the definitions."""

from __future__ import annotations

from pathlib import Path

from dagster_dbt import DbtProject

REPO_ROOT = Path(__file__).resolve().parents[1]
DBT_SOURCE_DIR = REPO_ROOT / "dbt_project"

# The target path is dagster-dbt's default (`target/`): each run's directory is made
# there, and its partial_parse.msgpack is copied in from there, so dbt parses only
# what changed since the last run instead of the whole project.
dbt_project = DbtProject(project_dir=REPO_ROOT, profiles_dir=DBT_SOURCE_DIR)


def _manifest_is_stale() -> bool:
    manifest = dbt_project.manifest_path
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    sources = [REPO_ROOT / "dbt_project.yml", *DBT_SOURCE_DIR.glob("models/**/*"), *DBT_SOURCE_DIR.glob("macros/**/*"), *DBT_SOURCE_DIR.glob("tests/**/*")]
    return any(path.stat().st_mtime > built for path in sources if path.is_file())


# `dagster dev` re-parses on every load; every other entry point (the `ihf` CLI,
# tests, `dagster definitions validate`) parses only when the manifest is stale.
if dbt_project.preparer.using_dagster_dev():
    dbt_project.prepare_if_dev()
elif _manifest_is_stale():
    dbt_project.preparer.prepare(dbt_project)
