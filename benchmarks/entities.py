"""Entity-extraction throughput on a generated Danish municipal corpus.

    .venv/bin/python -m benchmarks.entities --pages 1000 [--batch-size 64] [--processes 2]

Measures, in one run and on the same pages: the bare spaCy tokenizer, the spaCy pipeline
(sentencizer, NER model when shipped, gazetteer ruler) with `nlp.pipe` batching, the rule
stage alone, the whole entity stage in one process, the whole stage over several processes
(documents spread over a process pool; `nlp.pipe(n_process=N)` for the spaCy part), and for
scale the stage before it (pdfplumber page text of the repo's PDFs).
Pages/s and words/s for each.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import spacy
from spacy.tokenizer import Tokenizer

from munidocs.extractors.entities.extract import extract_entities, records_from_docs
from munidocs.extractors.entities.nlp import get_nlp, has_model
from munidocs.models import Page

_FIRST = "Anne Lars Mette Søren Camilla Jonas Fatima Ahmed Line Peter Ida Mikkel".split()
_LAST = "Jensen Nielsen Hansen Pedersen Andersen Larsen Holm Kristensen Nørgaard Rasmussen".split()
_ORGS = (
    "Ankestyrelsen|Socialforvaltningen|Københavns Kommune|Aarhus Kommune|Udlændingestyrelsen|"
    "BIF|SOU|Region Hovedstaden|Beskæftigelses- og Integrationsforvaltningen|Borgerrepræsentationen"
).split("|")
_NGOS = "Grøn Fremtid|Nordic Research|Tryg-Fonden|Dansk Flygtningehjælp|Ungdommens Røde Kors".split(
    "|"
)
_LAWS = (
    "servicelovens § 85|§ 18 i integrationsloven|lov om aktiv socialpolitik § 34, stk. 2|"
    "forvaltningslovens § 19, stk. 2|jf. § 12, stk. 1|lov nr. 123 af 2. marts 2022"
).split("|")
_MONTHS = "januar februar marts april maj juni juli august september oktober november december"


def _sentence(rng: random.Random) -> str:
    name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
    month = rng.choice(_MONTHS.split())
    choices = [
        f"{rng.choice(_ORGS)} har den {rng.randint(1, 28)}. {month} {rng.randint(2015, 2025)} "
        f"behandlet {rng.randint(10, 900)} ansøgninger efter {rng.choice(_LAWS)}.",
        f"Der søges om {rng.randint(1, 99)},{rng.randint(1, 9)} mio. kr. årligt i "
        f"{rng.randint(2025, 2027)} - {rng.randint(2028, 2030)} til organisationen "
        f"{rng.choice(_NGOS)}.",
        f"Målgruppen på omkring {rng.randint(50, 900)} personer får tilbud, og "
        f"{rng.randint(2, 40)} % af dem er i job efter {rng.randint(2, 12)} måneder.",
        f"Sagen er drøftet med {name} fra {rng.choice(_ORGS)} siden {month} {rng.randint(2015, 2024)}.",
        f"Forvaltningen vurderer, at indsatsen styrker fællesskabet i bydelen, og at "
        f"{rng.choice(_NGOS)} bør inddrages i det videre arbejde med {rng.choice(_LAWS)}.",
        f"Tabel {rng.randint(1, 5)}. Udgifter 1.000 kr. {rng.randint(100, 900)} "
        f"{rng.randint(100, 900)} {rng.randint(100, 900)} {rng.randint(1000, 2700)}",
    ]
    return rng.choice(choices)


def generate_pages(n_pages: int, seed: int = 0, pages_per_doc: int = 4) -> list[list[Page]]:
    """A reproducible corpus of `n_pages` pages of municipal Danish, grouped in documents."""
    rng = random.Random(seed)
    docs: list[list[Page]] = []
    for i in range(n_pages):
        text = " ".join(_sentence(rng) for _ in range(rng.randint(14, 22)))
        doc_id = f"bench{i // pages_per_doc:05d}"
        if i % pages_per_doc == 0:
            docs.append([])
        docs[-1].append(Page(doc_id, i % pages_per_doc + 1, text, len(text), False, 595.0, 842.0))
    return docs


@dataclass(frozen=True)
class Result:
    """One measured stage."""

    stage: str
    seconds: float
    pages_per_s: float
    words_per_s: float


def _timed(stage: str, n_pages: int, n_words: int, fn: Callable[[], object]) -> Result:
    start = time.perf_counter()
    fn()
    seconds = time.perf_counter() - start
    return Result(stage, seconds, n_pages / seconds, n_words / seconds)


def _worker_init() -> None:
    get_nlp()


def _extract(doc: list[Page]) -> int:
    return len(extract_entities(doc[0].doc_id, doc).entities)


def _pdf_text_stage(limit: int) -> Result | None:
    """The stage before this one, for scale: pdfplumber page text of the repo's PDFs."""
    import pdfplumber

    from munidocs.extractors.reading.text import normalize_text

    pdfs = sorted((Path(__file__).resolve().parent.parent / "corpus" / "pdfs").glob("*.pdf"))
    if not pdfs:
        return None
    pages = words = 0
    start = time.perf_counter()
    while pages < limit:
        for path in pdfs:
            with pdfplumber.open(path) as pdf:
                for page in pdf.pages:
                    words += len(normalize_text(page.extract_text() or "").split())
                    pages += 1
    seconds = time.perf_counter() - start
    stage = "pdfplumber page text (previous stage, corpus/pdfs)"
    return Result(stage, seconds, pages / seconds, words / seconds)


