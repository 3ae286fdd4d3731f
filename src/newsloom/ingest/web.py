"""Fetch a URL safely: http(s) only, no private addresses, redirects re-checked, size and time capped."""

from __future__ import annotations

import contextlib
import ipaddress
import re
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from newsloom.model import Failure

USER_AGENT = "newsloom/0.1"
MAX_REDIRECTS = 5
_ACCEPT = ("text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
           "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5")
_REDIRECTS = {301, 302, 303, 307, 308}
MAX_URL_CHARS = 8192  # longer ones are no page to read (RFC 9110 asks servers for at least 8,000)
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class AddressPolicy:
    """Which addresses may be contacted: public ones, plus private ones if allowed, plus `allow` networks."""

    allow_private: bool = False
    allow: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()

    def refusal(self, ip: IPAddress) -> str | None:
        """Why `ip` may not be contacted, or None. Link-local addresses, where cloud metadata services
        answer (169.254.169.254), stay refused with `allow_private`: only an `allow` network opens them."""
        if any(ip in net for net in self.allow if net.version == ip.version):
            return None
        kind = address_kind(ip)
        if kind == "link-local" or ip in _METADATA:
            return f"refused {kind or 'metadata'} address {ip} (cloud metadata services answer there; never fetched)"
        if self.allow_private:
            return None
        return f"refused private address {ip} ({kind}; use --allow-private)" if kind else None


_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
# not language data: cloud metadata services outside link-local (AWS and GCP over IPv6, Alibaba, Azure)
_METADATA = frozenset(map(ipaddress.ip_address, ("fd00:ec2::254", "fd20:ce::254", "100.100.100.200", "168.63.129.16")))


def address_kind(ip: IPAddress) -> str | None:
    """The kind of non-public address `ip` is, or None for a public address."""
    if isinstance(ip, ipaddress.IPv6Address):  # an IPv4 address inside: mapped, 6to4 or NAT64 (RFC 6052)
        inside = ip.ipv4_mapped or ip.sixtofour or (
            ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF) if ip in _NAT64 else None)
        if inside is not None:  # judged by the address inside: "::ffff:8.8.8.8" is public, "2002:c0a8:101::1" not
            return address_kind(inside)
    for kind, flag in (("unspecified", ip.is_unspecified), ("loopback", ip.is_loopback),
                       ("link-local", ip.is_link_local), ("multicast", ip.is_multicast),
                       ("private", ip.is_private), ("reserved", ip.is_reserved)):
        if flag:
            return kind
    return None if ip.is_global else "not public"


def url_problem(url: str) -> str | None:
    """Why `url` may not be fetched at all (scheme, credentials, host), before any lookup; or None."""
    if len(url) > MAX_URL_CHARS:
        return f"URL too long ({len(url):,} characters, at most {MAX_URL_CHARS:,})"
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as err:
        return f"invalid URL: {err}"
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return f"unsupported URL scheme '{scheme}' (only http and https)" if scheme else "not a URL"
    if parts.username is not None or parts.password is not None:
        return "refused URL with credentials (user:password@host)"
    if not parts.hostname:
        return "URL has no host"
    return None


@dataclass
class Fetched:
    url: str  # after redirects
    status: int
    content_type: str  # media type, lower case, without parameters
    charset: str | None
    body: bytes  # empty for 304 Not Modified
    etag: str | None = None  # the validators of the response, to send back with the next request
    last_modified: str | None = None


