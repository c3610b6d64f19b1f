"""The page's own kernel shutdown over plain HTTP, as `tpi serve --lan --passcode` serves the room
(on this machine's network address, behind the room passcode): the landing page and
a step page set the _xsrf cookie; the shutdown request Voila's page sends on beforeunload (its
_xsrf read from the cookie) gets 204 and the kernel ends; without the _xsrf value it is refused."""

from __future__ import annotations

import http.cookiejar
import json
import re
import urllib.error
import urllib.parse
import urllib.request

from tests.support import STEP2, Server, wait_for
from tests.test_kernel_lifetime_browser import alive

PASSCODE = "beacon-77"


def test_a_signed_in_page_can_shut_its_kernel_down(workspace, tmp_path):
    server = Server.for_workspace(workspace.root, tmp_path / "voila.log", lan=True, passcode=PASSCODE).start()
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def cookie(name):
        return next((c.value for c in jar if c.name == name), None)

    def post_shutdown(kernel_id, form):
        try:
            with browser.open(f"{server.url}voila/api/shutdown/{kernel_id}",
                              data=urllib.parse.urlencode(form).encode(), timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    try:
        with browser.open(server.address(), timeout=60) as landing:  # the participant URL
            assert landing.status == 200 and "Kossa" in landing.read().decode()
        assert cookie("_xsrf")
        jar.clear(domain=urllib.parse.urlparse(server.url).hostname, path="/", name="_xsrf")
        with browser.open(server.url + STEP2, timeout=120) as page:  # signed in by cookie now
            html = page.read().decode()
        config = json.loads(re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', html, re.S).group(1))
        own = {config["kernelId"]}
        assert cookie("_xsrf") and alive(server, own) == own

        assert post_shutdown(config["kernelId"], {}) == 403  # the check is real
        assert post_shutdown(config["kernelId"], {"_xsrf": cookie("_xsrf")}) == 204
        wait_for(lambda: not alive(server, own), "the kernel ending", timeout=30)
    finally:
        server.stop()
