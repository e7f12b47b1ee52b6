"""Hostile feed HTML becomes inert."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from monitor.ingest.sanitize import clean_html, html_and_text, shorten, to_text

HOSTILE = (
    '<p>Report <script>alert(1)</script><img src=x onerror="alert(2)">'
    '<a href="javascript:alert(3)">click</a> <a href="https://undocs.org/A/80/78" '
    'onclick="steal()">A/80/78</a><iframe src="https://evil.example"></iframe>'
    '<img width="1" height="1" src="https://tracker.example/p.gif">'
    '<style>body{background:url(javascript:x)}</style><a href="data:text/html,x">d</a></p>'
)


def test_clean_html_keeps_text_and_safe_links_only() -> None:
    cleaned = clean_html(HOSTILE)
    for bad in ("script", "alert", "onerror", "onclick", "javascript:", "iframe", "<img",
                "tracker.example", "<style", "data:"):  # fmt: skip
        assert bad not in cleaned, bad
    assert '<a href="https://undocs.org/A/80/78" rel="noopener noreferrer nofollow">' in cleaned
    assert "Report" in cleaned


def test_to_text_drops_markup_and_script_bodies() -> None:
    assert to_text(HOSTILE) == "Report click A/80/78d"
    assert to_text("<p>one</p><p>two &amp; three</p>") == "one two & three"


def test_one_pass_gives_the_safe_html_and_its_text() -> None:
    html, text = html_and_text(HOSTILE)
    assert html == clean_html(HOSTILE)
    assert text == to_text(HOSTILE) == "Report click A/80/78d"
    assert html_and_text("<h1>Title</h1><div>Body &amp; more</div>x<br>y") == (
        "Title Body &amp; more x<br>y",
        "Title Body & more x y",
    )
    link = '<a href="https://x.example/?a=1&amp;b=>2">quoted &gt; sign</a>'
    assert html_and_text(link)[1] == "quoted > sign"


def test_shorten_cuts_at_a_word() -> None:
    assert shorten("alpha beta gamma delta", 12) == "alpha beta…"
    assert shorten("short", 12) == "short"


@given(st.text())
def test_sanitizer_never_fails_and_is_idempotent(text: str) -> None:
    once = clean_html(text)
    assert clean_html(once) == once
    assert "<script" not in once.lower()


@given(st.text())
def test_the_text_of_one_pass_has_no_markup_and_no_script(text: str) -> None:
    html, plain = html_and_text(f"<p>{text}</p><script>marker_7f3a()</script>")
    assert "marker_7f3a" not in plain and "<script" not in html.lower()
    assert plain == plain.strip() and "  " not in plain
