"""The offline kit (a closed network reaches no package registry): built, installed with the
index disabled and only the kit's wheels, run, and upgraded over an older install."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.tags import compatible_tags, cpython_tags
from packaging.utils import canonicalize_name, parse_wheel_filename

from tests.support.paths import ROOT

sys.path.insert(0, str(ROOT / "kit"))
import build as kit

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="runs the kit's install.sh")

FIXTURE_V1 = ROOT / "tests" / "store" / "fixtures" / "schema_v1.db"


def offline_env() -> dict[str, str]:
    """As on the closed network: no index, and no wheel folder but the kit's own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "VIRTUAL_ENV"))}
    env["PIP_NO_INDEX"] = "1"
    return env


def unpack(zip_path: Path, into: Path) -> Path:
    with zipfile.ZipFile(zip_path) as archive:
        for info in archive.infolist():
            archive.extract(info, into)
            mode = info.external_attr >> 16 & 0o777
            if mode:
                os.chmod(into / info.filename, mode)
    (folder,) = [p for p in into.iterdir() if p.is_dir()]
    return folder


def run(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(args), cwd=folder, env=offline_env(), capture_output=True, text=True, timeout=300
    )


def project_copy(tmp_path: Path, version: str) -> Path:
    """The project as a later release would be: its own version number."""
    copy = tmp_path / f"project-{version}"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "data", "exports", "dist", "build", "*.egg-info", "__pycache__"
        ),
    )
    init = copy / "pia_meeting" / "__init__.py"
    text = init.read_text("utf-8")
    init.write_text(text.replace(f'"{kit.project_version()}"', f'"{version}"'), "utf-8")
    return copy


def test_the_kit_installs_and_runs_with_no_index(tmp_path: Path) -> None:
    here = [kit.Target(kit.current_platform(), kit.current_python())]
    zip_path = kit.build_kit(tmp_path / "dist", here)
    assert zip_path.name == f"pia-meeting-kit-{kit.project_version()}.zip"
    # A folder name with a space and Japanese in it, as a user's documents folder may have.
    folder = unpack(zip_path, tmp_path / "庁内 配布")
    names = {p.name for p in folder.iterdir()}
    assert {"install.bat", "install.sh", "pia-meeting.bat", "pia-meeting.sh"} <= names
    assert {"はじめにお読みください.txt", "SHA256SUMS", "wheels"} <= names
    for line in (folder / "SHA256SUMS").read_text("utf-8").splitlines():
        digest, name = line.split("  ", 1)
        assert kit._sha256(folder / name) == digest, name
    assert b"\r\n" in (folder / "install.bat").read_bytes()  # cmd.exe reads CRLF

    installed = run(folder, "./install.sh")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    demo = run(folder, "./pia-meeting.sh", "demo", "--no-open")
    assert demo.returncode == 0, demo.stderr
    meeting_id = demo.stdout.strip()
    assert (folder / "data" / "pia_meeting.db").is_file()
    exported = run(folder, "./pia-meeting.sh", "export", meeting_id, "--format", "txt")
    assert exported.returncode == 0, exported.stderr
    minutes = Path(exported.stdout.strip())
    written = minutes if minutes.is_absolute() else folder / minutes
    assert "議事録" in written.read_text("utf-8")


def test_a_newer_kit_over_an_older_one_keeps_the_data(tmp_path: Path) -> None:
    here = [kit.Target(kit.current_platform(), kit.current_python())]
    old = kit.build_kit(tmp_path / "old", here)
    folder = unpack(old, tmp_path / "kit")
    assert run(folder, "./install.sh").returncode == 0
    # Data left by an old release: a database at the first schema.
    (folder / "data").mkdir()
    shutil.copy(FIXTURE_V1, folder / "data" / "pia_meeting.db")
    before = run(folder, "./pia-meeting.sh", "list")
    assert before.returncode == 0, before.stderr

    newer = kit.build_kit(
        tmp_path / "new", here, project=project_copy(tmp_path, "99.0.0"), version="99.0.0"
    )
    with zipfile.ZipFile(newer) as archive:  # unpacked over the old one, as the read-me says
        for info in archive.infolist():
            target = folder / info.filename.split("/", 1)[1]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(info))
            os.chmod(target, info.external_attr >> 16 & 0o777 or 0o644)
    upgraded = run(folder, "./install.sh")
    assert upgraded.returncode == 0, upgraded.stdout + upgraded.stderr
    assert run(folder, ".venv/bin/pia-meeting", "--version").stdout.strip() == (
        "pia-meeting 99.0.0"
    )
    after = run(folder, "./pia-meeting.sh", "list")
    assert after.returncode == 0, after.stderr
    assert after.stdout == before.stdout and after.stdout.strip()


def _windows_environment(python: str) -> dict[str, str]:
    env = default_environment()
    env.update(
        sys_platform="win32",
        platform_system="Windows",
        os_name="nt",
        platform_machine="AMD64",
        python_version=python,
        python_full_version=f"{python}.0",
        implementation_name="cpython",
        platform_python_implementation="CPython",
    )
    return env


def _installs_on(wheel: str, python: str) -> bool:
    """Whether pip on CPython `python` for 64-bit Windows would take this wheel."""
    version = tuple(int(part) for part in python.split("."))
    interpreter = f"cp{version[0]}{version[1]}"
    compatible = {
        *cpython_tags(version, platforms=["win_amd64"]),
        *compatible_tags(version, interpreter, platforms=["win_amd64"]),
    }
    return bool(parse_wheel_filename(wheel)[3] & compatible)


def _requires(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = archive.read(name).decode("utf-8")
    return [
        line.split(":", 1)[1].strip()
        for line in metadata.splitlines()
        if line.startswith("Requires-Dist:")
    ]


def test_the_windows_set_has_a_wheel_for_every_dependency(tmp_path: Path) -> None:
    targets = [kit.Target("windows", python) for python in kit.PYTHONS]
    folder = unpack(kit.build_kit(tmp_path / "dist", targets), tmp_path / "kit")
    wheels = sorted((folder / "wheels").glob("*.whl"))
    from importlib.metadata import requires

    for python in kit.PYTHONS:
        env = _windows_environment(python)
        # From the installed project's own metadata, then each dependency's, as pip would.
        wanted = [Requirement(r) for r in requires("pia-meeting") or []]
        seen: set[str] = set()
        while wanted:
            requirement = wanted.pop()
            if requirement.marker is not None and not requirement.marker.evaluate(
                env | {"extra": ""}
            ):
                continue
            name = canonicalize_name(requirement.name)
            if name in seen:
                continue
            seen.add(name)
            found = [
                w
                for w in wheels
                if canonicalize_name(parse_wheel_filename(w.name)[0]) == name
                and _installs_on(w.name, python)
                and parse_wheel_filename(w.name)[1] in requirement.specifier
            ]
            assert found, f"{requirement} に CPython {python} (win_amd64) の wheel がありません"
            wanted += [Requirement(r) for r in _requires(found[-1])]
        assert {"textual", "python-docx", "lxml", "pendulum", "psutil"} <= seen


def test_a_target_without_wheels_fails_the_build_and_names_it(tmp_path: Path) -> None:
    # No dependency with compiled code (lxml, pendulum) has wheels for a Python of the future.
    with pytest.raises(kit.KitError) as refused:
        kit.build_kit(tmp_path / "dist", [kit.Target("windows", "3.99")])
    assert "windows / CPython 3.99" in str(refused.value)
    assert not list((tmp_path / "dist").glob("*.zip"))
