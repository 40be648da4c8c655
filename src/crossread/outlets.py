"""Who each source is: one display name per outlet, its class and country, and how that was found.

Resolved when a document is shown, not at ingest, so an edit to the registry
(the shipped ``data/outlets.csv`` plus the user's own CSV of the same columns,
setting ``outlets``) takes effect on the next page view without re-ingesting.
The signals, strongest first: the input's outlet field (a JSONL/CSV column, a
feed's title, the HTML page's site name) looked up among the registry's names
and codes; the URL's domain through the public-suffix list bundled with
tldextract (never fetched); the page's own chrome that cleaning removed (a
footer line that is exactly a registry name, a .gov banner); a wire credit at
the top of the text ("WASHINGTON (AP) —"). Nothing found is said plainly:
"outlet unknown", never a headline or a file name.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

from crossread.errors import ConfigError
from crossread.model import Document, RemovedLine

SourceClass = Literal["government", "primary", "wire", "outlet", "blog", "unknown"]
SOURCE_CLASSES: tuple[str, ...] = ("government", "primary", "wire", "outlet", "blog", "unknown")
CLASS_LABEL = {
    "government": "government / official",
    "primary": "primary document",
    "wire": "wire agency",
    "outlet": "news outlet",
    "blog": "blog",
    "unknown": "source class unknown",
}
REGISTRY_COLUMNS = ("name", "class", "country", "domains", "aliases")
UNKNOWN_OUTLET = "outlet unknown"

# AllSides-style qualifiers on an outlet name: "Fox News (Online News)", "New York Times (Opinion)".
NAME_QUALIFIER = re.compile(r"\s*\((?P<q>online news|news|online|opinion)\)\s*$", re.I)
# The US federal banner trafilatura and crossread's debris filter both recognise.
GOV_BANNER = re.compile(r"official website of the (united states|u\.s\.) government|\.gov website belongs to", re.I)
# A wire credit opening the text: "MINSK (Reuters) -", "WASHINGTON (AP) —", "(AFP) –".
WIRE_CREDIT = re.compile(r"^[^\n()]{0,60}\((?P<agency>AP|Reuters|AFP|UPI|dpa|Xinhua|TASS|BelTA|Interfax)\)\s*[-\u2013\u2014]")
# Suffixes whose every domain is a government's (tldextract gives the public suffix).
GOVERNMENT_SUFFIXES = ("gov", "mil", "gov.uk", "gov.by", "gov.au", "gc.ca", "gouv.fr", "gov.in", "gob.mx", "go.jp")
# The first characters of the text where a wire credit stands.
CREDIT_WINDOW = 300
# A removed line naming the publisher is a short line that is a whole registry name ("U.S. Department of
# State"); two- and three-letter codes (AP, RT, UN) are too ambiguous to trust as a whole line.
FOOTER_NAME_MIN_CHARS = 4
FOOTER_NAME_MAX_CHARS = 80
# An outlet field that is a bare domain (trafilatura's hostname fallback): "www.nytimes.com".
BARE_DOMAIN = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+$", re.I)


@dataclass(frozen=True, slots=True)
class OutletEntry:
    """One row of the registry."""

    name: str
    source_class: str
    country: str | None
    domains: tuple[str, ...]
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SourceIdentity:
    """Who a document's source is, as shown on every page, export and API answer.

    ``key`` groups documents of one outlet (case and qualifiers folded);
    ``how`` says in words which signal gave the name and the class.
    """

    name: str | None
    key: str
    source_class: str
    country: str | None
    how: str
    section: str | None = None
    wire: str | None = None

    @property
    def display(self) -> str:
        return self.name or UNKNOWN_OUTLET

    @property
    def class_label(self) -> str:
        return CLASS_LABEL.get(self.source_class, self.source_class)

    def to_dict(self) -> dict[str, str | None]:
        return {
            "name": self.name,
            "class": self.source_class,
            "country": self.country,
            "section": self.section,
            "wire": self.wire,
            "how": self.how,
        }


def name_key(name: str) -> str:
    """Case, punctuation, a leading 'The' and AllSides qualifiers folded: 'FOX' = 'fox', 'The Hill' = 'Hill'."""
    bare = NAME_QUALIFIER.sub("", name).strip().lower()
    bare = re.sub(r"^the\s+", "", bare)
    return re.sub(r"[\W_]+", "", bare)


class OutletRegistry:
    """Names, codes and domains -> registry entries."""

    def __init__(self, entries: Iterable[OutletEntry]) -> None:
        self.entries: list[OutletEntry] = []
        self._by_name: dict[str, OutletEntry] = {}
        self._by_domain: dict[str, OutletEntry] = {}
        for entry in entries:
            self.add(entry)

    def add(self, entry: OutletEntry) -> None:
        """Later rows win: a user's row for a shipped name or domain replaces it."""
        self.entries.append(entry)
        for alias in (entry.name, *entry.aliases):
            if key := name_key(alias):
                self._by_name[key] = entry
        for domain in entry.domains:
            self._by_domain[domain.lower().removeprefix("www.")] = entry

    def by_name(self, name: str) -> OutletEntry | None:
        return self._by_name.get(name_key(name))

    def by_host(self, host: str) -> OutletEntry | None:
        """The entry of the host or of its closest parent domain (``edition.cnn.com`` -> ``cnn.com``)."""
        parts = host.lower().removeprefix("www.").split(".")
        for start in range(len(parts) - 1):
            entry = self._by_domain.get(".".join(parts[start:]))
            if entry is not None:
                return entry
        return None


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (cell or "").split(";") if part.strip())


