"""The safe fetcher against a real server on loopback: every guard is crossed once."""

from __future__ import annotations

import gzip
import time

import pytest

from beacon.lib import safehttp
from beacon.monitoring.tests.conftest import Web, slow_drip

FAST = safehttp.Limits(min_interval=0.0, timeout=3.0, max_bytes=100_000)


def client(**kwargs: object) -> safehttp.Client:
    return safehttp.Client(FAST, allow_private_hosts={"127.0.0.1"}, **kwargs)  # type: ignore[arg-type]


def test_it_refuses_loopback_unless_the_host_is_allowed(web: Web) -> None:
    url = web.page("/a", "hello")
    with pytest.raises(safehttp.AddressRefused):
        safehttp.Client(FAST).get(url)
    assert web.requests == []
    assert client().get(url).text() == "hello"


@pytest.mark.parametrize(
    "address",
    ["10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "224.0.0.1",
     "::1", "fe80::1", "::ffff:127.0.0.1", "100.64.0.1", "240.0.0.1", "2002:7f00:1::",
     "2002:a00:1::", "fec0::1", "192.88.99.1", "192.0.0.8", "64:ff9b::a00:1", "64:ff9b:1::1",
     "3fff::1", "5f00::1", "2001:2::1", "2001::1", "100:0:0:1::1", "198.18.0.1", "ff02::1",
     "0.0.0.0"],  # noqa: S104  (an address under test, not a bind)
)  # fmt: skip
def test_it_calls_private_and_special_addresses_non_public(address: str) -> None:
    assert not safehttp.is_public_address(address)


def test_it_calls_ordinary_addresses_public() -> None:
    assert safehttp.is_public_address("93.184.216.34")
    assert safehttp.is_public_address("2606:2800:220:1:248:1893:25c8:1946")
    # NAT64 of a public IPv4 address leads to that address.
    assert safehttp.is_public_address("64:ff9b::5db8:d822")


def test_it_refuses_a_name_that_resolves_to_loopback() -> None:
    with pytest.raises(safehttp.AddressRefused):
        safehttp.Client(FAST).get("http://localhost:9/x")


def test_it_checks_again_on_every_redirect(web: Web) -> None:
    target = web.page("/inside", "secret")
    # The first hop is allowed (127.0.0.1); the redirect names "localhost", which is not.
    localhost_target = target.replace("127.0.0.1", "localhost")
    start = web.page("/go", "", status=302, headers={"Location": localhost_target})
    with pytest.raises(safehttp.AddressRefused):
        client().get(start)
    assert [path for path, _h in web.requests] == ["/robots.txt", "/go"]


def test_it_follows_allowed_redirects_and_reports_them(web: Web) -> None:
    web.page("/final", "done")
    start = web.page("/moved", "", status=301, headers={"Location": "/final"})
    answer = client().get(start)
    assert answer.text() == "done"
    assert answer.url.endswith("/final")
    assert answer.redirects == [start]


def test_it_keeps_a_private_host_on_the_port_it_was_allowed_on(web: Web) -> None:
    start = web.page("/hop", "", status=302, headers={"Location": "http://127.0.0.1:9/admin"})
    with pytest.raises(safehttp.AddressRefused, match="private host"):
        client().get(start)
    assert [path for path, _h in web.requests] == ["/robots.txt", "/hop"]


def test_it_stops_a_redirect_loop(web: Web) -> None:
    url = web.page("/loop", "", status=302, headers={"Location": "/loop"})
    with pytest.raises(safehttp.FetchError, match="redirects"):
        client().get(url)


def test_it_cuts_a_large_body_at_the_limit(web: Web) -> None:
    url = web.page("/big", b"a" * 300_000)
    with pytest.raises(safehttp.TooLarge):
        client().get(url)


def test_it_counts_the_limit_on_decompressed_bytes(web: Web) -> None:
    bomb = gzip.compress(b"\0" * 50_000_000)
    assert len(bomb) < 100_000
    url = web.page("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(safehttp.TooLarge):
        client().get(url)


def test_it_decompresses_gzip_within_the_limit(web: Web) -> None:
    url = web.page("/gz", gzip.compress("Hà Nội".encode()), headers={"Content-Encoding": "gzip"})
    assert client().get(url).text() == "Hà Nội"


def test_it_gives_up_on_a_slow_drip_at_the_total_deadline(web: Web) -> None:
    url = web.handler("/drip", slow_drip)
    limits = safehttp.Limits(min_interval=0.0, timeout=1.0)
    started = time.monotonic()
    with pytest.raises(safehttp.TimedOut):
        safehttp.Client(limits, allow_private_hosts={"127.0.0.1"}).get(url)
    assert time.monotonic() - started < 2.0


def test_it_sends_a_conditional_get(web: Web) -> None:
    url = web.page("/feed", "<rss/>", headers={"ETag": '"v1"'})
    first = client().get(url)
    assert first.etag == '"v1"'
    again = client().get(url, etag=first.etag)
    assert again.not_modified
    assert again.body == b""
    assert web.requests[-1][1]["If-None-Match"] == '"v1"'
    assert web.requests[-1][1]["User-Agent"].startswith("BeaconMonitor/")


def test_it_obeys_robots_txt(web: Web) -> None:
    web.page("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    url = web.page("/private/page", "no")
    with pytest.raises(safehttp.RobotsDisallowed):
        client().get(url)
    assert client().get(web.page("/public", "yes")).text() == "yes"


def test_it_raises_on_error_statuses(web: Web) -> None:
    url = web.page("/gone", "gone", status=410)
    with pytest.raises(safehttp.HTTPStatusError) as caught:
        client().get(url)
    assert caught.value.status == 410


def test_it_spaces_requests_to_one_host(web: Web) -> None:
    url = web.page("/r", "ok")
    limits = safehttp.Limits(min_interval=0.3, timeout=3.0, obey_robots=False)
    fetcher = safehttp.Client(limits, allow_private_hosts={"127.0.0.1"})
    started = time.monotonic()
    for _ in range(3):
        fetcher.get(url)
    assert time.monotonic() - started >= 0.6


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        ("Hanoï".encode("latin-1"), "text/html; charset=iso-8859-1", "Hanoï"),
        (b'<meta charset="windows-1252"><p>Hano\xef</p>', "text/html", "Hanoï"),
        ('<?xml version="1.0" encoding="euc-kr"?><t>하노이</t>'.encode("euc-kr"), "", "하노이"),
        ("河内市的新闻报道".encode("gb18030") * 20, "text/html", "河内"),
    ],
)
def test_it_detects_the_charset(body: bytes, content_type: str, expected: str) -> None:
    assert expected in safehttp.decode(body, content_type)


def test_it_reports_an_unreachable_server() -> None:
    fetcher = safehttp.Client(FAST, allow_private_hosts={"127.0.0.1"})
    with pytest.raises(safehttp.FetchError, match="failed"):
        fetcher.get("http://127.0.0.1:9/nothing", robots=False)


def test_it_refuses_other_schemes() -> None:
    with pytest.raises(safehttp.FetchError, match="http"):
        client().get("file:///etc/passwd")
