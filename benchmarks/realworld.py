"""Score munidocs against the hand-made gold of real Danish public-sector PDFs.

    .venv/bin/python -m benchmarks.realworld                  # every PDF of the gold
    .venv/bin/python -m benchmarks.realworld -v               # + what was missed and what was wrong
    .venv/bin/python -m benchmarks.realworld --json out.json  # the scores as JSON
    .venv/bin/python -m benchmarks.realworld --pdfs DIR       # the same gold, PDFs from DIR

The gold (`tests/fixtures/realworld/gold.toml`, made by hand; how and what counts:
`tests/fixtures/realworld/README.md`) lists per document its kind, title, organisations, law
references, money and budget lines, each kind with an optional list: names a careful reader
might or might not count (a library's department, a building that houses an institution). An
optional item found is not wrong; one missed is not missed. Scores per kind, pooled over the
documents (micro), with the documents' mean F1 (macro) beside:

- organisations: distinct names of a document (ORG entities; `text` or `normalized` may match,
  case and a genitive -s aside);
- law references: distinct (law, §, stk.) of a document; ELI where the gold gives one;
- money: distinct kroner values of a document (figures in DKK and budget-line amounts);
- budget lines: distinct (page, item, year, amount in kroner) of a document;
- titles and document kinds: right or wrong per document;
- header entities: ORG/PER/LOC entities made only of words printed in a table's header cells.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

GOLD = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "realworld" / "gold.toml"


# ---------------------------------------------------------------------------------- normalising
def norm_name(text: str) -> str:
    """A name compared case-blind, with one kind of apostrophe, dash and space."""
    text = text.replace("’", "'").replace("–", "-").replace("”", '"').replace("“", '"')
    text = re.sub(r"\s*-\s*", "-", text)
    return " ".join(text.casefold().split()).strip(" .,;:")


def _genitive_variants(name: str) -> set[str]:
    out = {name}
    if name.endswith("'s"):
        out.add(name[:-2])
    elif name.endswith("s"):
        out.add(name[:-1])
    return out


def norm_title(text: str | None) -> str:
    return norm_name(text or "").strip(" .")


def norm_number(text: str | None) -> str:
    return re.sub(r"\s+", "", (text or "").casefold())


# ---------------------------------------------------------------------------------- gold
@dataclass
class GoldDoc:
    raw: dict[str, Any]

    @property
    def file(self) -> str:
        return str(self.raw["file"])

    def entries(self, key: str) -> list[list[str]]:
        """Name entries, each a list of its aliases ("A|B")."""
        return [[norm_name(a) for a in str(e).split("|")] for e in self.raw.get(key, [])]

    def laws(self, key: str) -> list[dict[str, Any]]:
        out = []
        for e in self.raw.get(key, []):
            out.append(
                {
                    "laws": {norm_name(a) for a in e["law"].split("|")},
                    "section": norm_number(e.get("section")),
                    "subsection": norm_number(e.get("subsection")),
                    "eli": e.get("eli") or None,
                }
            )
        return out

    def lines(self, key: str) -> set[tuple[int, str, int, float]]:
        return {
            (int(e["page"]), norm_name(e["item"]), int(e["year"]), round(float(e["amount_dkk"]), 2))
            for e in self.raw.get(key, [])
        }


def load_gold(path: Path = GOLD) -> list[GoldDoc]:
    with path.open("rb") as fh:
        return [GoldDoc(d) for d in tomllib.load(fh)["document"]]


# ---------------------------------------------------------------------------------- counting
@dataclass
class Count:
    """True positives, predictions and gold items of one kind (pooled over documents)."""

    tp_pred: int = 0  # predictions that are right (required or optional)
    pred: int = 0
    tp_gold: int = 0  # required gold items found
    gold: int = 0
    per_doc_f1: list[float] = field(default_factory=list)

    def add(self, tp_pred: int, pred: int, tp_gold: int, gold: int) -> None:
        self.tp_pred += tp_pred
        self.pred += pred
        self.tp_gold += tp_gold
        self.gold += gold
        if pred or gold:
            p = tp_pred / pred if pred else 1.0
            r = tp_gold / gold if gold else 1.0
            self.per_doc_f1.append(2 * p * r / (p + r) if p + r else 0.0)

    @property
    def precision(self) -> float:
        return self.tp_pred / self.pred if self.pred else 1.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def macro_f1(self) -> float:
        return sum(self.per_doc_f1) / len(self.per_doc_f1) if self.per_doc_f1 else 1.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "macro_f1": round(self.macro_f1, 4),
            "predicted": self.pred,
            "gold": self.gold,
        }


@dataclass
class Scores:
    orgs: Count = field(default_factory=Count)
    laws: Count = field(default_factory=Count)
    money: Count = field(default_factory=Count)
    budget_lines: Count = field(default_factory=Count)
    eli_right: int = 0
    eli_gold: int = 0
    titles_right: int = 0
    titles: int = 0
    kinds_right: int = 0
    kinds: int = 0
    header_entities: int = 0
    notes: dict[str, list[str]] = field(default_factory=dict)

    def note(self, file: str, text: str) -> None:
        self.notes.setdefault(file, []).append(text)

    def as_dict(self) -> dict[str, Any]:
        return {
            "organisations": self.orgs.as_dict(),
            "law_references": self.laws.as_dict(),
            "eli": {"right": self.eli_right, "gold": self.eli_gold},
            "money": self.money.as_dict(),
            "budget_lines": self.budget_lines.as_dict(),
            "titles": {"right": self.titles_right, "documents": self.titles},
            "doc_type": {"right": self.kinds_right, "documents": self.kinds},
            "header_entities": self.header_entities,
        }


def _match_names(
    predicted: dict[str, set[str]], required: list[list[str]], optional: list[list[str]]
) -> tuple[int, int, list[str], list[str]]:
    """(right predictions, required found, wrong predictions, missed required)."""

    def hit(forms: set[str], entry: list[str]) -> bool:
        variants = {v for f in forms for v in _genitive_variants(f)}
        return any(a in variants or a + "s" in forms or a + "'s" in forms for a in entry)

    right, wrong = 0, []
    for key, forms in predicted.items():
        if any(hit(forms, e) for e in [*required, *optional]):
            right += 1
        else:
            wrong.append(key)
    found, missed = 0, []
    for entry in required:
        if any(hit(forms, entry) for forms in predicted.values()):
            found += 1
        else:
            missed.append(entry[0])
    return right, found, wrong, missed


def score_document(gold: GoldDoc, records: Any, scores: Scores) -> None:
    """Add one document's comparison to the pooled scores."""
    f = gold.file
    doc = records.document
    kinds = gold.raw["doc_type"]
    scores.kinds += 1
    if doc.doc_type in kinds:
        scores.kinds_right += 1
    else:
        scores.note(f, f"doc_type {doc.doc_type!r}, gold {kinds}")
    if "title" in gold.raw:
        scores.titles += 1
        wanted = [norm_title(t) for t in gold.raw["title"]]
        got = norm_title(doc.title)
        if (not wanted and not got) or got in wanted:
            scores.titles_right += 1
        else:
            scores.note(f, f"title {doc.title!r}, gold {gold.raw['title']}")

    # organisations: distinct normalized names, with every printed form
    predicted: dict[str, set[str]] = {}
    for e in records.entities:
        if e.label == "ORG":
            key = norm_name(e.normalized or e.text)
            predicted.setdefault(key, {key}).add(norm_name(e.text))
    right, found, wrong, missed = _match_names(
        predicted, gold.entries("orgs"), gold.entries("orgs_optional")
    )
    scores.orgs.add(right, len(predicted), found, len(gold.entries("orgs")))
    if wrong:
        scores.note(f, f"orgs wrong: {sorted(wrong)}")
    if missed:
        scores.note(f, f"orgs missed: {missed}")

    # law references: distinct (law, section, subsection)
    pred_laws: dict[tuple[str, str, str], set[str | None]] = {}
    for r in records.law_references:
        triple = (norm_name(r.law), norm_number(r.section), norm_number(r.subsection))
        pred_laws.setdefault(triple, set()).add(r.eli)
    required, optional = gold.laws("laws"), gold.laws("laws_optional")

    def law_hit(key: tuple[str, str, str], g: dict[str, Any]) -> bool:
        return key[0] in g["laws"] and key[1] == g["section"] and key[2] == g["subsection"]

    right = sum(1 for k in pred_laws if any(law_hit(k, g) for g in [*required, *optional]))
    found = 0
    for g in required:
        keys = [k for k in pred_laws if law_hit(k, g)]
        if keys:
            found += 1
        else:
            scores.note(
                f, f"law missed: {sorted(g['laws'])[0]} § {g['section']} stk. {g['subsection']}"
            )
        if g["eli"]:
            scores.eli_gold += 1
            if any(g["eli"] in pred_laws[k] for k in keys):
                scores.eli_right += 1
            else:
                scores.note(f, f"eli missed: {g['eli']}")
    for k in pred_laws:
        if not any(law_hit(k, g) for g in [*required, *optional]):
            scores.note(f, f"law wrong: {k[0]} § {k[1]} stk. {k[2]}")
    scores.laws.add(right, len(pred_laws), found, len(required))

    # money: distinct values in kroner
    values = {round(x.value, 2) for x in records.figures if x.unit == "DKK"}
    values |= {round(b.amount_dkk, 2) for b in records.budget_lines if b.amount_dkk == b.amount_dkk}
    req = {round(float(v), 2) for v in gold.raw.get("money", [])}
    opt = {round(float(v), 2) for v in gold.raw.get("money_optional", [])}
    scores.money.add(len(values & (req | opt)), len(values), len(values & req), len(req))
    if req - values:
        scores.note(f, f"money missed: {sorted(req - values)}")
    if values - req - opt:
        scores.note(f, f"money wrong: {sorted(values - req - opt)}")

    # budget lines
    lines = {
        (
            b.page,
            norm_name(b.item),
            -1 if b.year is None else int(b.year),
            round(b.amount_dkk, 2),
        )
        for b in records.budget_lines
    }
    req_l, opt_l = gold.lines("budget_lines"), gold.lines("budget_lines_optional")
    scores.budget_lines.add(
        len(lines & (req_l | opt_l)), len(lines), len(lines & req_l), len(req_l)
    )
    if req_l - lines:
        scores.note(f, f"budget lines missed: {sorted(req_l - lines)}")
    if lines - req_l - opt_l:
        scores.note(f, f"budget lines wrong: {sorted(lines - req_l - opt_l)[:8]}")

    # entities made of table-header words
    header_words = {w for h in gold.raw.get("table_headers", []) for w in norm_name(h).split()}
    if header_words:
        bad = [
            e.text
            for e in records.entities
            if e.label in ("ORG", "PER", "LOC") and set(norm_name(e.text).split()) <= header_words
        ]
        scores.header_entities += len(bad)
        if bad:
            scores.note(f, f"header entities: {sorted(set(bad))}")


