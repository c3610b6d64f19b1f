"""Helpers shared by the browser tests and the benchmarks: a real Voila server for a workspace
and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from tpi_widgets.serve import wait_until_ready

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                  "--no-first-run", "--disable-component-update", "--disable-sync"]
SLUG = "kossa-valmont"
STEP2 = f"voila/render/partnerships/{SLUG}/02_needs_assessment.ipynb"


def chromium_path() -> str | None:
    for candidate in (os.environ.get("TPI_BROWSER"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`tpi serve DIR` in its own process group, so stopping it also ends its kernels."""

    def __init__(self, command: list[str], port: int, log: Path):
        self.command, self.port, self.log_path = command, port, log
        self.url = f"http://127.0.0.1:{port}/"
        self.process: subprocess.Popen | None = None

    @classmethod
    def for_workspace(cls, workspace_dir: Path, log: Path, port: int | None = None) -> "Server":
        port = port or free_port()
        return cls([sys.executable, "-m", "tpi_widgets.cli", "serve", str(workspace_dir), "--port", str(port)],
                   port, log)

    def start(self) -> "Server":
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen(self.command, stdout=self.log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        wait_until_ready(self.url, alive=lambda: self.process.poll() is None)
        return self

    def stop(self, sig: int = signal.SIGTERM):
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, sig)
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)
        except ProcessLookupError:
            pass
        finally:
            # kernels run in the same process group; make sure none is left behind
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.log.close()
            self.process = None


@contextmanager
def serving(server: Server):
    server.start()
    try:
        yield server
    finally:
        server.stop()


def launch_chromium(playwright, executable: str):
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)


def sign_in(page, name: str, institution: str, role: str, timeout: float = 90_000):
    page.get_by_label("Your name").fill(name, timeout=timeout)
    page.get_by_label("Your institution").select_option(institution)
    page.get_by_label("Your role").fill(role)
    page.get_by_role("button", name="Start").click()
    page.locator(".tpi-signed-in").wait_for()


def item_row(page, code: str):
    return page.locator(".tpi-item").filter(has=page.get_by_label(f"{code} rating"))
