"""Parse untrusted XML safely (defusedxml: no DTD, no entities), with a clear error."""

from __future__ import annotations

from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from monitor.errors import MonitorError


def parse_root(
    content: bytes, what: str, roots: tuple[str, ...], error: type[MonitorError]
) -> Element:
    """The root element, which must be one of ``roots``; anything else raises ``error``."""
    try:
        root = fromstring(content, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise error(f"{what} refused: DTD or entities ({type(exc).__name__})") from None
    except Exception as exc:  # noqa: BLE001 - any XML syntax error
        raise error(f"not {what}: {exc}") from None
    if root.tag not in roots:
        raise error(f"not {what}: root element {root.tag!r}")
    return root
