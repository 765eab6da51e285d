"""The English-Chinese glossary (术语表), built from the notebooks themselves.

A key term is introduced in a notebook's markdown as ``**term (中文)**``. The first such
occurrence in course order (notebook 00 first, cells top to bottom) is where the term is
introduced; that place becomes its row in the glossary. Two rules keep the glossary honest:

* a term has one Chinese translation throughout the course;
* a term does not appear in the prose of a notebook before it is introduced. Three places
  are not prose for this rule: headings (a heading names what the paragraph under it
  introduces), the first cell of the notebook that introduces the term (its overview and
  learning objectives name what the notebook will introduce), and "Further reading" (titles
  of chapters). Words of everyday English whose technical sense comes later (``EVERYDAY``,
  e.g. "value" before attention's values) are checked only inside the notebook that
  introduces them.

Example:
    >>> cells = [("01_x.ipynb", "# 01 · Data\\n\\nA **tensor (张量)** holds numbers.")]
    >>> [(t.english, t.chinese, t.section) for t in extract_terms(cells)]
    [('tensor', '张量', '01 · Data')]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import nbformat
from docutils.nodes import make_id

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"

HAN = "\u4e00-\u9fff"
TERM = re.compile(
    rf"\*\*(?P<english>[^*\n]{{1,60}}?)\s*[(（](?P<chinese>[^)）\n*]*[{HAN}][^)）\n*]*)[)）]"
    rf"[^*\n]{{0,20}}\*\*"
)
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$", re.M)
FURTHER_READING = re.compile(r"^#{1,6}\s+Further reading\b.*", re.M | re.S)
# Terms that are also everyday English words ("the value that was measured"), so a use in an
# earlier notebook is ordinary language, not the technical term used before it is taught.
EVERYDAY = frozenset(
    {"value", "key", "query", "threshold", "token", "tokens", "code", "kernel", "margin"}
    | {"generator", "gates", "gate"}
)
# Quoted words are mentions (a paper's title, a message), not uses of a term.
QUOTED = re.compile(r'"[^"]{1,80}"|“[^”]{1,80}”')
# Parts of markdown that are not prose: fenced code, inline code, math, HTML tags, link targets.
NOT_PROSE = re.compile(
    r"```.*?```|`[^`\n]*`|\$\$.*?\$\$|\$[^$\n]+\$|<[^>\n]+>|!\[[^\]\n]*\]\([^)\s]*\)|\]\([^)\s]*\)",
    re.S,
)


@dataclass(frozen=True)
class Term:
    """A key term where it is introduced: ``notebook`` file name and ``section`` heading."""

    english: str
    chinese: str
    notebook: str
    section: str
    anchor: str
    position: tuple[int, int]  # (cell number in course order, offset in the cell)

    @property
    def key(self) -> str:
        return normalise(self.english)


@dataclass(frozen=True)
class Problem:
    """A broken glossary rule, with the place that breaks it."""

    term: str
    notebook: str
    message: str

    def __str__(self) -> str:
        return f"{self.notebook}: '{self.term}' {self.message}"


def normalise(english: str) -> str:
    """The key under which spellings of one English term are the same.

    Example:
        >>> normalise("  Learning   Rate ")
        'learning rate'
    """
    return re.sub(r"\s+", " ", english.strip()).lower()


def plain_heading(text: str) -> str:
    """A heading's text as a reader sees it (markdown emphasis and code marks removed)."""
    return re.sub(r"[*_`]", "", text).strip()


