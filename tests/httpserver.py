"""A real HTTP server on 127.0.0.1 for the pull tests: a little municipal website with traps.

Routes (everything else is 404):
  /docs/index.html     listing: relative, absolute, duplicate, foreign-host, non-PDF and
                       "Hent PDF" links, a link to a 404, and a link to the same server
                       under the host name `localhost`
  /docs/a.pdf          PDF A with ETag and Last-Modified; answers 304 to a matching
                       If-None-Match or If-Modified-Since
  /copy-of-a.pdf       the same bytes as A under another name
  /files/b.PDF         PDF B (upper-case extension, linked with ?query#fragment)
  /files/c.pdf         PDF C (linked via the `localhost` host name only)
  /download?id=7       PDF D, no .pdf in the URL, name in Content-Disposition (filename*)
  /flaky.pdf           500 on the first hit, then PDF B
  /always-500.pdf      503 Service Unavailable forever
  /rate-limited.pdf    429 with Retry-After: 0 on the first hit, then PDF C
  /fake.pdf            an HTML page served as application/pdf
  /empty.pdf           zero bytes as application/pdf
  /redirect            302 to /docs/a.pdf
  /big.pdf             oversized body with Content-Length
  /big-stream.pdf      oversized body without Content-Length (close-delimited)
  /slow.pdf            waits `slow_seconds` before answering (for read timeouts)
  /notes               an HTML page without PDF links, no extension (for probing)
  /get-pdf             PDF A without .pdf in the URL (for probing)
  /drip.pdf            a PDF header, then one byte every `drip_seconds` until the client leaves
  /to-file             302 to file:///etc/passwd
  /to-other-host       302 to http://evil.example/x.pdf
  /to-localhost        302 to the same server under the host name `localhost`
  /loop                302 to itself, forever
  /many/index.html     a listing of `many_links` PDF links to /many/<i>.pdf (each its own PDF)
  /huge-listing.html   an HTML page of BIG_SIZE bytes without Content-Length

`hits` counts requests per path, `body_bytes` counts body bytes sent per path, `statuses`
records (path, status) pairs and `request_headers` the headers of each request, so tests can
assert what the client actually did.
"""

from __future__ import annotations

import io
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from reportlab.pdfgen import canvas

LAST_MODIFIED = "Tue, 04 Nov 2025 10:00:00 GMT"
ETAG_A = '"a-v1"'
BIG_SIZE = 300_000


