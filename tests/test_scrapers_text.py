from pathlib import Path

import pytest

from scrapers.text import Searchable, extract_text, media_type, normalise, quote_found, sniff_kind

FIXTURES = Path(__file__).parent / "fixtures" / "scrapers"


@pytest.mark.parametrize("raw, expected", [
    ("  Class\u00a0B \t drugs\n\n", "Class B drugs"),                  # NBSP, tabs, line breaks
    ("Keta\u00admine", "Ketamine"),                                      # soft hyphen
    ("zero\u200bwidth\ufeff", "zerowidth"),                              # zero-width characters
    ("\u201cKetamine\u201d and \u2018this\u2019", "\"Ketamine\" and 'this'"),  # curly quotes
    ("1971\u20132014 \u2014 a\u2212b", "1971-2014 - a-b"),               # en dash, em dash, minus
    ("\ufb01rst \uff21\uff22", "first AB"),                              # NFKC: ligature, full width
    ("Ketamine\u2026", "Ketamine..."),                                   # ellipsis
])
def test_normalise(raw, expected):
    assert normalise(raw) == expected


@pytest.mark.parametrize("quote, text, found", [
    ("Ketamine.", "<li>Glutethimide.</li> Ketamine. Lefetamine.", True),
    ("not under international control", "is not under\ninternational   control", True),
    ("insert \u201cKetamine\u201d", 'insert "Ketamine"', True),
    ('insert "Ketamine"', "insert\u00a0\u201cKetamine\u201d", True),
    ("Schedule 2\u2014Part II", "Schedule 2-Part II", True),
    ("Schedule 2\u2014Part II", "Schedule 2 - Part II", False),                         # spacing is not tolerated
    ("not under international control", "not under inter-\nnational control", True),   # PDF line break
    ("2-(2-chlorophenyl)", "2-(2-\nchlorophenyl)", True),                              # real hyphen kept
    ("Ketamine.", "ketamine.", False),                                                 # case is not tolerated
    ("Ketamine.", "Ketamine .", False),                                                # spacing before punctuation
    ("Class B", "Class C", False),
    ("", "anything", False),                                                           # an empty quote proves nothing
])
def test_quote_found(quote, text, found):
    assert quote_found(quote, text) is found


def test_a_quote_differing_only_in_case_is_flagged_as_a_near_match():
    text = Searchable("KETAMINE is listed")
    assert (text.contains("Ketamine is listed"), text.contains_ignoring_case("Ketamine is listed")) == (False, True)


@pytest.mark.parametrize("content_type, expected", [
    ("text/html; charset=windows-1252", ("text/html", "windows-1252")),
    ('application/json; charset="UTF-8"', ("application/json", "UTF-8")),
    ("application/pdf", ("application/pdf", None)),
    (None, (None, None)),
])
def test_media_type(content_type, expected):
    assert media_type(content_type) == expected


@pytest.mark.parametrize("body, mime, kind", [
    (b"%PDF-1.4 ...", None, "pdf"),
    (b"%PDF-1.4 ...", "text/html", "pdf"),
    (b"<html><body>x</body></html>", "text/html", "html"),
    (b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"></html>', "application/xml", "html"),
    (b'<?xml version="1.0"?><DIV8/>', "application/xml", "xml"),
    (b'<?xml version="1.0"?><DIV8/>', None, "xml"),
    (b'{"a": 1}', "application/json", "text"),
    (b"<!DOCTYPE html><p>x", "application/octet-stream", "html"),
])
def test_sniff_kind(body, mime, kind):
    assert sniff_kind(body, mime) == kind


def test_windows_1252_html_with_a_charset_header():
    body = (FIXTURES / "recorded" / "act-schedule-2.html").read_bytes()
    extracted = extract_text(body, "text/html; charset=windows-1252")
    text = normalise(extracted.text)
    assert (extracted.kind, extracted.error) == ("html", None)
    assert "Part II - Class B drugs" in text
    assert "caf\u00e9 na\u00efve" in text
    assert "Glutethimide. Ketamine." in text       # list items do not run together
    assert "Test quote" not in text                # scripts and styles are not text
    assert "margin" not in text


def test_windows_1252_html_with_only_a_meta_charset():
    body = (FIXTURES / "recorded" / "act-schedule-2.html").read_bytes()
    assert "caf\u00e9 na\u00efve" in extract_text(body, "text/html").text


def test_inline_html_elements_do_not_split_words():
    body = b"<p>(7) <b>Keta</b>mine, its <i>salts</i>.</p><p>Next</p>"
    assert normalise(extract_text(body, "text/html").text) == "(7) Ketamine, its salts. Next"


def test_xhtml_served_as_application_xhtml_xml():
    body = (FIXTURES / "recorded" / "order-2014-made.xht").read_bytes()
    extracted = extract_text(body, "application/xhtml+xml")
    assert extracted.kind == "html"
    assert quote_found('insert "Ketamine"', extracted.text)


def test_xml_cells_are_separated_but_inline_markup_is_not():
    body = b"<DIV8><P>(7) <E T=\"03\">Ketamine</E>, its salts</P><TR><TD>(7) Ketamine</TD><TD>7285</TD></TR></DIV8>"
    extracted = extract_text(body, "application/xml")
    assert (extracted.kind, normalise(extracted.text)) == ("xml", "(7) Ketamine, its salts (7) Ketamine 7285")


def test_malformed_xml_is_an_error_value():
    extracted = extract_text(b"<Legislation><Part>Ketamine</Legislation>", "application/xml")
    assert (extracted.kind, extracted.text) == ("xml", "")
    assert extracted.error.startswith("malformed XML: Opening and ending tag mismatch")


def test_xml_entities_are_never_resolved():
    body = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>a&e;b</x>'
    extracted = extract_text(body, "application/xml")
    assert "root:" not in extracted.text


def test_pdf_text_and_line_end_hyphenation():
    body = (FIXTURES / "recorded" / "report.pdf").read_bytes()
    extracted = extract_text(body, "application/pdf")
    assert (extracted.kind, extracted.error, extracted.warning) == ("pdf", None, None)
    assert extracted.text.splitlines()[1] == "Ketamine is not under inter-"
    assert quote_found("not under international control", extracted.text)


@pytest.mark.parametrize("body", [
    (FIXTURES / "changed" / "malformed.pdf").read_bytes(),
    b"%PDF-1.4\nthis is not a PDF at all",
])
def test_malformed_pdf_is_an_error_value(body):
    extracted = extract_text(body, "application/pdf")
    assert (extracted.kind, extracted.text) == ("pdf", "")
    assert extracted.error.startswith("malformed PDF: ")


def test_json_is_searched_as_written():
    body = b'{\n  "dea_schedule": "CIII"\n}'
    assert quote_found('"dea_schedule": "CIII"', extract_text(body, "application/json").text)


@pytest.mark.parametrize("body, content_type", [
    ("Caf\u00e9".encode("utf-8"), "text/plain"),
    ("Caf\u00e9".encode("windows-1252"), "text/plain"),
    ("Caf\u00e9".encode("windows-1252"), "text/plain; charset=windows-1252"),
    ("Caf\u00e9".encode("utf-8"), "text/plain; charset=no-such-charset"),
])
def test_plain_text_decoding(body, content_type):
    assert extract_text(body, content_type).text == "Caf\u00e9"