class Fetcher:
    """Fetches URLs one at a time under an AddressPolicy, a size cap and an overall time limit each."""

    def __init__(self, policy: AddressPolicy, *, max_bytes: int = 20_000_000, timeout: float = 20.0):
        self.policy = policy
        self.max_bytes = max_bytes
        self.timeout = timeout
        self._client: httpx.Client | None = None
        self._resolver = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsloom-dns")

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
        self._resolver.shutdown(wait=False, cancel_futures=True)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            # trust_env=False: a proxy from the environment would bypass the address checks
            # no connection kept alive: each request's own connection is the one its watchdog may shut
            self._client = httpx.Client(trust_env=False, follow_redirects=False,
                                        headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT},
                                        limits=httpx.Limits(max_keepalive_connections=0))
        return self._client

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Fetched | Failure:
        """GET `url`, following at most 5 redirects by hand and checking every address before connecting.
        With `etag` or `last_modified` (a conditional GET), a "304 Not Modified" answer is a Fetched with
        status 304 and no body."""
        deadline = time.monotonic() + self.timeout
        current = url.strip()
        conditions = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", last_modified)) if v}
        for _hop in range(MAX_REDIRECTS + 1):
            result = self._get(current, url, deadline, conditions)
            if not isinstance(result, str):
                return result
            current = result  # a redirect target
        return Failure(url, f"too many redirects (more than {MAX_REDIRECTS})")

    def _get(self, current: str, origin: str, deadline: float, conditions: dict[str, str] | None = None
             ) -> Fetched | Failure | str:
        """One request: the response, a Failure, or the URL a redirect points to."""
        problem = url_problem(current)
        if problem:
            return Failure(origin, problem if current == origin else f"redirect to {current[:200]}: {problem}")
        parts = urlsplit(current)
        host, port = parts.hostname or "", parts.port or (443 if parts.scheme.lower() == "https" else 80)
        ip = self._resolve(host, port, deadline)
        if not isinstance(ip, ipaddress.IPv4Address | ipaddress.IPv6Address):
            return Failure(origin, ip)
        try:
            return self._request(current, parts, host, ip, deadline, origin, conditions or {})
        except httpx.InvalidURL as err:  # not an HTTPError
            return Failure(origin, f"invalid URL: {err}")
        except httpx.TimeoutException:
            return Failure(origin, self._timed_out())
        except httpx.HTTPError as err:
            return Failure(origin, f"cannot fetch {host}: {_short(err)}")

    def _resolve(self, host: str, port: int, deadline: float) -> IPAddress | str:
        """The address to connect to, or why not. Every address the name resolves to must be allowed."""
        try:
            literal = ipaddress.ip_address(host)
        except ValueError:
            literal = None
        if literal is not None:
            addresses: list[IPAddress] = [literal]
        else:
            lookup = self._resolver.submit(socket.getaddrinfo, host, port, 0, socket.SOCK_STREAM)
            try:
                infos = lookup.result(timeout=max(0.0, deadline - time.monotonic()))
            except FutureTimeout:
                return self._timed_out()
            except (OSError, UnicodeError) as err:
                return f"cannot resolve host {host}: {getattr(err, 'strerror', None) or err}"
            addresses = list(dict.fromkeys(ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos))
            if not addresses:
                return f"cannot resolve host {host}"
        for address in addresses:
            refusal = self.policy.refusal(address)
            if refusal:
                return refusal
        return addresses[0]

    def _request(self, current: str, parts, host: str, ip: IPAddress, deadline: float, origin: str,
                 conditions: dict[str, str]) -> Fetched | Failure | str:
        # Connect to the checked address itself, so a second DNS answer cannot point elsewhere
        pinned = httpx.URL(current).copy_with(host=str(ip))
        headers = {"Host": parts.netloc.rpartition("@")[2], **conditions}
        extensions = {"sni_hostname": host} if parts.scheme.lower() == "https" else {}
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return Failure(origin, self._timed_out())
        # httpx's timeout bounds each read, so headers trickled one line at a time would never end: at the
        # deadline a watchdog shuts the connection, which the trace hands over once it is made
        streams: list = []
        extensions["trace"] = lambda event, info: streams.append(info.get("return_value")) if event in (
            "connection.connect_tcp.complete", "connection.start_tls.complete") else None
        watchdog = threading.Timer(remaining, _shut, [streams])
        watchdog.daemon = True
        request = self.client.build_request("GET", pinned, headers=headers, extensions=extensions,
                                            timeout=httpx.Timeout(remaining))
        watchdog.start()
        try:
            return self._response(request, current, origin, deadline, conditions)
        except httpx.TransportError:
            if time.monotonic() >= deadline:
                return Failure(origin, self._timed_out())
            raise
        finally:
            watchdog.cancel()

    def _response(self, request: httpx.Request, current: str, origin: str, deadline: float,
                  conditions: dict[str, str]) -> Fetched | Failure | str:
        """What the server answers `request`: the page, a Failure, or the URL a redirect points to."""
        response = self.client.send(request, stream=True)
        try:
            if response.status_code in _REDIRECTS:
                location = response.headers.get("location")
                if not location:
                    return Failure(origin, f"HTTP {response.status_code} redirect without a Location")
                return urljoin(current, location)
            validators = {"etag": response.headers.get("etag"), "last_modified": response.headers.get("last-modified")}
            if response.status_code == 304 and conditions:
                return Fetched(url=current, status=304, content_type="", charset=None, body=b"", **validators)
            if response.status_code >= 300:
                return Failure(origin, f"HTTP {response.status_code}")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.max_bytes:
                return Failure(origin, _too_large(int(declared), self.max_bytes))
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > self.max_bytes:
                    return Failure(origin, f"response too large: over {self.max_bytes / 1e6:.1f} MB limit "
                                           "(--max-bytes)")
                if time.monotonic() > deadline:
                    return Failure(origin, self._timed_out())
        finally:
            response.close()
        media, _, params = response.headers.get("content-type", "").partition(";")
        charset = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", params, re.I)
        if not body.strip():
            return Failure(origin, "empty response")
        return Fetched(url=current, status=response.status_code, content_type=media.strip().lower(),
                       charset=charset.group(1) if charset else None, body=bytes(body), **validators)

    def _timed_out(self) -> str:
        return f"timed out after {self.timeout:g} s"


def _shut(streams: list) -> None:
    """Shut the connections of a request that ran out of time, which wakes a read waiting on them."""
    for stream in streams:
        sock = stream.get_extra_info("socket") if stream is not None else None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


def _too_large(size: int, max_bytes: int) -> str:
    return f"response too large: {size / 1e6:.1f} MB > {max_bytes / 1e6:.1f} MB limit (--max-bytes)"


def _short(err: Exception) -> str:
    text = str(err) or type(err).__name__
    return text.split("\n", 1)[0][:200]


_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")
_FEED_MARKS = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.I)


def page_kind(content_type: str, body: bytes) -> str:
    """'feed', 'html', 'text' or '' (unsupported), from the content type and a look at the first bytes."""
    head = body[:2048]
    if content_type in _FEED_TYPES or _FEED_MARKS.search(head):
        return "feed"
    if content_type in ("text/html", "application/xhtml+xml") or re.search(rb"<(html|body|!doctype html)",
                                                                         head, re.I):
        return "html"
    if content_type == "text/plain":
        return "text"
    return ""
