"""The built wheel is a working program on its own: it carries its templates and data, and an
installed ``roadmap brief`` renders outside the source checkout."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_TEXT = ROOT / "corpus" / "msit-2023-10-31-ai-bio-roadmap.en.txt"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
                          capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        pytest.skip(f"pip could not build the wheel here (no build backend to be had?): {proc.stderr[-300:]}")
    (built,) = out.glob("*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """The wheel unpacked into a folder of its own, as pip installs it (dependencies come from this venv)."""
    site = tmp_path_factory.mktemp("site")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site),
                    str(wheel)], check=True, capture_output=True, timeout=300)
    return site


def test_wheel_carries_every_template_and_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = {f"pipeline/templates/{p.name}" for p in (ROOT / "templates").glob("*.j2")}
    data = {f"pipeline/data/{p.name}" for p in (ROOT / "pipeline" / "data").iterdir() if p.is_file()}
    assert templates and templates <= names
    assert data and data <= names


def test_installed_wheel_renders_a_brief_outside_the_checkout(installed, tmp_path):
    work = tmp_path / "elsewhere"
    work.mkdir()
    release = work / SAMPLE_TEXT.name
    release.write_bytes(SAMPLE_TEXT.read_bytes())
    # The installed copy comes first on the path, so nothing of the checkout is imported.
    env = dict(os.environ, PYTHONPATH=str(installed), PYTHONIOENCODING="utf-8")
    where = subprocess.run([sys.executable, "-c", "import pipeline; print(pipeline.__file__)"], cwd=work, env=env,
                           capture_output=True, text=True, check=True)
    assert Path(where.stdout.strip()).is_relative_to(installed)

    proc = subprocess.run([sys.executable, "-m", "pipeline", "brief", release.name, "--lang", "both",
                           "--db", "store.db", "--out", "briefs"], cwd=work, env=env, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    briefs = sorted(p.name for p in (work / "briefs").iterdir())
    assert briefs == [f"{release.stem}.en.md", f"{release.stem}.ko.md"]
    english = (work / "briefs" / f"{release.stem}.en.md").read_text(encoding="utf-8")
    assert english.startswith("# Strategic Roadmap for Artificial Intelligence and Advanced Biotechnology")