def read_registry_rows(lines: Iterable[str], where: str) -> list[OutletEntry]:
    """CSV rows (``#`` lines are comments) -> entries; a bad row is an error naming the file and the line."""
    numbered = [(n, line) for n, line in enumerate(lines, start=1) if line.strip() and not line.lstrip().startswith("#")]
    if not numbered:
        return []
    reader = csv.reader(line for _, line in numbered)
    header = [h.strip().lower() for h in next(reader)]
    if tuple(header) != REGISTRY_COLUMNS:
        raise ConfigError(f"{where}: the header must be {','.join(REGISTRY_COLUMNS)}, got {','.join(header)}")
    entries = []
    for (number, _line), row in zip(numbered[1:], reader, strict=False):
        if len(row) != len(REGISTRY_COLUMNS):
            raise ConfigError(f"{where}, line {number}: {len(row)} columns, expected {len(REGISTRY_COLUMNS)}")
        name, source_class, country, domains, aliases = (cell.strip() for cell in row)
        if not name:
            raise ConfigError(f"{where}, line {number}: the name is empty")
        if source_class not in SOURCE_CLASSES:
            raise ConfigError(f"{where}, line {number}: class {source_class!r} is not one of {', '.join(SOURCE_CLASSES)}")
        entries.append(OutletEntry(name, source_class, country.upper() or None, _split(domains), _split(aliases)))
    return entries


def shipped_registry_rows() -> list[OutletEntry]:
    text = resources.files("crossread").joinpath("data/outlets.csv").read_text("utf-8")
    return read_registry_rows(text.splitlines(), "crossread/data/outlets.csv")


@lru_cache(maxsize=8)
def _cached_registry(user_path: str, mtime: float) -> OutletRegistry:
    registry = OutletRegistry(shipped_registry_rows())
    if user_path:
        path = Path(user_path)
        try:
            lines = path.read_text("utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read the outlet registry ({exc})") from exc
        for entry in read_registry_rows(lines, str(path)):
            registry.add(entry)
    return registry


_configured_path: list[str | None] = [None]


def use_registry(user_path: str | None) -> None:
    """Make the user's registry CSV (setting ``outlets``) the one every page, export and CLI table uses."""
    if user_path:
        load_registry(user_path)  # a bad file fails here, at start-up, naming the file
    _configured_path[0] = user_path or None


def default_registry() -> OutletRegistry:
    return load_registry(_configured_path[0])


def load_registry(user_path: str | None = None) -> OutletRegistry:
    """The shipped registry extended by the user's CSV; re-read when that file changes."""
    if not user_path:
        return _cached_registry("", 0.0)
    try:
        mtime = Path(user_path).stat().st_mtime
    except OSError as exc:
        raise ConfigError(f"{user_path}: the outlet registry file cannot be read ({exc})") from exc
    return _cached_registry(user_path, mtime)


@lru_cache(maxsize=1)
def _domain_parser() -> object:
    import tldextract

    # suffix_list_urls=() and no cache: the public-suffix snapshot shipped inside the package, never a fetch.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def url_host(url: str | None) -> tuple[str, str, str] | None:
    """(host, registered domain, public suffix) of a URL, or None when it has no domain."""
    if not url or "://" not in url:
        return None
    parsed = _domain_parser()(url)  # type: ignore[operator]
    registered = parsed.top_domain_under_public_suffix
    if not registered:
        return None
    host = ".".join(part for part in (parsed.subdomain, parsed.domain, parsed.suffix) if part)
    return host.lower().removeprefix("www."), registered.lower(), parsed.suffix.lower()


def footer_outlet(removed: Sequence[RemovedLine], registry: OutletRegistry) -> tuple[OutletEntry, RemovedLine] | None:
    """A removed chrome line that is exactly a registry name: the page names its own publisher."""
    for line in removed:
        text = line.line.strip()
        if FOOTER_NAME_MIN_CHARS <= len(text) <= FOOTER_NAME_MAX_CHARS and (entry := registry.by_name(text)) is not None:
            return entry, line
    return None


def publisher_line(removed: Sequence[RemovedLine]) -> str | None:
    """The removed chrome line that names the page's publisher, as written (for a text input with no outlet)."""
    found = footer_outlet(removed, default_registry())
    return found[1].line.strip() if found is not None else None


def _from_entry(entry: OutletEntry, how: str, section: str | None = None, wire: str | None = None) -> SourceIdentity:
    return SourceIdentity(entry.name, name_key(entry.name), entry.source_class, entry.country, how, section, wire)


