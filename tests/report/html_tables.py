"""Reading the report's HTML back: panel sections and their tables (stdlib HTMLParser; lxml is not installed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path


@dataclass
class Table:
    panel: str
    mart: str
    total_rows: int
    columns: list[str] = field(default_factory=list)
    values: list[list[str]] = field(default_factory=list)  # each cell's data-value (exact)
    texts: list[list[str]] = field(default_factory=list)  # each cell's text (what the reader sees)

    def column(self, name: str) -> list[str]:
        index = self.columns.index(name)
        return [row[index] for row in self.values]


@dataclass
class Page:
    statuses: dict[str, str] = field(default_factory=dict)  # panel key → ok / empty / unavailable
    tables: dict[str, Table] = field(default_factory=dict)  # panel key → its table
    plot_divs: int = 0
    text: str = ""


class ReportParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.page = Page()
        self.table: Table | None = None
        self.cell: dict | None = None
        self.row: tuple[list[str], list[str]] | None = None
        self.chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "section" and "panel" in (attributes.get("class") or ""):
            self.page.statuses[attributes["id"]] = attributes["data-status"]
        elif tag == "div" and (attributes.get("id") or "").startswith("plot-"):
            self.page.plot_divs += 1
        elif tag == "table":
            self.table = Table(attributes["data-panel"], attributes["data-mart"], int(attributes["data-total-rows"]))
            self.page.tables[self.table.panel] = self.table
        elif tag == "th" and self.table is not None:
            self.table.columns.append(attributes["data-column"])
        elif tag == "tr" and self.table is not None:
            self.row = ([], [])
        elif tag == "td" and self.row is not None:
            self.cell = {"value": attributes.get("data-value", ""), "text": ""}

    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None and self.row is not None:
            self.row[0].append(self.cell["value"])
            self.row[1].append(self.cell["text"].strip())
            self.cell = None
        elif tag == "tr" and self.row is not None and self.table is not None:
            if self.row[0]:
                self.table.values.append(self.row[0])
                self.table.texts.append(self.row[1])
            self.row = None
        elif tag == "table":
            self.table = None

    def handle_data(self, data):
        self.chunks.append(data)
        if self.cell is not None:
            self.cell["text"] += data


def read_page(path: Path) -> Page:
    parser = ReportParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.page.text = " ".join(" ".join(parser.chunks).split())
    return parser.page