def tiny_pdf(text: str) -> bytes:
    """A one-page PDF; invariant=1 makes reportlab's output byte-for-byte reproducible."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    c.drawString(72, 720, text)
    c.showPage()
    c.save()
    return buf.getvalue()


FAKE_PDF = b"<!DOCTYPE html><html><body>Siden findes ikke</body></html>"


@dataclass
class Site:
    """The site's content and what happened to it."""

    pdf_a: bytes = field(default_factory=lambda: tiny_pdf("Budgetnotat A"))
    pdf_b: bytes = field(default_factory=lambda: tiny_pdf("Budgetnotat B"))
    pdf_c: bytes = field(default_factory=lambda: tiny_pdf("Budgetnotat C"))
    pdf_d: bytes = field(default_factory=lambda: tiny_pdf("Budgetnotat D"))
    slow_seconds: float = 0.6
    drip_seconds: float = 0.1
    many_links: int = 50_000
    port: int = 0
    hits: Counter[str] = field(default_factory=Counter)
    body_bytes: Counter[str] = field(default_factory=Counter)
    statuses: list[tuple[str, int]] = field(default_factory=list)
    request_headers: list[tuple[str, Message]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def listing_html(self) -> str:
        return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Budgetnotater 2026</title></head>
<body>
<h1>Budgetnotater – Økonomiudvalget</h1>
<ul>
  <li><a href="a.pdf">Notat A (relativ)</a></li>
  <li><a href="../files/b.PDF?download=1#page=2">Notat B</a></li>
  <li><a href="{self.base_url}/docs/a.pdf#top">Notat A igen (absolut)</a></li>
  <li><a href="http://other.example/x.pdf">Fremmed vært</a></li>
  <li><a href="http://localhost:{self.port}/files/c.pdf">Notat C via localhost</a></li>
  <li><a href="/download?id=7">Hent PDF</a></li>
  <li><a href="gone.pdf">Fjernet notat</a></li>
  <li><a href="/about.html">Om siden</a></li>
  <li><a href="mailto:post@example.org">Skriv til os</a></li>
  <li><a>uden href</a></li>
</ul>
</body></html>
"""


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the tests assert on counters, not on logs."""

    def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        path = urlsplit(self.path).path
        site = self.server.site
        with site.lock:
            site.statuses.append((path, status))
        self.send_response(status)
        headers = dict(headers or {})
        if "Content-Length" not in headers and status != 304 and not headers.get("_no_length"):
            headers["Content-Length"] = str(len(body))
        headers.pop("_no_length", None)
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)
            with site.lock:
                site.body_bytes[path] += len(body)

    def do_GET(self) -> None:
        site = self.server.site
        parts = urlsplit(self.path)
        path = parts.path
        with site.lock:
            site.hits[path] += 1
            hits = site.hits[path]
            site.request_headers.append((path, self.headers))
        pdf = {"Content-Type": "application/pdf"}
        html = {"Content-Type": "text/html; charset=utf-8"}
        if path == "/docs/index.html":
            self._send(200, site.listing_html().encode("utf-8"), html)
        elif path == "/docs/a.pdf":
            if (
                self.headers.get("If-None-Match") == ETAG_A
                or self.headers.get("If-Modified-Since") == LAST_MODIFIED
            ):
                self._send(304, headers={"ETag": ETAG_A})
            else:
                self._send(200, site.pdf_a, {**pdf, "ETag": ETAG_A, "Last-Modified": LAST_MODIFIED})
        elif path == "/copy-of-a.pdf":
            self._send(200, site.pdf_a, pdf)
        elif path == "/files/b.PDF":
            self._send(200, site.pdf_b, pdf)
        elif path == "/files/c.pdf":
            self._send(200, site.pdf_c, pdf)
        elif path == "/download" and parts.query == "id=7":
            disposition = "attachment; filename*=UTF-8''budgetnotat%20%C3%B8konomi.pdf"
            self._send(200, site.pdf_d, {**pdf, "Content-Disposition": disposition})
        elif path == "/flaky.pdf":
            if hits == 1:
                self._send(500, b"oops", {"Content-Type": "text/plain"})
            else:
                self._send(200, site.pdf_b, pdf)
        elif path == "/rate-limited.pdf":
            if hits == 1:
                self._send(429, b"slow down", {"Content-Type": "text/plain", "Retry-After": "0"})
            else:
                self._send(200, site.pdf_c, pdf)
        elif path == "/always-500.pdf":
            self._send(503, b"busy", {"Content-Type": "text/plain"})
        elif path == "/fake.pdf":
            self._send(200, FAKE_PDF, pdf)
        elif path == "/empty.pdf":
            self._send(200, b"", pdf)
        elif path == "/redirect":
            self._send(302, headers={"Location": "/docs/a.pdf"})
        elif path == "/big.pdf":
            self._send(200, b"%PDF-1.4\n" + b"0" * BIG_SIZE, pdf)
        elif path == "/big-stream.pdf":
            self._send(200, b"%PDF-1.4\n" + b"0" * BIG_SIZE, {**pdf, "_no_length": "1"})
        elif path == "/slow.pdf":
            time.sleep(site.slow_seconds)
            self._send(200, site.pdf_a, pdf)
        elif path == "/notes":
            self._send(200, b"<html><body><p>Ingen bilag</p></body></html>", html)
        elif path == "/get-pdf":
            self._send(200, site.pdf_a, pdf)
        elif path == "/drip.pdf":
            self._drip(site)
        elif path == "/to-file":
            self._send(302, headers={"Location": "file:///etc/passwd"})
        elif path == "/to-other-host":
            self._send(302, headers={"Location": "http://evil.example/x.pdf"})
        elif path == "/to-localhost":
            self._send(302, headers={"Location": f"http://localhost:{site.port}/docs/a.pdf"})
        elif path == "/loop":
            self._send(302, headers={"Location": "/loop"})
        elif path == "/many/index.html":
            links = "".join(f'<a href="{i}.pdf">{i}</a>\n' for i in range(site.many_links))
            self._send(200, f"<html><body>{links}</body></html>".encode(), html)
        elif path.startswith("/many/") and path.endswith(".pdf"):
            self._send(200, site.pdf_a + f"% {path}\n".encode(), pdf)
        elif path == "/huge-listing.html":
            page = b"<html><body>" + b"<p>x</p>" * (BIG_SIZE // 8) + b"</body></html>"
            self._send(200, page, {**html, "_no_length": "1"})
        else:
            self._send(404, b"not found", {"Content-Type": "text/plain"})

    def _drip(self, site: Site) -> None:
        """Headers at once, then a byte at a time: never silent long enough for a read timeout."""
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Length", "1000000")
        self.end_headers()
        try:
            self.wfile.write(b"%PDF-1.4\n")
            for _ in range(1_000_000):
                time.sleep(site.drip_seconds)
                self.wfile.write(b"0")
                self.wfile.flush()
                with site.lock:
                    site.body_bytes["/drip.pdf"] += 1
        except OSError:  # the client gave up: what the test wants
            return


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, site: Site) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.site = site

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up (timeout tests) makes the write fail; that is expected."""


@contextmanager
def serve(site: Site | None = None) -> Iterator[Site]:
    """Run the site on a free port of 127.0.0.1 in a background thread."""
    site = site or Site()
    server = _Server(site)
    site.port = server.server_address[1]
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, name="test-http", daemon=True
    )
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
