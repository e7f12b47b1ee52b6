"""UN Digital Library search results as MARCXML (``search?p=…&of=xm``).

Fields used: 001 record id, 191 $a document symbol, 245 $a/$b title, 269 $a date,
710 $a corporate body, 991 $d agenda subject, 520 $a abstract, 856 $u/$y language files.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from monitor.errors import ParseError
from monitor.ingest.adapters.common import day, item
from monitor.ingest.records import each
from monitor.ingest.safexml import parse_root
from monitor.relevance import symbols
from monitor.relevance.language import UN_LANGUAGES
from monitor.types import DocumentInfo, ParsedItem

MARC = "{http://www.loc.gov/MARC21/slim}"
RECORD_URL = "https://digitallibrary.un.org/record/{id}"
LANGUAGE_NAMES = {
    "english": "en", "français": "fr", "french": "fr", "español": "es", "spanish": "es",
    "русский": "ru", "russian": "ru", "中文": "zh", "chinese": "zh", "العربية": "ar",
    "arabic": "ar",
}  # fmt: skip
FILE_SUFFIX = {"-EN.": "en", "-FR.": "fr", "-ES.": "es", "-RU.": "ru", "-ZH.": "zh", "-AR.": "ar"}


def parse(content: bytes, _content_type: str | None = None, _url: str = "") -> list[ParsedItem]:
    root = parse_root(content, "MARCXML", (f"{MARC}collection", f"{MARC}record"), ParseError)
    records = [root] if root.tag == f"{MARC}record" else root.findall(f"{MARC}record")
    return each(records, _record, "MARC record")


def _record(record: Element) -> ParsedItem | None:
    record_id = _control(record, "001")
    symbol_text = _sub(record, "191", "a")
    if not record_id:
        return None
    symbol = symbols.normalise(symbol_text) if symbol_text else None
    title = " ".join(filter(None, (_sub(record, "245", "a"), _sub(record, "245", "b"))))
    title = title.rstrip(" /:;")
    links = tuple(sorted(_links(record), key=lambda pair: UN_LANGUAGES.index(pair[0])))
    document = DocumentInfo(
        symbol=symbol, body=_sub(record, "710", "a"), agenda=_sub(record, "991", "d"), links=links
    ) if symbol else None  # fmt: skip
    return item(
        identity=f"undl:{record_id}",
        title=f"{symbol}: {title}" if symbol else title,
        url=RECORD_URL.format(id=record_id),
        summary_html=_sub(record, "520", "a") or "",
        published=day(_sub(record, "269", "a")),
        language="en",
        document=document,
    )


def _control(record: Element, tag: str) -> str | None:
    for field in record.findall(f"{MARC}controlfield"):
        if field.get("tag") == tag:
            return (field.text or "").strip() or None
    return None


def _sub(record: Element, tag: str, code: str) -> str | None:
    for field in record.findall(f"{MARC}datafield"):
        if field.get("tag") == tag:
            for subfield in field.findall(f"{MARC}subfield"):
                if subfield.get("code") == code and (subfield.text or "").strip():
                    return (subfield.text or "").strip()
    return None


def _links(record: Element) -> list[tuple[str, str]]:
    links = []
    for field in record.findall(f"{MARC}datafield"):
        if field.get("tag") != "856":
            continue
        codes = {s.get("code"): (s.text or "").strip() for s in field.findall(f"{MARC}subfield")}
        url, label = codes.get("u", ""), codes.get("y", "").casefold()
        language = LANGUAGE_NAMES.get(label) or next(
            (lang for suffix, lang in FILE_SUFFIX.items() if suffix in url), None
        )
        if url.startswith("https://") and language:
            links.append((language, url))
    return links
