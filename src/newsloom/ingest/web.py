"""Fetch a URL safely: http(s) only, no private addresses, redirects re-checked, size and time capped."""

from __future__ import annotations

import contextlib
import ipaddress
import itertools
import re
import socket
import threading
import time
from collections import Counter, deque
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from newsloom.model import Failure
from newsloom.settings import DEFAULTS, FetchSettings

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


class Cancel:
    """Fetches to give up (the reader of `Fetcher.fetch_many` stopped): once set, the connections of the
    fetches given it are shut, which ends them at once, and those not connected yet fail without connecting."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._set = False
        self._open: dict[int, list] = {}  # each fetch's connections (see `Fetcher._request`), by id

    def is_set(self) -> bool:
        return self._set

    def set(self) -> None:
        with self._lock:
            self._set = True
            streams = [s for opened in self._open.values() for s in opened]
        _shut(streams)

    def opened(self, streams: list) -> None:
        with self._lock:
            self._open[id(streams)] = streams

    def closed(self, streams: list) -> None:
        with self._lock:
            self._open.pop(id(streams), None)


class Fetcher:
    """Fetches URLs under an AddressPolicy, a size cap and an overall time limit each; one at a time (`fetch`),
    or several at once given back in order (`fetch_many`). Safe to use from several threads."""

    def __init__(self, policy: AddressPolicy, *, max_bytes: int = 20_000_000, timeout: float = 20.0,
                 settings: FetchSettings = DEFAULTS.fetch):
        """`settings`: how many pages `fetch_many` asks for at once, overall and per host."""
        self.policy = policy
        self.max_bytes = max_bytes
        self.timeout = timeout
        self.settings = settings
        self._client: httpx.Client | None = None
        self._client_lock = threading.Lock()  # one client, however many threads use it first at once
        # name lookups run here, to be given up at the deadline (getaddrinfo has no timeout of its own); one
        # thread per fetch that may run at once, so that one slow lookup holds up no other fetch
        self._resolver = ThreadPoolExecutor(max_workers=settings.at_once, thread_name_prefix="newsloom-dns")

    def close(self) -> None:
        with self._client_lock:
            client, self._client = self._client, None
        if client is not None:
            client.close()
        self._resolver.shutdown(wait=False, cancel_futures=True)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def client(self) -> httpx.Client:
        client = self._client
        if client is None:
            with self._client_lock:
                if self._client is None:
                    # trust_env=False: a proxy from the environment would bypass the address checks
                    # no connection kept alive: each request's own connection is the one its watchdog may shut
                    self._client = httpx.Client(trust_env=False, follow_redirects=False,
                                                headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT},
                                                limits=httpx.Limits(max_keepalive_connections=0))
                client = self._client
        return client

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
              cancel: Cancel | None = None) -> Fetched | Failure:
        """GET `url`, following at most 5 redirects by hand and checking every address before connecting.
        With `etag` or `last_modified` (a conditional GET), a "304 Not Modified" answer is a Fetched with
        status 304 and no body. A set `cancel` ends it at once, a Failure."""
        deadline = time.monotonic() + self.timeout
        current = url.strip()
        conditions = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", last_modified)) if v}
        for _hop in range(MAX_REDIRECTS + 1):
            result = self._get(current, url, deadline, conditions, cancel)
            if cancel is not None and cancel.is_set():  # a page cut short by it is no page
                return Failure(url, _STOPPED)
            if not isinstance(result, str):
                return result
            current = result  # a redirect target
        return Failure(url, f"too many redirects (more than {MAX_REDIRECTS})")

    def fetch_many(self, urls: Iterable[str | None]) -> Generator[Fetched | Failure | None, None, None]:
        """What `fetch` gives for each URL (None for None), in the order of `urls`, fetched several at once:
        at most `settings.at_once` at the same time and `settings.per_host` from one host, and never more than
        `window` URLs ahead of the one given back (a feed of 5,000 entries is not held in memory); no fetch but
        the next one to give back starts while the pages fetched ahead hold more than `settings.ahead_mb`. The
        fetches go on while the caller works on what it was given. Closing the generator, or an exception where it
        waits (Ctrl-C), cancels the fetches not started and ends those under way."""
        pages = _Window(self, iter(urls))
        try:
            yield from pages
        finally:
            pages.close()

    @property
    def window(self) -> int:
        """How many URLs `fetch_many` fetches ahead at most: four times `at_once`, about a batch of articles
        (while the pipeline writes one, the next is fetched)."""
        return 4 * self.settings.at_once

    @property
    def ahead_bytes(self) -> int:
        """How many bytes of pages fetched ahead stop new fetches (`settings.ahead_mb`): with the ones under
        way, at most this plus `at_once` times `max_bytes` are held."""
        return self.settings.ahead_mb * 1_000_000

    def _get(self, current: str, origin: str, deadline: float, conditions: dict[str, str] | None = None,
             cancel: Cancel | None = None) -> Fetched | Failure | str:
        """One request: the response, a Failure, or the URL a redirect points to."""
        if cancel is not None and cancel.is_set():
            return Failure(origin, _STOPPED)
        problem = url_problem(current)
        if problem:
            return Failure(origin, problem if current == origin else f"redirect to {current[:200]}: {problem}")
        parts = urlsplit(current)
        host, port = parts.hostname or "", parts.port or (443 if parts.scheme.lower() == "https" else 80)
        ip = self._resolve(host, port, deadline)
        if not isinstance(ip, ipaddress.IPv4Address | ipaddress.IPv6Address):
            return Failure(origin, ip)
        try:
            return self._request(current, parts, host, ip, deadline, origin, conditions or {}, cancel)
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
            try:
                lookup = self._resolver.submit(socket.getaddrinfo, host, port, 0, socket.SOCK_STREAM)
            except RuntimeError:  # no new thread (the interpreter is shutting down): looked up here, untimed
                lookup = Future()
                try:
                    lookup.set_result(socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM))
                except (OSError, UnicodeError) as err:
                    lookup.set_exception(err)
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
                 conditions: dict[str, str], cancel: Cancel | None = None) -> Fetched | Failure | str:
        # Connect to the checked address itself, so a second DNS answer cannot point elsewhere
        pinned = httpx.URL(current).copy_with(host=str(ip))
        headers = {"Host": parts.netloc.rpartition("@")[2], **conditions}
        extensions = {"sni_hostname": host} if parts.scheme.lower() == "https" else {}
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return Failure(origin, self._timed_out())
        # httpx's timeout bounds each read, so headers trickled one line at a time would never end: at the
        # deadline a watchdog shuts the connection, which the trace hands over once it is made (as does a
        # `cancel` set meanwhile)
        streams: list = []

        def trace(event: str, info: dict) -> None:
            if event in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
                streams.append(info.get("return_value"))
                if cancel is not None and cancel.is_set():  # set before this connection was known to it
                    _shut(streams)

        extensions["trace"] = trace
        watchdog = threading.Timer(remaining, _shut, [streams])
        watchdog.daemon = True
        request = self.client.build_request("GET", pinned, headers=headers, extensions=extensions,
                                            timeout=httpx.Timeout(remaining))
        if cancel is not None:
            cancel.opened(streams)
        watchdog.start()
        try:
            return self._response(request, current, origin, deadline, conditions)
        except httpx.TransportError:
            if cancel is not None and cancel.is_set():
                return Failure(origin, _STOPPED)
            if time.monotonic() >= deadline:
                return Failure(origin, self._timed_out())
            raise
        finally:
            watchdog.cancel()
            if cancel is not None:
                cancel.closed(streams)

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


_STOPPED = "stopped before it was read"


class _Ahead:
    """A URL `Fetcher.fetch_many` will give back, and its fetch once started."""

    __slots__ = ("future", "host", "url")

    def __init__(self, url: str | None) -> None:
        self.url = url
        self.host = (urlsplit(url.strip()).hostname or "") if url is not None and not url_problem(url) else ""
        self.future: Future[Fetched | Failure] | None = None

    def held(self) -> int:
        """The bytes of its page once fetched (0 before, and for a failure)."""
        future = self.future
        if future is None or not future.done() or future.cancelled() or future.exception() is not None:
            return 0
        got = future.result()
        return len(got.body) if isinstance(got, Fetched) else 0

    def result(self) -> Fetched | Failure | None:
        if self.url is None or self.future is None:
            return None
        try:
            return self.future.result()
        except Exception as err:  # noqa: BLE001 - one page's bug is that page's failure, the others go on
            return Failure(self.url, f"internal error while fetching: {type(err).__name__}: {err}")


class _Window:
    """The URLs `Fetcher.fetch_many` is fetching, in order. Whenever a fetch ends, the next ones start (in
    the thread that ran it), so fetching goes on while the caller is busy; only the caller takes URLs. If no
    thread can be started (the interpreter is shutting down), the caller fetches the rest itself, in turn."""

    def __init__(self, fetcher: Fetcher, todo: Iterator[str | None]) -> None:
        self.fetcher, self.todo = fetcher, todo
        self.ahead: deque[_Ahead] = deque()  # taken from `todo`, not given back yet
        self.changed = threading.Condition(threading.RLock())  # re-entered by a callback run at once
        self.cancel = Cancel()
        self.pool = ThreadPoolExecutor(max_workers=fetcher.settings.at_once, thread_name_prefix="newsloom-fetch")
        self.in_turn = False  # the pool refused a fetch: the caller fetches each page itself

    def __iter__(self) -> _Window:
        return self

    def __next__(self) -> Fetched | Failure | None:
        """The next URL's result, once fetched."""
        with self.changed:
            for url in itertools.islice(self.todo, self.fetcher.window - len(self.ahead)):
                self.ahead.append(_Ahead(url))
            if not self.ahead:
                raise StopIteration
            head = self.ahead[0]
            self._start()  # those the pages just read had held back
            while head.url is not None and (head.future is None or not head.future.done()):
                if head.future is None and (self.in_turn or self.cancel.is_set()):
                    break
                # a fetch ended (and the next started): perhaps this one; woken every 0.5 s as well, so that a
                # wake-up lost (a callback that failed before it) holds up nothing for long
                self.changed.wait(0.5)
                self._start()
            self.ahead.popleft()
        if head.url is not None and head.future is None:  # no thread to fetch it
            return Failure(head.url, _STOPPED) if self.cancel.is_set() else self.fetcher.fetch(head.url,
                                                                                                cancel=self.cancel)
        return head.result()

    def _start(self) -> None:
        """Start the fetches not started, first ones first, as far as the limits allow."""
        if self.cancel.is_set() or self.in_turn:
            return
        limits = self.fetcher.settings
        busy = Counter(a.host for a in self.ahead if a.future is not None and not a.future.done())
        free, started = limits.at_once - busy.total(), []
        # pages fetched and not read yet: over the budget, only the next one to give back may start
        held = sum(a.held() for a in self.ahead)
        for n, a in enumerate(self.ahead):
            if free <= 0 or (n and held > self.fetcher.ahead_bytes):
                break
            if a.url is not None and a.future is None and busy[a.host] < limits.per_host:
                try:
                    a.future = self.pool.submit(self.fetcher.fetch, a.url, cancel=self.cancel)
                except RuntimeError:  # no new thread (the interpreter is shutting down): the caller fetches
                    self.in_turn = True
                    break
                started.append(a.future)
                busy[a.host] += 1
                free -= 1
        for future in started:  # after the counting: a callback run at once (a fetch ended already) counts anew
            future.add_done_callback(self._ended)

    def _ended(self, _future: Future) -> None:
        with self.changed:
            try:
                self._start()
            finally:  # the caller waits for this, whatever became of the next fetches
                self.changed.notify_all()

    def close(self) -> None:
        with self.changed:
            self.cancel.set()  # no fetch starts from now on, those under way end at once
        self.pool.shutdown(wait=False, cancel_futures=True)


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
