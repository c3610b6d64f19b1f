"""Durability and resilience of a served workshop: a server killed with kill -9 while participants
edit loses nothing that showed as saved; a dropped connection shows a banner, keeps what
participants type meanwhile and recovers by itself."""

from __future__ import annotations

import signal
import socket
import threading
import time

import psutil
import pytest
from playwright.sync_api import expect

from tests.postgres import both_backends
from tests.support import (KOSSA, LIVE_TIMEOUT, STEP2, VALMONT, Server, free_port, item_row, new_page,
                           sign_in, stored, wait_for, wait_for_store)
from tpi_widgets.core.records import BASELINE

pytestmark = [pytest.mark.browser, both_backends]
PASSCODE = "durable-42"


def kill_hard(server: Server):
    """kill -9 the server and every kernel it started, as a power cut or a crash would."""
    root = psutil.Process(server.process.pid)
    for process in root.children(recursive=True) + [root]:
        try:
            process.send_signal(signal.SIGKILL)
        except psutil.NoSuchProcess:
            pass
    server.process.wait(timeout=15)
    server.log.close()
    server.process = None


PEOPLE = [("Ana Kamara", KOSSA, "IPC-04", "Screening desk staffed in daytime only"),
          ("Bo Lindqvist", VALMONT, "IPC-05", "Hand rub at every bed since March"),
          ("Chidi Okafor", KOSSA, "IPC-06", "Isolation room shared with storage")]


def test_kill_9_while_editing_loses_nothing_shown_as_saved(chromium, workspace, tmp_path):
    server = Server.for_workspace(workspace.root, tmp_path / "voila.log", passcode=PASSCODE).start()
    contexts, pages = [], []
    try:
        for name, institution, code, _ in PEOPLE:
            context = chromium.new_context()
            contexts.append(context)
            page = new_page(context)
            page.goto(server.address(STEP2))
            sign_in(page, name, institution, "Nurse")
            pages.append(page)
        for page, (name, _, code, text) in zip(pages, PEOPLE):
            page.get_by_label(f"{code} evidence").fill(text)
        for page, (name, _, code, text) in zip(pages, PEOPLE):
            item_row(page, code).get_by_text(f"Saved by {name}").wait_for(timeout=LIVE_TIMEOUT)
        kill_hard(server)
        for name, _, code, text in PEOPLE:  # in the store the moment it showed as saved
            assert stored(workspace, BASELINE, code.lower(), "evidence") == text
        server.start()  # the same workspace and port
        for page, (name, _, code, text) in zip(pages, PEOPLE):
            page.goto(server.url + STEP2)  # no passcode in the URL: the sign-in cookie outlives the restart
            page.locator(".tpi-signed-in").wait_for()
            expect(page.get_by_label(f"{code} evidence")).to_have_value(text)
            item_row(page, code).get_by_text(f"Saved by {name}").wait_for(timeout=LIVE_TIMEOUT)
    finally:
        for context in contexts:
            context.close()
        server.stop()


class CuttableProxy:
    """A TCP proxy between the browser and the server that can drop every connection and refuse
    new ones for a while, as a room's Wi-Fi does."""

    def __init__(self, target_port: int):
        self.target_port, self.port = target_port, free_port()
        self.listener = socket.create_server(("127.0.0.1", self.port))
        self.open: set[socket.socket] = set()
        self.lock = threading.Lock()
        self.up = True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                client.close()
                continue
            with self.lock:
                self.open |= {client, upstream}
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self):
        self.up = False
        with self.lock:
            for s in self.open:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            self.open.clear()

    def restore(self):
        self.up = True

    def close(self):
        self.cut()
        self.listener.close()


@pytest.mark.parametrize("cut_seconds", [5, 30])
def test_a_dropped_connection_shows_a_banner_and_keeps_what_is_typed(chromium, workspace, tmp_path, cut_seconds):
    """A Wi-Fi blip and a half-minute cut: the page reconnects by itself, never offers a reload
    (which would lose what was typed meanwhile) and saves what was typed."""
    server = Server.for_workspace(workspace.root, tmp_path / "voila.log", passcode=PASSCODE).start()
    proxy = CuttableProxy(server.port)
    context = chromium.new_context()
    try:
        page = new_page(context)
        page.goto(f"http://127.0.0.1:{proxy.port}/{STEP2}?token={PASSCODE}")
        sign_in(page, "Ana Kamara", KOSSA, "Nurse")
        banner = page.locator(".tpi-connection")
        page.get_by_label("IPC-04 evidence").fill("Typed before the cut")
        item_row(page, "IPC-04").get_by_text("Saved by Ana Kamara").wait_for(timeout=LIVE_TIMEOUT)
        assert not banner.is_visible()

        proxy.cut()
        expect(banner).to_be_visible(timeout=10_000)
        expect(banner).to_contain_text("Connection lost")
        page.get_by_label("IPC-05 evidence").fill("Typed while the Wi-Fi was down")
        reload_offered = []
        cut_ends = time.monotonic() + cut_seconds
        while time.monotonic() < cut_ends:
            reload_offered.append(page.locator(".tpi-connection-reload").is_visible())
            time.sleep(0.5)
        assert stored(workspace, BASELINE, "ipc-05", "evidence") is None  # it could not arrive yet
        expect(page.get_by_label("IPC-05 evidence")).to_have_value("Typed while the Wi-Fi was down")

        proxy.restore()
        back_by = time.monotonic() + 60
        while banner.is_visible() and time.monotonic() < back_by:
            reload_offered.append(page.locator(".tpi-connection-reload").is_visible())
            time.sleep(0.5)
        assert not any(reload_offered)  # the page's own connection came back: no reload was ever offered
        expect(banner).to_be_hidden(timeout=60_000)
        wait_for_store(workspace, BASELINE, "ipc-05", "evidence", "Typed while the Wi-Fi was down", timeout=30)
        assert stored(workspace, BASELINE, "ipc-04", "evidence") == "Typed before the cut"
        item_row(page, "IPC-05").get_by_text("Saved by Ana Kamara").wait_for(timeout=LIVE_TIMEOUT)
    finally:
        context.close()
        proxy.close()
        server.stop()
