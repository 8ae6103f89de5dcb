"""Safe XML reading shared by every XML list format (UN, Canada SEMA, EU FSF).

List files come from the internet, so they are parsed with ``defusedxml``:
a document that carries a DTD, declares entities or points at an external
resource is refused outright, never expanded ("billion laughs", XXE).  Every
failure becomes one ``SourceError`` that names the file and, where the parser
knows it, the line.  Parsed documents remember the line each element starts
on, so format parsers can say where a bad record is.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from zaslon.exc import SourceError

REFUSED = "XML with a DTD/entities is refused for safety"


class _LineTreeBuilder(ET.TreeBuilder):
    """A tree builder that notes the line each element starts on."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[ET.Element, int] = {}
        self.expat: Any = None

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        elem = super().start(tag, attrs)
        self.lines[elem] = self.expat.CurrentLineNumber
        return elem


@dataclass(slots=True)
class XmlDocument:
    """A parsed XML file: its root, its name, and where each element starts."""

    root: ET.Element
    file: str
    lines: dict[ET.Element, int] = field(default_factory=dict)

    def line(self, elem: ET.Element) -> int | None:
        return self.lines.get(elem)

    def error(self, message: str, elem: ET.Element | None = None, record: str | None = None) -> SourceError:
        """A ``SourceError`` about ``elem`` in this file."""
        return SourceError(
            message, file=self.file, line=self.line(elem) if elem is not None else None, record=record
        )


def parse_xml(data: bytes, file: str) -> XmlDocument:
    """Parse ``data`` safely; raise ``SourceError`` naming ``file`` and line on any problem."""
    if not data.strip():
        raise SourceError("the file is empty", file=file)
    builder = _LineTreeBuilder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    expat = parser.parser  # the underlying pyexpat parser: knows the current line
    builder.expat = expat
    try:
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException:
        raise SourceError(REFUSED, file=file, line=expat.CurrentLineNumber) from None
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        message = str(exc).split(": line ")[0]
        raise SourceError(f"not well-formed XML ({message})", file=file, line=line) from None
    except LookupError as exc:  # an encoding declaration Python does not know
        raise SourceError(
            f"the XML declares an encoding that cannot be read ({exc})", file=file, line=1
        ) from None
    except UnicodeError as exc:
        raise SourceError(f"the XML cannot be decoded ({exc})", file=file) from None
    return XmlDocument(root=root, file=file, lines=builder.lines)


def local(tag: str) -> str:
    """An element's name without its namespace: ``{ns}export`` -> ``export``."""
    return tag.rsplit("}", 1)[-1]


def clean(value: str | None) -> str:
    """Text with runs of whitespace (newlines, NBSP) collapsed, or ``""``."""
    return " ".join(value.split()) if value else ""


def child_text(elem: ET.Element, name: str) -> str:
    """The cleaned text of the first child called ``name`` (namespace ignored)."""
    for child in elem:
        if local(child.tag) == name:
            return clean(child.text)
    return ""


def children(elem: ET.Element, name: str) -> list[ET.Element]:
    """The children called ``name`` (namespace ignored)."""
    return [child for child in elem if local(child.tag) == name]


_PROLOG = re.compile(
    rb"^(?:\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>)*<([A-Za-z_][\w.:-]*)", re.DOTALL
)


def root_name(head: bytes) -> str | None:
    """The root element's local name from the first bytes of a file, if it looks like XML."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            head = head.decode("utf-16", errors="ignore").encode("utf-8")
        except UnicodeError:
            return None
    head = head.removeprefix(b"\xef\xbb\xbf")
    m = _PROLOG.match(head)
    return local(m[1].decode("ascii", "replace")).split(":")[-1] if m else None
