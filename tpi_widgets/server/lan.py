"""The room's network: this machine's address on it, and the participant URL as a QR code for
the terminal."""

from __future__ import annotations

import io
import socket

from tpi_widgets.errors import TPIError


def local_address() -> str:
    """This machine's address on the room's network. Connecting a UDP socket sends nothing; it
    only asks the system which local address would route to a private address."""
    for probe in ("10.255.255.255", "192.168.255.255", "172.31.255.255"):
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.connect((probe, 1))
                address = s.getsockname()[0]
        except OSError:
            continue
        if _usable(address):
            return address
    try:
        candidates = [info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)]
    except OSError:
        candidates = []
    for address in candidates:
        if _usable(address):
            return address
    raise TPIError("no local network address found: connect this machine to the room's network, then try again")


def _usable(address: str) -> bool:
    return bool(address) and not address.startswith(("127.", "0.", "169.254."))


def qr_text(url: str) -> str:
    """The URL as a QR code in plain characters, for the terminal."""
    import qrcode
    code = qrcode.QRCode(border=2)
    code.add_data(url)
    out = io.StringIO()
    code.print_ascii(out=out, tty=False, invert=True)
    return out.getvalue()