def run(gold: Iterable[GoldDoc], pdfs: Path) -> Scores:
    """Every gold document through `munidocs.process_pdf`, scored."""
    import munidocs

    scores = Scores()
    for g in gold:
        records = munidocs.process_pdf(pdfs / g.file)
        score_document(g, records, scores)
    return scores


def report(scores: Scores) -> str:
    """The scores as a Markdown table (the README's)."""
    rows = [
        "| kind | precision | recall | F1 | macro F1 | predicted | gold |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, c in (
        ("organisations", scores.orgs),
        ("law references", scores.laws),
        ("money", scores.money),
        ("budget lines", scores.budget_lines),
    ):
        rows.append(
            f"| {name} | {c.precision:.3f} | {c.recall:.3f} | {c.f1:.3f} | {c.macro_f1:.3f} "
            f"| {c.pred} | {c.gold} |"
        )
    rows.append("")
    rows.append(f"- ELI right: {scores.eli_right} of {scores.eli_gold}")
    rows.append(
        f"- titles right: {scores.titles_right} of {scores.titles} "
        f"({scores.titles_right / max(1, scores.titles):.2f})"
    )
    rows.append(
        f"- document kinds right: {scores.kinds_right} of {scores.kinds} "
        f"({scores.kinds_right / max(1, scores.kinds):.2f})"
    )
    rows.append(f"- entities from table header cells: {scores.header_entities}")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.realworld", description=__doc__)
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument(
        "--pdfs", type=Path, default=None, help="folder of the PDFs (default: the gold's)"
    )
    parser.add_argument(
        "--only", action="append", default=[], help="score only files containing this"
    )
    parser.add_argument("--json", type=Path, default=None, help="write the scores here")
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and errors")
    args = parser.parse_args(argv)
    gold = [g for g in load_gold(args.gold) if not args.only or any(o in g.file for o in args.only)]
    scores = run(gold, args.pdfs or args.gold.parent)
    print(report(scores))
    if args.verbose:
        for file, notes in scores.notes.items():
            print(f"\n{file}")
            for n in notes:
                print(f"  {n}")
    if args.json:
        args.json.write_text(json.dumps(scores.as_dict(), indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
