"""The NER model's matrix products through numpy's OpenBLAS (`entities/blas.py`): the same
products and the same entities as thinc's BLIS, only in munidocs' own pipeline, on the BLAS
threads the settings allow."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import numpy
import pytest
from thinc.api import NumpyOps, get_current_ops
from threadpoolctl import threadpool_info

from munidocs.extractors.entities import nlp as nlp_module
from munidocs.extractors.entities.blas import OpenBlasOps
from munidocs.extractors.entities.extract import extract_entities
from munidocs.extractors.settings import Settings
from munidocs.extractors.stages import read_stage

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "pdfs"


@pytest.mark.parametrize(("trans1", "trans2"), [(False, False), (True, False), (False, True)])
@pytest.mark.parametrize("with_out", [False, True])
def test_gemm_is_thincs_product(trans1: bool, trans2: bool, with_out: bool) -> None:
    rng = numpy.random.default_rng(7)
    x = rng.random((31, 17) if not trans1 else (17, 31), dtype="float32")
    y = rng.random((17, 9) if not trans2 else (9, 17), dtype="float32")
    expected = NumpyOps().gemm(x, y, trans1=trans1, trans2=trans2)
    out = numpy.zeros((31, 9), dtype="float32") if with_out else None
    got = OpenBlasOps().gemm(x, y, out=out, trans1=trans1, trans2=trans2)
    assert got.shape == (31, 9)
    assert got.dtype == numpy.float32
    numpy.testing.assert_allclose(got, expected, rtol=1e-5)
    if out is not None:
        assert got is out


def test_only_munidocs_model_takes_the_ops() -> None:
    before = type(get_current_ops())
    nlp = nlp_module.build_nlp(nlp_module.model_dir(""))
    assert "ner" in nlp.pipe_names  # the model ships with munidocs (extractors/data/ner-model)
    layers = list(nlp.get_pipe("tok2vec").model.walk())
    assert layers and all(isinstance(layer.ops, OpenBlasOps) for layer in layers)
    assert type(get_current_ops()) is before  # a user's own models keep thinc's ops


def test_same_entities_as_thincs_own_ops(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings()
    openblas = nlp_module.build_nlp(nlp_module.model_dir(""))
    monkeypatch.setattr(nlp_module, "model_ops", contextlib.nullcontext)
    blis = nlp_module.build_nlp(nlp_module.model_dir(""))
    assert not isinstance(blis.get_pipe("tok2vec").model.ops, OpenBlasOps)
    found: dict[str, list[tuple[int, str, str, int]]] = {}
    for pdf in sorted(CORPUS.glob("*.pdf")):
        read = read_stage(pdf, pdf.stem, str(pdf), pdf.name, settings)
        for name, nlp in (("openblas", openblas), ("blis", blis)):
            monkeypatch.setattr("munidocs.extractors.entities.extract.get_nlp", lambda _m, n=nlp: n)
            records = extract_entities(
                pdf.stem, read.pages, settings.entities, title=read.document.title,
                furniture=read.furniture, cells=read.table_cells,
            )  # fmt: skip
            found.setdefault(name, []).extend(
                (e.page, e.label, e.text, e.start) for e in records.entities
            )
    assert len(found["openblas"]) > 50
    assert found["openblas"] == found["blis"]


@pytest.mark.parametrize(("setting", "expected"), [(1, {1}), (0, None)])
def test_model_runs_on_the_blas_threads_the_settings_say(
    monkeypatch: pytest.MonkeyPatch, setting: int, expected: set[int] | None
) -> None:
    """The products run under `entities.blas_threads`; 0 leaves OpenBLAS's own choice."""
    nlp_module.get_nlp()  # built first: its rulers run their patterns through the model
    own = {i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"}
    seen: set[int] = set()
    gemm = OpenBlasOps.gemm

    def counting(self: OpenBlasOps, *args: Any, **kwargs: Any) -> Any:
        seen.update(i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas")
        return gemm(self, *args, **kwargs)

    monkeypatch.setattr(OpenBlasOps, "gemm", counting)
    settings = Settings().with_overrides({"entities.blas_threads": setting})
    pdf = sorted(CORPUS.glob("svar-*.pdf"))[0]
    read = read_stage(pdf, pdf.stem, str(pdf), pdf.name, settings)
    records = extract_entities(pdf.stem, read.pages, settings.entities, title=read.document.title)
    assert records.entities
    assert seen == (expected if expected is not None else own)
    assert {i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"} == own


def test_blas_threads_must_not_be_negative() -> None:
    with pytest.raises(ValueError, match="blas_threads must not be negative, got -1"):
        Settings().with_overrides({"entities.blas_threads": -1})