def notebook_cells(folder: Path = NOTEBOOK_DIR) -> list[tuple[str, str]]:
    """Every markdown cell of the course, in course order, as ``(notebook name, source)``."""
    cells = []
    for path in sorted(folder.glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        cells += [(path.name, c.source) for c in nb.cells if c.cell_type == "markdown"]
    return cells


def _section_at(source: str, offset: int, current: str) -> str:
    headings = [m for m in HEADING.finditer(source) if m.start() <= offset]
    return plain_heading(headings[-1].group(2)) if headings else current


def extract_terms(cells: Iterable[tuple[str, str]]) -> list[Term]:
    """Every bilingual occurrence ``**term (中文)**``, in course order (repeats included)."""
    terms = []
    section, notebook = "", None
    for index, (name, source) in enumerate(cells):
        if name != notebook:
            notebook, section = name, ""
        for match in TERM.finditer(source):
            here = _section_at(source, match.start(), section)
            terms.append(
                Term(
                    english=re.sub(r"\s+", " ", match["english"].strip()),
                    chinese=match["chinese"].strip(),
                    notebook=name,
                    section=here,
                    anchor=make_id(here),
                    position=(index, match.start()),
                )
            )
        last = list(HEADING.finditer(source))
        if last:
            section = plain_heading(last[-1].group(2))
    return terms


def glossary(terms: Sequence[Term]) -> list[Term]:
    """The first introduction of each term, sorted alphabetically by its English."""
    first: dict[str, Term] = {}
    for term in terms:
        first.setdefault(term.key, term)
    return sorted(first.values(), key=lambda t: t.key)


def _translation(chinese: str) -> str:
    """The Chinese term without spaces or a trailing abbreviation ("均方误差, MSE")."""
    return re.sub(r"[,，;；]\s*[A-Za-z][\w-]*$", "", re.sub(r"\s", "", chinese))


def translation_problems(terms: Sequence[Term]) -> list[Problem]:
    """Terms given two or more different Chinese translations.

    Example:
        >>> cells = [("a.ipynb", "**layer (层)** ... **Layer (层级)**")]
        >>> print(translation_problems(extract_terms(cells))[0])
        a.ipynb: 'Layer' is translated as 层级 here but as 层 in a.ipynb
    """
    seen: dict[str, Term] = {}
    problems = []
    for term in terms:
        first = seen.setdefault(term.key, term)
        if _translation(term.chinese) != _translation(first.chinese):
            problems.append(
                Problem(
                    term.english,
                    term.notebook,
                    f"is translated as {term.chinese} here but as {first.chinese} in "
                    f"{first.notebook}",
                )
            )
    return problems


def _prose(source: str) -> str:
    """The cell's prose with code, math, tags, link targets and headings blanked out.

    Blanking (rather than deleting) keeps every offset where it was.
    """
    blank = NOT_PROSE.sub(lambda m: " " * len(m.group()), source)
    blank = QUOTED.sub(lambda m: " " * len(m.group()), blank)
    blank = FURTHER_READING.sub(lambda m: " " * len(m.group()), blank)
    return HEADING.sub(lambda m: " " * len(m.group()), blank)


def early_use_problems(cells: Sequence[tuple[str, str]], terms: Sequence[Term]) -> list[Problem]:
    """Terms used in prose before the place where they are introduced with their Chinese.

    Example:
        >>> cells = [("00.ipynb", "Each layer ..."), ("01.ipynb", "A **layer (层)** is ...")]
        >>> print(early_use_problems(cells, extract_terms(cells))[0])
        00.ipynb: 'layer' is used here ("Each layer ...") before 01.ipynb introduces it as **layer (层)**
    """
    problems = []
    prose = [_prose(source) for _, source in cells]
    for term in glossary(terms):
        pattern = re.compile(rf"(?<![\w-]){re.escape(term.english)}(?:s|es)?(?![\w-])", re.I)
        cell, offset = term.position
        for index in range(cell + 1):
            name = cells[index][0]
            first_cell = index == 0 or cells[index - 1][0] != name
            if name == term.notebook and first_cell and index != cell:
                continue  # the notebook's overview names what it will introduce
            if name != term.notebook and term.key in EVERYDAY:
                continue
            for match in pattern.finditer(prose[index]):
                if index == cell and match.start() >= offset:
                    break
                source = cells[index][1]
                start = max(0, match.start() - 20)
                context = " ".join(source[start : match.end() + 20].split())
                problems.append(
                    Problem(
                        term.english,
                        name,
                        f'is used here ("{context}") before {term.notebook} introduces it '
                        f"as **{term.english} ({term.chinese})**",
                    )
                )
                break
            else:
                continue
            break
    return problems


def page_name(notebook: str) -> str:
    """The website page of a notebook file.

    Example:
        >>> page_name("01_data.ipynb")
        '01_data.html'
    """
    return notebook.removesuffix(".ipynb") + ".html"


def _table(terms: Sequence[Term], link) -> str:
    rows = ["| English | 中文 | introduced in |", "|---|---|---|"]
    rows += [f"| {t.english} | {t.chinese} | {link(t)} |" for t in terms]
    return "\n".join(rows) + "\n"


INTRO = (
    "Every key term of the course, with its Chinese term, and the notebook and section "
    "where it is introduced. It is generated from the notebooks (`python -m website.glossary`), "
    "where each term is written **term (中文)** at its first use.\n"
)


def glossary_markdown_for_repository(terms: Sequence[Term]) -> str:
    """``GLOSSARY.md`` at the top of the repository: links point to the notebook files."""
    entries = glossary(terms)

    def link(t: Term) -> str:
        return f"[{t.notebook[:2]} · {t.section}](notebooks/{t.notebook})"

    return f"# Glossary · 术语表\n\n{INTRO}\n{len(entries)} terms.\n\n" + _table(entries, link)


def glossary_markdown_for_site(terms: Sequence[Term]) -> str:
    """The website's glossary page: links point to the section of the notebook's page."""
    entries = glossary(terms)

    def link(t: Term) -> str:
        target = page_name(t.notebook) + (f"#{t.anchor}" if t.anchor else "")
        return f"[{t.notebook[:2]} · {t.section}]({target})"

    return f"# Glossary · 术语表\n\n{INTRO}\n{len(entries)} terms.\n\n" + _table(entries, link)


def main(argv: Sequence[str] | None = None) -> int:
    """Check the glossary rules and write ``GLOSSARY.md`` (``--check`` only checks)."""
    parser = argparse.ArgumentParser(prog="python -m website.glossary", description=main.__doc__)
    parser.add_argument("--check", action="store_true", help="check only; write nothing")
    args = parser.parse_args(argv)
    cells = notebook_cells()
    terms = extract_terms(cells)
    problems = translation_problems(terms) + early_use_problems(cells, terms)
    for problem in problems:
        print(problem, file=sys.stderr)
    if not args.check:
        (ROOT / "GLOSSARY.md").write_text(glossary_markdown_for_repository(terms), encoding="utf-8")
        print(f"GLOSSARY.md: {len(glossary(terms))} terms")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
