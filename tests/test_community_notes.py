"""Community notes: the rules, a corpus of hostile notes through the real renderer and one real
build, and those pages in the browser (no dialog, no request off the site, no CSP violation)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import community_notes
import local_site
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from hostile_notes import CORPUS, IMAGE, PNG, Hostile

GOLDEN = Path(__file__).parent / "golden"

GOOD = Hostile("good", body="Say which PR-AUC you mean. See [the chapter](../../framework/evaluation.md).", meta=(("tags", "[evaluation]"),))


@pytest.fixture(scope="module")
def guide():
    return community_notes.guide_site()


@pytest.fixture
def notes_site(tmp_path, guide):
    """The guide's pages and tags, with an empty notes folder of its own to write notes into,
    and a picture notes can show."""
    from mkdocs.structure.files import File, Files

    (tmp_path / "community" / "notes").mkdir(parents=True)
    (tmp_path / IMAGE).parent.mkdir(parents=True)
    (tmp_path / IMAGE).write_bytes(PNG)
    picture = File(IMAGE, str(tmp_path), str(tmp_path / "site"), True)
    return community_notes.Site(Files([*guide.files, picture]), tmp_path, guide.tags)


def write(site, text: str, name: str = "note.md") -> Path:
    path = site.docs_dir / "community" / "notes" / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_for(site, text: str, name: str = "note.md") -> list[str]:
    return [f"{p.line}: {p.message}" for p in community_notes.check_note_file(write(site, text, name), site)]


def rendered(site, text: str, name: str = "note.md") -> str:
    note, problems = community_notes.read_note(write(site, text, name), site)
    assert note is not None, problems
    result, problems = community_notes.render_note(note, site)
    assert result is not None, problems
    return result.html


ACTIVE_TAGS = {"script", "style", "iframe", "object", "embed", "svg", "math", "form", "input", "button",
               "base", "meta", "link", "frame", "frameset", "template", "picture", "source", "video", "audio"}  # fmt: skip


def assert_inert(fragment: str) -> None:
    """Nothing in fragment can run, load from another site, or restyle the page."""
    soup = BeautifulSoup(fragment, "html.parser")
    for element in soup.find_all(True):
        assert element.name not in ACTIVE_TAGS, element
        for name, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            assert not name.startswith("on"), element
            assert name not in ("style", "srcset", "lowsrc", "dynsrc", "target", "formaction", "background", "action"), element
            if name == "class":
                assert element.name in ("div", "p", "code") and (
                    element.name != "code" or re.fullmatch(r"language-[\w+#-]+", value)
                ), element
        if element.name == "a":
            href = element.get("href", "")
            parts = urlsplit(href)
            assert parts.scheme in ("", "http", "https", "mailto"), element
            assert not href.startswith(("/", "\\")) and "\\" not in href, element
            if parts.scheme:
                assert set(element.get("rel", [])) >= {"nofollow", "noopener", "noreferrer"}, element
        if element.name == "img":
            src = element.get("src", "")
            assert not urlsplit(src).scheme and not src.startswith(("/", "\\")), element


# --- the rules -----------------------------------------------------------------------------


def test_the_guides_own_notes_pass(guide):
    notes = sorted(community_notes.NOTES_DIR.glob("*.md"))
    assert notes
    for path in notes:
        assert community_notes.check_note_file(path, guide) == [], path


def test_a_good_note_passes_and_its_links_are_rebased(notes_site):
    assert problems_for(notes_site, GOOD.text()) == []
    html = rendered(notes_site, GOOD.text())
    # written from docs/community/notes/, shown on framework/evaluation/: the same page
    assert '<a href="./" rel="nofollow noopener noreferrer">the chapter</a>' in html


def test_a_note_renders_to_its_golden_html(notes_site):
    """The whole block a note becomes, as a diff when the renderer changes."""
    text = (GOLDEN / "note.md").read_text(encoding="utf-8")
    html = rendered(notes_site, text, "2026-12-octocat-golden.md") + "\n"
    expected = GOLDEN / "note.html"
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(html, encoding="utf-8")
    assert html == expected.read_text(encoding="utf-8")
    assert_inert(html)


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("author: octocat\n", "", r"^1: the note is missing 'author:'"),
        ("title: A hostile note\n", "", r"^1: the note is missing 'title:'"),
        ("type: community-note\n", "", r"^1: the note is missing 'type:'"),
        ("kind: tip\n", "kind: rant\n", r"^6: 'kind' must be one of tip, correction, interview-report, new-topic; got 'rant'"),
        ("author: octocat\n", "author: not a handle!\n", r"^3: 'author' must be your GitHub handle"),
        ("author: octocat\n", "author: -bad-\n", r"^3: 'author' must be your GitHub handle"),
        ("date: 2026-11-20\n", "date: 2026-13-45\n", r"^4: 'date' must be a real date written YYYY-MM-DD"),
        ("date: 2026-11-20\n", "date: last tuesday\n", r"^4: 'date' must be a date written YYYY-MM-DD"),
        ("date: 2026-11-20\n", "date: 2026-11-20T10:00:00\n", r"^4: 'date' must be a date written YYYY-MM-DD"),
        ("applies_to: framework/evaluation.md\n", "applies_to: framework/nope.md\n", r"^5: 'applies_to' names 'framework/nope.md', but the guide has no page"),
        ("applies_to: framework/evaluation.md\n", "applies_to: framework/\n", r"^5: 'applies_to' must be the path of a page"),
        ("applies_to: framework/evaluation.md\n", "applies_to: community/notes/other.md\n", r"^5: 'applies_to' must name a page of the guide, not another note"),
        ("type: community-note\n", "type: community-note\ntags: evaluation\n", r"^8: 'tags' must be a list"),
        ("kind: tip\n", "kind: tip\napply_to: x.md\n", r"^7: unknown field 'apply_to'"),
        ("title: A hostile note\n", "title: [unclosed\n", r"^3: the front matter is not valid YAML"),
    ],
)
def test_malformed_fields_are_rejected_with_a_clear_message(notes_site, old, new, expected):
    text = Hostile("x").text()
    assert old in text
    found = problems_for(notes_site, text.replace(old, new))
    assert any(re.search(expected, p) for p in found), found


def test_empty_note_is_rejected(notes_site):
    found = problems_for(notes_site, Hostile("x").text().split("---\n\n")[0] + "---\n")
    assert any("the note has no text" in p for p in found), found


def test_a_link_to_a_page_that_does_not_exist_is_rejected_at_its_line(notes_site):
    found = problems_for(notes_site, Hostile("x", body="One.\n\nSee [it](../../framework/nope.md).").text())
    assert found == ["14: the link '../../framework/nope.md' points to docs/framework/nope.md, which is not a page of the guide: links in notes go to pages of the guide or to other sites"], found


def test_only_notes_go_in_the_notes_folder(notes_site):
    write(notes_site, Hostile("x").text(), "good-note.md")
    (notes_site.docs_dir / "community" / "notes" / "sub").mkdir()
    write(notes_site, Hostile("x").text(), "sub/nested.md")
    write(notes_site, "hello", "readme.txt")
    notes, problems = community_notes.load_notes(notes_site)
    assert [r.note.slug for r in notes] == ["good-note"]
    assert sorted(p.path.rsplit("/", 1)[-1] for p in problems) == ["nested.md", "readme.txt"], problems


def test_check_content_runs_the_note_rules(capsys, tmp_path):
    import check_content

    bad = community_notes.NOTES_DIR / "zz-test-bad-note.md"
    bad.write_text(Hostile("x", body='<b onclick="alert(1)">x</b>').text())
    try:
        code = check_content.main([str(bad)])
    finally:
        bad.unlink()
    out = capsys.readouterr().out
    assert code == 1
    assert "docs/community/notes/zz-test-bad-note.md:12: notes cannot use the <b> element" in out


# --- the hostile corpus through the renderer ---------------------------------------------------


def test_the_corpus_covers_every_way_in():
    assert len(CORPUS) >= 25
    names = " ".join(h.name for h in CORPUS)
    for way_in in ("attr-list", "reference", "entity", "tab", "comment", "indented", "snippet", "title", "author",
                   "kind", "file-name", "style-url", "overlay", "srcset", "lowsrc", "dynsrc", "svg", "math", "mermaid",
                   "target-blank", "formaction", "meta-refresh", "base", "data-image", "protocol-relative", "backslash"):  # fmt: skip
        assert way_in in names, way_in


@pytest.mark.parametrize("hostile", CORPUS, ids=[h.name for h in CORPUS])
def test_each_hostile_note_is_rejected_by_name_or_rendered_inert(notes_site, hostile):
    found = problems_for(notes_site, hostile.text(), hostile.file)
    if hostile.expect is None:
        assert found == [], found
        assert_inert(rendered(notes_site, hostile.text(), hostile.file))
    else:
        assert found, "the note was accepted"
        assert any(re.search(hostile.expect, p) for p in found), found
        lines = hostile.text().count("\n")
        assert all(1 <= int(p.split(":")[0]) <= lines for p in found), found


# --- ... and through one real build, and the browser --------------------------------------------

COPIED = ("mkdocs.yml", "docs", "hooks", "overrides", "includes", "diagrams", "scripts")


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    """The guide with every note of the corpus added, built once (strict), and served."""
    project = tmp_path_factory.mktemp("hostile")
    for name in COPIED:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, project / name)
    (project / "docs" / IMAGE).parent.mkdir(parents=True, exist_ok=True)
    (project / "docs" / IMAGE).write_bytes(PNG)
    notes_dir = project / "docs" / "community" / "notes"
    for hostile in CORPUS:
        (notes_dir / hostile.file).write_text(hostile.text(), encoding="utf-8")
    site_dir = project / "site"
    with local_site.serve(site_dir) as url:
        warnings: list[str] = []
        with pytest.raises(local_site.BuildFailed) as failed:
            local_site.build_site(site_dir, site_url=url, config_file=project / "mkdocs.yml", warnings=warnings)
        yield {"dir": site_dir, "url": url, "warnings": warnings, "error": str(failed.value), "notes": notes_dir}


def test_the_strict_build_fails_naming_every_rejected_note_at_the_checkers_line(hostile_build, guide):
    assert "Aborted with" in hostile_build["error"] or "community note" in hostile_build["error"]
    reported = "\n".join(hostile_build["warnings"])
    site = community_notes.Site(guide.files, hostile_build["notes"].parent.parent, guide.tags)
    for hostile in CORPUS:
        if hostile.expect is None:
            assert hostile.file not in reported, reported
            continue
        # what the checker says is exactly what the build says
        for problem in community_notes.check_note_file(hostile_build["notes"] / hostile.file, site):
            line = f"community note not published: docs/community/notes/{hostile.file}:{problem.line}: {problem.message}"
            assert any(line in w for w in hostile_build["warnings"]), f"{line}\nnot in\n{reported}"
    # the build reported nothing it was not asked about
    assert all("community note not published" in w or "Aborted" in w for w in hostile_build["warnings"]), reported


def test_inert_notes_are_published_inert_on_the_page_the_community_index_and_the_print_page(hostile_build):
    inert = [h for h in CORPUS if h.expect is None]
    for relative in ("framework/evaluation/index.html", "print_page/index.html"):
        soup = BeautifulSoup((hostile_build["dir"] / relative).read_text(encoding="utf-8"), "html.parser")
        blocks = soup.select("div.community-note")
        ids = {b.get("id", "").removeprefix("evaluation-") for b in blocks}  # print-site prefixes ids
        for hostile in inert:
            assert any(i.endswith(f"note-{hostile.name}") for i in ids), (relative, hostile.name, ids)
        for block in blocks:
            assert_inert(str(block))
    index = BeautifulSoup((hostile_build["dir"] / "community/index.html").read_text(encoding="utf-8"), "html.parser")
    listing = index.select_one("article")
    assert_inert("".join(str(li) for li in listing.select("li")))
    titles = [a.get_text() for a in listing.select("a[href*='#note-']")]
    assert "<img src=x onerror=alert(1)><script>alert(2)</script>" in titles  # shown as text


def test_check_links_names_the_notes_file_and_line_of_a_broken_anchor(hostile_build, capsys):
    import check_links

    project = hostile_build["dir"].parent
    code = check_links.main(["--site", str(hostile_build["dir"]), "--config", str(project / "mkdocs.yml")])
    out = capsys.readouterr().out.strip().splitlines()
    assert code == 1
    assert [line.split(" (")[0] for line in out] == [
        "docs/community/notes/broken-anchor.md:14: "
        "broken link '../../framework/evaluation.md#no-such-heading'"
    ], out


@pytest.mark.browser
def test_in_the_browser_no_dialog_opens_and_nothing_leaves_the_site(hostile_build, new_context):
    context = new_context(hostile_build["url"])
    page = context.new_page()
    for url in ("framework/evaluation/", "community/"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        page.mouse.wheel(0, 100000)  # bring every note into view (lazy images, hover targets)
        for link in page.locator("article .community-note a, article li a").all()[:40]:
            link.hover()
        page.wait_for_timeout(300)
    page.goto("framework/evaluation/")
    assert page.locator("article .community-note").count() == sum(h.expect is None for h in CORPUS)
    title = page.locator("#note-title-html .admonition-title").inner_text()
    assert "<img src=x onerror=alert(1)>" in title
    # new_context fails the test for any dialog, off-site request or policy violation


def test_the_community_index_renders_to_its_golden_html(notes_site):
    """The hook's list of all notes, grouped by page then kind, titles escaped."""
    golden = (GOLDEN / "note.md").read_text(encoding="utf-8")
    write(notes_site, golden, "2026-12-octocat-golden.md")
    write(notes_site, GOOD.text().replace("title: A hostile note", 'title: "Second <b>note</b>"'), "2026-11-second.md")
    notes, problems = community_notes.load_notes(notes_site)
    assert problems == [] and len(notes) == 2
    index_file = notes_site.page("community/index.md")
    html = community_notes.index_html(notes, notes_site, index_file, lambda f: f"Title of {f.src_uri}") + "\n"
    expected = GOLDEN / "community-index.html"
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(html, encoding="utf-8")
    assert html == expected.read_text(encoding="utf-8")
    assert "Second &lt;b&gt;note&lt;/b&gt;" in html


def test_the_guides_notes_are_at_the_end_of_their_page_and_listed(site):
    from common import read_page

    notes = sorted(community_notes.NOTES_DIR.glob("*.md"))
    for note_path in notes:
        meta = read_page(note_path).meta
        target = meta["applies_to"].removesuffix(".md")
        target = "" if target == "index" else target.removesuffix("/index") + "/"
        article = BeautifulSoup((site["dir"] / target / "index.html").read_text(), "html.parser").select_one("article")
        heading = article.find(id="community-notes")
        assert heading is not None, f"no 'Community notes' section on {target}"
        block = article.find(id=f"note-{note_path.stem}")
        assert block is not None and "community-note" in block["class"]
        text = block.get_text()
        assert meta["title"] in text and f"@{meta['author']}" in text and str(meta["date"]) in text
        # the section comes after everything else the page says
        assert not heading.find_next(["h1", "h2"]), target
        assert_inert(str(block))
    index = BeautifulSoup((site["dir"] / "community" / "index.html").read_text(), "html.parser")
    listed = [a["href"] for a in index.select("article a[href*='#note-']")]
    assert len(listed) == len(notes)
