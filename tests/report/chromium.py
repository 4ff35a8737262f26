"""Headless Chromium through chromedriver's W3C WebDriver HTTP API, with urllib only (no selenium)."""

from __future__ import annotations

import base64
import json
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1400,2400"]

RENDERED_PLOTS_SCRIPT = (
    "return Array.from(document.querySelectorAll('div.js-plotly-plot'))"
    ".map(function (div) { return [div.id, div.querySelectorAll('svg.main-svg').length]; });"
)


def ensure_installed() -> str | None:
    """Install chromium and chromium-driver when missing; the reason they are unavailable, else None."""
    if CHROMIUM.exists() and CHROMEDRIVER.exists():
        return None
    if shutil.which("apt-get") is None:
        return "chromium is not installed and apt-get is not available"
    try:
        for command in (["apt-get", "update"], ["apt-get", "install", "-y", "chromium", "chromium-driver"]):
            subprocess.run(command, check=True, capture_output=True, timeout=900)
    except (subprocess.SubprocessError, OSError) as exc:
        return f"cannot install chromium and chromium-driver with apt-get: {exc}"
    return None if CHROMIUM.exists() and CHROMEDRIVER.exists() else "apt-get installed no /usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Browser:
    def __init__(self, base: str, session_id: str):
        self.base, self.session_id = base, session_id

    def call(self, method: str, path: str, body: dict | None = None) -> object:
        return request(method, f"{self.base}/session/{self.session_id}{path}", body)

    def open(self, path: Path) -> None:
        self.call("POST", "/url", {"url": path.resolve().as_uri()})  # returns after the load event

    def run(self, script: str) -> object:
        return self.call("POST", "/execute/sync", {"script": script, "args": []})

    def rendered_plots(self, timeout: float = 20) -> list[list]:
        """[plot div id, number of rendered <svg class="main-svg">] per Plotly div, once all have drawn."""
        deadline = time.monotonic() + timeout
        while True:
            plots = self.run(RENDERED_PLOTS_SCRIPT)
            if all(svg_count > 0 for _, svg_count in plots) or time.monotonic() > deadline:
                return plots
            time.sleep(0.2)

    def console_errors(self) -> list[dict]:
        """SEVERE browser-log entries since the last call: console.error and uncaught exceptions."""
        entries = self.call("POST", "/se/log", {"type": "browser"})
        return [entry for entry in entries if entry["level"] == "SEVERE"]

    def screenshot(self, path: Path) -> Path:
        path.write_bytes(base64.b64decode(self.call("GET", "/screenshot")))
        return path


def request(method: str, url: str, body: dict | None = None, timeout: float = 60) -> object:
    data = None if body is None else json.dumps(body).encode()
    call = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(call, timeout=timeout) as response:
        return json.loads(response.read())["value"]


@contextmanager
def browser(user_data_dir: Path) -> Iterator[Browser]:
    port = free_port()
    driver = subprocess.Popen([str(CHROMEDRIVER), f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if request("GET", f"{base}/status", timeout=2)["ready"]:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError("chromedriver did not become ready in 30 s")
            time.sleep(0.2)
        options = {"binary": str(CHROMIUM), "args": [*FLAGS, f"--user-data-dir={user_data_dir}"]}
        capabilities = {"browserName": "chrome", "goog:chromeOptions": options, "goog:loggingPrefs": {"browser": "ALL"}}
        session = request("POST", f"{base}/session", {"capabilities": {"alwaysMatch": capabilities}}, timeout=120)
        session_browser = Browser(base, session["sessionId"])
        try:
            yield session_browser
        finally:
            request("DELETE", f"{base}/session/{session_browser.session_id}")
    finally:
        driver.terminate()
        driver.wait(timeout=30)
