"""Atom's ``type`` and ``mode`` on titles and summaries are honoured: a title's words are
never dropped (base64, plain text that looks like markup, XHTML), and HTML stays HTML."""

from __future__ import annotations

from monitor.ingest.parser import parse_feed

ENTRY = ('<entry><id>urn:{n}</id><updated>2026-11-20T00:00:00Z</updated>'
         '<link href="https://example.org/{n}"/>{body}</entry>')  # fmt: skip
CASES = {
    '<title type="text">History of the &lt;blink&gt; tag</title>'
    '<summary type="text">a &lt;b&gt; c</summary>': ("History of the <blink> tag", "a <b> c"),
    '<title mode="base64" type="text/html">RXhhbXBsZSA8Yj5BdG9tPC9iPg==</title>': (
        "Example Atom", ""),
    '<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Example <b>Atom</b></div>'
    '</title>': ("Example Atom", ""),
    "<title>Plain &amp; default &lt;tag&gt;</title>": ("Plain & default <tag>", ""),
    '<title type="html">Html &lt;b&gt;bold&lt;/b&gt; &amp;amp; co</title>': ("Html bold & co", ""),
    '<title type="html">&lt;script&gt;alert(1)&lt;/script&gt;Safe</title>': ("Safe", ""),
}  # fmt: skip


def _atom(bodies: list[str]) -> bytes:
    entries = "".join(ENTRY.format(n=n, body=body) for n, body in enumerate(bodies))
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            '<title>T</title><id>urn:f</id><updated>2026-11-20T00:00:00Z</updated>'
            f"{entries}</feed>").encode()  # fmt: skip


def test_atom_text_constructs_keep_their_words() -> None:
    for body, (title, summary) in CASES.items():
        (item,) = parse_feed(_atom([body]))
        assert (item.title, item.summary_text) == (title, summary), body
        assert "<script" not in item.summary_html and "<blink" not in item.summary_html


def test_a_feed_without_typed_text_keeps_the_fast_path() -> None:
    from monitor.ingest import parser

    plain = _atom(["<title>Drone swarms</title><summary>A &lt;b&gt;bold&lt;/b&gt; move</summary>"])
    assert parser._parse_fast(plain) is None  # a summary with escaped markup: feedparser
    fast = _atom(["<title>Drone swarms</title>"])
    assert parser._parse_fast(fast) is not None
