"""munidocs installs as one package: `munidocs.*` only, with its data, importable anywhere."""

from __future__ import annotations

import re
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

TOP_LEVEL = ("flows", "extractors", "models", "corpus")
BARE_IMPORT = re.compile(rf"^\s*(?:from|import)\s+({'|'.join(TOP_LEVEL)})\b", re.M)


def test_no_module_imports_a_bare_top_level_package() -> None:
    offenders = []
    files = [
        p for d in (*TOP_LEVEL, "tests", "benchmarks", "tools") for p in (ROOT / d).rglob("*.py")
    ]
    for path in [*files, *(ROOT / "munidocs").glob("*.py")]:
        for match in BARE_IMPORT.finditer(path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(ROOT)}: {match.group(0).strip()}")
    assert offenders == []


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    [built] = out.glob("munidocs-*.whl")
    return built


def test_the_wheel_holds_only_munidocs_and_its_data(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in names} == {
        "munidocs",
        wheel.name.split("-py3")[0] + ".dist-info",
    }
    for needed in (
        "munidocs/corpus/sources.toml",
        "munidocs/corpus/pdfs/BI35-stoette-til-vaerested-under-LGBT-Asylum.pdf",
        "munidocs/extractors/data/gazetteer.csv",
        "munidocs/extractors/data/ner-model/config.cfg",
        "munidocs/flows/cli/__init__.py",
    ):
        assert needed in names
    assert not [n for n in names if n.startswith(("munidocs/tools", "tools/", "tests/"))]
    assert not [n for n in names if "/uner/" in n]  # training data stays out of the package


def test_a_fresh_venv_imports_munidocs_but_not_models(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--quiet", str(wheel)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    # third-party dependencies from the test environment, but not its editable munidocs
    site = Path(sysconfig.get_paths()["purelib"])
    [target] = (env_dir / "lib").glob("python3*/site-packages")
    (target / "deps.pth").write_text(f"{site}\n", encoding="utf-8")
    elsewhere = tmp_path / "notebook"
    elsewhere.mkdir()

    bare = subprocess.run(
        [str(python), "-c", "import models"], cwd=elsewhere, capture_output=True, text=True
    )
    assert bare.returncode == 1 and "No module named 'models'" in bare.stderr

    code = (
        "import munidocs, munidocs.models as m; from munidocs.extractors.resources import "
        "corpus_path; r = munidocs.process_pdf(corpus_path('pdfs') / "
        "'svar-vedr-overtagelse-af-integrationsansvar.pdf'); "
        "print(m.__file__); print(r.document.doc_type, len(r.law_references))"
    )
    used = subprocess.run(
        [str(python), "-c", code], cwd=elsewhere, capture_output=True, text=True, timeout=300
    )
    assert used.returncode == 0, used.stderr
    where, answer = used.stdout.strip().splitlines()
    assert where.startswith(str(target))  # the installed copy, not the checkout
    assert answer == "correspondence 6"
