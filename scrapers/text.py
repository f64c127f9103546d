"""Text from fetched documents (HTML/XHTML, XML, PDF, plain text, JSON) and quote matching.

How a quote is matched: `quote_found(quote, text)` is True when the normalised quote is an exact
substring of the normalised text. Normalisation (`normalise`) applies to both sides and tolerates
only differences of typography, never of wording:

- Unicode NFKC (ligatures such as "ﬁ" become "fi", full-width forms become ASCII, "…" becomes "...");
- every run of whitespace (spaces, tabs, line breaks, no-break and thin spaces, ideographic
  space) becomes one space; leading and trailing whitespace is dropped;
- soft hyphens (U+00AD) and zero-width characters (U+200B-U+200D, U+2060, U+FEFF) are removed;
- curly, low-9 and prime single quotes become ', and the double ones become ";
- hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar and minus sign become -;
- a word broken at a line end ("inter-" then "national" on the next line, as in PDFs) matches
  both "international" and "inter-national": the text is searched in both readings.

Not tolerated: case ("Ketamine" is not "ketamine"; the report says when only case differs),
guillemets and other quote styles, missing or extra punctuation, different spacing around
punctuation ("Ketamine ." is not "Ketamine."), and anything else that changes the characters.
"""

import email.message
import io
import re
import unicodedata
import warnings
import zlib
from dataclasses import dataclass
from typing import Optional

import bs4
from bs4 import BeautifulSoup
from lxml import etree
from pypdf import PdfReader
from pypdf.errors import PdfReadWarning, PyPdfError

MAX_PDF_PAGES = 2000

_DROP = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_SINGLE_QUOTES = dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032\u2035"), "'")
_DOUBLE_QUOTES = dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f\u2033\u2036"), '"')
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-")
_TRANSLATE = {**_DROP, **_SINGLE_QUOTES, **_DOUBLE_QUOTES, **_DASHES}
_WHITESPACE = re.compile(r"\s+")
_LINE_END_HYPHEN = re.compile(r"(?<=\w)-[^\S\n]*\n\s*(?=\w)")

HTML_BLOCK_TAGS = [
    "address", "article", "aside", "blockquote", "caption", "dd", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "option", "p", "pre", "section", "table", "tbody", "td", "tfoot",
    "th", "thead", "title", "tr", "ul",
]
HTML_DROPPED_TAGS = ["script", "style", "noscript", "template"]


@dataclass(frozen=True)
class Extracted:
    """Text taken from a document; `error` says why there is none."""

    text: str
    kind: str
    error: Optional[str] = None
    warning: Optional[str] = None


def normalise(text: str) -> str:
    """The text as quotes are compared: NFKC, quotes and dashes unified, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE)
    return _WHITESPACE.sub(" ", text).strip()


class Searchable:
    """A document's text prepared once for many quote look-ups."""

    def __init__(self, text: str):
        text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE)
        readings = {
            text,
            _LINE_END_HYPHEN.sub("", text),   # "inter-\nnational" read as "international"
            _LINE_END_HYPHEN.sub("-", text),  # ... and as "inter-national"
        }
        self.readings = [normalise(reading) for reading in readings]
        self._folded = None

    def contains(self, quote: str) -> bool:
        needle = normalise(quote)
        return bool(needle) and any(needle in reading for reading in self.readings)

    def contains_ignoring_case(self, quote: str) -> bool:
        if self._folded is None:
            self._folded = [reading.casefold() for reading in self.readings]
        needle = normalise(quote).casefold()
        return bool(needle) and any(needle in reading for reading in self._folded)


def quote_found(quote: str, text: str) -> bool:
    """Whether quote is in text, exactly after normalisation (see the module docstring)."""
    return Searchable(text).contains(quote)