def _section(outlet: str) -> str | None:
    match = NAME_QUALIFIER.search(outlet)
    return "opinion" if match and match.group("q").lower() == "opinion" else None


def _wire_credit(text: str, registry: OutletRegistry) -> OutletEntry | None:
    match = WIRE_CREDIT.search(text[:CREDIT_WINDOW])
    return registry.by_name(match.group("agency")) if match else None


def _outlet_field_how(kind: str, outlet: str, removed_lines: Sequence[RemovedLine]) -> str:
    named = next((line for line in removed_lines if line.line.strip() == outlet), None)
    if named is not None:
        return f"the page's own line ({named.reason})"
    if kind == "html":
        return "the page's own site name (HTML metadata)"
    return "the input's outlet field"


def identify(document: Document, registry: OutletRegistry | None = None) -> SourceIdentity:
    """Who published ``document``, with the signal that says so."""
    return identify_source(
        document.id, document.outlet, document.url, document.kind, document.text, document.removed_lines, registry
    )


def identify_source(
    doc_id: str,
    outlet_field: str | None,
    url: str | None,
    kind: str,
    text: str = "",
    removed_lines: Sequence[RemovedLine] = (),
    registry: OutletRegistry | None = None,
) -> SourceIdentity:
    """Who published a document, from its metadata (and its text and removed chrome when at hand)."""
    registry = registry or default_registry()
    if not text and not removed_lines:  # a listing row: the same few fields asked for on every page
        return _from_metadata(doc_id, outlet_field, url, kind, registry)
    return _identify(doc_id, outlet_field, url, kind, text, removed_lines, registry)


@lru_cache(maxsize=65536)
def _from_metadata(doc_id: str, outlet_field: str | None, url: str | None, kind: str, registry: OutletRegistry) -> SourceIdentity:
    return _identify(doc_id, outlet_field, url, kind, "", (), registry)


def _identify(
    doc_id: str,
    outlet_field: str | None,
    url: str | None,
    kind: str,
    text: str,
    removed_lines: Sequence[RemovedLine],
    registry: OutletRegistry,
) -> SourceIdentity:
    wire_entry = _wire_credit(text, registry) if text else None
    wire = wire_entry.name if wire_entry is not None else None
    host = url_host(url)
    outlet = (outlet_field or "").strip()
    banner = any(GOV_BANNER.search(line.line) for line in removed_lines)
    if host is None and BARE_DOMAIN.match(outlet):
        host = url_host(f"https://{outlet}")
    if outlet:
        entry = registry.by_name(outlet) or (registry.by_host(outlet) if BARE_DOMAIN.match(outlet) else None)
        if entry is not None:
            how = f"{_outlet_field_how(kind, outlet, removed_lines)} {outlet!r}, in the outlet registry"
            if banner and entry.source_class == "government":
                how += "; a .gov banner in the page agrees"
            return _from_entry(entry, how, _section(outlet), wire)
    if host is not None:
        entry = registry.by_host(host[0])
        if entry is not None:
            return _from_entry(entry, f"the URL's domain {host[1]}, in the outlet registry", None, wire)
    footer = footer_outlet(removed_lines, registry)
    if footer is not None and not outlet:
        entry, line = footer
        how = f"the page's own line {line.line.strip()!r} ({line.reason}), in the outlet registry"
        return _from_entry(entry, how + ("; a .gov banner in the page agrees" if banner else ""), None, wire)
    government = banner or (host is not None and host[2] in GOVERNMENT_SUFFIXES)
    source_class = "government" if government else "unknown"
    why_class = "; a government banner or domain" if government else ""
    if outlet and not _looks_like_a_host(outlet, host):
        name = NAME_QUALIFIER.sub("", outlet).strip()
        how = f"{_outlet_field_how(kind, outlet, removed_lines)} {outlet!r} (not in the outlet registry){why_class}"
        return SourceIdentity(name, name_key(name), source_class, "US" if banner else None, how, _section(outlet), wire)
    if host is not None:
        how = f"the URL's domain {host[1]} (not in the outlet registry){why_class}"
        return SourceIdentity(host[1], host[1], source_class, "US" if banner else None, how, None, wire)
    if wire_entry is not None:
        how = f"a wire credit at the top of the text ({wire_entry.name}); no outlet named, so the agency's copy as given"
        return _from_entry(wire_entry, how, None, wire)
    how = "nothing in the input names the outlet (no outlet field, URL, site name or publisher line)"
    if banner:
        how = "a US government (.gov) banner in the page; no agency named"
        return SourceIdentity(None, f"doc:{doc_id}", "government", "US", how, None, wire)
    return SourceIdentity(None, f"doc:{doc_id}", "unknown", None, how, None, wire)


def _looks_like_a_host(outlet: str, host: tuple[str, str, str] | None) -> bool:
    """trafilatura gives the hostname as the site name when the page names none: prefer the registered domain then."""
    return bool(BARE_DOMAIN.match(outlet)) and (host is None or outlet.lower().removeprefix("www.") in (host[0], host[1]))