def run(n_pages: int, batch_size: int, processes: int) -> list[Result]:
    """Measure every stage on the same generated pages."""
    docs = generate_pages(n_pages)
    pages = [p for d in docs for p in d]
    texts = [p.text for p in pages]
    n_words = sum(len(t.split()) for t in texts)
    nlp = get_nlp()
    tokenizer: Tokenizer = spacy.blank("da").tokenizer
    processed = list(nlp.pipe(texts, batch_size=batch_size))  # warm-up, and input for the rules

    def rules_only() -> None:
        offset = 0
        for d in docs:
            records_from_docs(d[0].doc_id, d, processed[offset : offset + len(d)])
            offset += len(d)

    def pooled() -> None:
        ctx = mp.get_context("fork")
        with ctx.Pool(processes, initializer=_worker_init) as pool:
            pool.map(_extract, docs, chunksize=max(1, len(docs) // (processes * 4)))

    results = [
        _timed("spaCy tokenizer only", n_pages, n_words, lambda: list(tokenizer.pipe(texts))),
        _timed(
            f"spaCy pipeline, nlp.pipe(batch_size={batch_size})",
            n_pages,
            n_words,
            lambda: list(nlp.pipe(texts, batch_size=batch_size)),
        ),
        _timed("rules only (laws, figures, dates, names)", n_pages, n_words, rules_only),
        _timed(
            "entity stage, 1 process",
            n_pages,
            n_words,
            lambda: [extract_entities(d[0].doc_id, d) for d in docs],
        ),
    ]
    pdf_stage = _pdf_text_stage(min(n_pages, 100))
    if pdf_stage is not None:
        results.append(pdf_stage)
    if processes > 1:
        results.append(
            _timed(
                f"spaCy pipeline, nlp.pipe(n_process={processes})",
                n_pages,
                n_words,
                lambda: list(nlp.pipe(texts, batch_size=batch_size, n_process=processes)),
            )
        )
        results.append(_timed(f"entity stage, {processes} processes", n_pages, n_words, pooled))
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    get_nlp()
    load = time.perf_counter() - start
    results = run(args.pages, args.batch_size, args.processes)
    if args.json:
        print(json.dumps({"load_s": load, "results": [asdict(r) for r in results]}, indent=2))
        return
    model = "with NER model" if has_model(get_nlp()) else "rules only (no NER model shipped)"
    print(f"{args.pages} generated pages; pipeline load {load:.2f} s; {model}")
    print(f"{'stage':52} {'seconds':>8} {'pages/s':>9} {'words/s':>10}")
    for r in results:
        print(f"{r.stage:52} {r.seconds:8.2f} {r.pages_per_s:9.1f} {r.words_per_s:10.0f}")


if __name__ == "__main__":
    main()