def media_type(content_type: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    """(mime type, charset) from a Content-Type header value."""
    if content_type is None or not content_type.strip():
        return None, None
    message = email.message.Message()
    message["Content-Type"] = content_type
    charset = message.get_param("charset")
    return message.get_content_type(), charset if isinstance(charset, str) else None


def sniff_kind(body: bytes, mime: Optional[str]) -> str:
    """html, xml, pdf or text, from the declared type and, failing that, the first bytes."""
    head = body[:1024].lstrip().lower()
    if mime == "application/pdf" or b"%pdf-" in body[:1024].lower():
        return "pdf"
    if mime in ("text/html", "application/xhtml+xml"):
        return "html"
    if mime is not None and (mime in ("application/xml", "text/xml") or mime.endswith("+xml")):
        return "html" if re.search(rb"<html[\s>]", head) else "xml"
    if mime is not None and (mime.startswith("text/") or mime.endswith("json")):
        return "text"
    if head.startswith(b"<?xml"):
        return "html" if re.search(rb"<html[\s>]", head) else "xml"
    if head.startswith(b"<!doctype html") or b"<html" in head:
        return "html"
    return "text"


def extract_text(body: bytes, content_type: Optional[str] = None) -> Extracted:
    """The readable text of a document; malformed input gives an `error`, never an exception."""
    mime, charset = media_type(content_type)
    kind = sniff_kind(body, mime)
    if kind == "pdf":
        return pdf_text(body)
    if kind == "html":
        return Extracted(html_text(body, charset), "html")
    if kind == "xml":
        return xml_text(body)
    return Extracted(decode(body, charset), "text")


def decode(body: bytes, charset: Optional[str]) -> str:
    """Bytes to str: the declared charset, else a BOM or UTF-8, else the best guess."""
    if charset is not None:
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if body.startswith(bom):
            return body.decode(encoding, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return bs4.UnicodeDammit(body).unicode_markup or body.decode("latin-1")


def html_text(body: bytes, charset: Optional[str]) -> str:
    """Visible text of an HTML or XHTML page, with line breaks at block boundaries."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", bs4.UnusualUsageWarning)
        soup = BeautifulSoup(body, "lxml", from_encoding=charset)
    for tag in soup.find_all(HTML_DROPPED_TAGS):
        tag.decompose()
    for tag in soup.find_all("br"):
        tag.replace_with("\n")
    for tag in soup.find_all(HTML_BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    return soup.get_text()


def _xml_parser() -> etree.XMLParser:
    # No entities, no DTD, no network: fetched XML is untrusted input.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           remove_comments=True, remove_pis=True, huge_tree=False)


def parse_xml(body: bytes) -> etree._Element:
    """Parse untrusted XML safely; raises etree.XMLSyntaxError when malformed."""
    root = etree.fromstring(body, parser=_xml_parser())
    if root is None:
        raise etree.XMLSyntaxError("empty document", None, 0, 0)
    return root


def element_text(element: etree._Element) -> str:
    """An element's text; a line break follows each child element not followed by text."""
    parts: list[str] = []
    for event, node in etree.iterwalk(element, events=("start", "end")):
        if event == "start":
            parts.append(node.text or "")
        else:
            tail = node.tail or ""
            if node is not element:
                if not tail or tail[0].isspace():
                    parts.append("\n")
                parts.append(tail)
    return "".join(parts)


def xml_text(body: bytes) -> Extracted:
    try:
        root = parse_xml(body)
    except etree.XMLSyntaxError as exc:
        return Extracted("", "xml", error=f"malformed XML: {exc}")
    return Extracted(element_text(root), "xml")


def pdf_text(body: bytes) -> Extracted:
    """Text of each page, pages separated by line breaks."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PdfReadWarning)
            reader = PdfReader(io.BytesIO(body), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                return Extracted("", "pdf", error="PDF is encrypted")
            pages = [page.extract_text() or "" for page in reader.pages[:MAX_PDF_PAGES]]
    # pypdf raises more than its own errors on malformed files; each is a property of the file.
    except (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError, AssertionError,
            NotImplementedError, RecursionError, OverflowError, ZeroDivisionError, zlib.error) as exc:
        return Extracted("", "pdf", error=f"malformed PDF: {type(exc).__name__}: {exc}")
    text = "\n".join(pages)
    warning = None if text.strip() else "PDF has no text layer (scanned?); quotes cannot be checked"
    return Extracted(text, "pdf", warning=warning)
