"""Build the offline kit: one zip to carry onto a closed network (LGWAN) and install there
with no network at all.

    python kit/build.py [--out dist] [--platforms windows,linux] [--pythons 3.11,3.12,3.13]

The zip holds the project's wheel and a wheel of every dependency for each platform and
Python asked for (`pip download --only-binary=:all:`), the install and start scripts for
Windows and Linux, a Japanese read-me and SHA256SUMS. The build fails, naming the target,
when a dependency has no wheel for it: a kit that cannot install is worse than none.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TEMPLATES = HERE / "templates"

# pip takes a platform tag as given: a Linux wheel tagged manylinux_2_28 is not taken for
# "manylinux2014". These are the glibc levels a kit accepts (2.17 = RHEL 7 … 2.28 = RHEL 8).
_MANYLINUX = [f"manylinux_2_{minor}_x86_64" for minor in range(28, 16, -1)] + [
    "manylinux2014_x86_64"
]
PLATFORMS: dict[str, list[str]] = {"windows": ["win_amd64"], "linux": _MANYLINUX}
PYTHONS = ("3.11", "3.12", "3.13")
# Scripts and the read-me: name in the kit, template, line ending. Windows' cmd.exe and
# Notepad want CRLF; the shell wants LF.
FILES = (
    ("install.bat", "install.bat", "\r\n"),
    ("pia-meeting.bat", "pia-meeting.bat", "\r\n"),
    ("install.sh", "install.sh", "\n"),
    ("pia-meeting.sh", "pia-meeting.sh", "\n"),
    ("はじめにお読みください.txt", "readme-ja.txt", "\r\n"),
)
EXECUTABLE = {"install.sh", "pia-meeting.sh"}


class KitError(RuntimeError):
    """The kit cannot be built (the message says which target and why)."""


@dataclass(frozen=True)
class Target:
    platform: str  # windows / linux
    python: str  # 3.12

    @property
    def label(self) -> str:
        return f"{self.platform} / CPython {self.python}"


def current_platform() -> str:
    return "windows" if sys.platform == "win32" else "linux"


def current_python() -> str:
    return f"{sys.version_info.major}.{sys.version_info.minor}"


def project_version() -> str:
    namespace: dict[str, str] = {}
    exec((ROOT / "pia_meeting" / "__init__.py").read_text("utf-8"), namespace)
    return namespace["__version__"]


def _run(command: list[str], what: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-15:])
        raise KitError(f"{what}\n{tail}")


def build_project_wheel(project: Path, into: Path) -> Path:
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "-w",
            str(into),
            str(project),
        ],
        "このプロジェクトの wheel を作れませんでした",
    )
    wheels = sorted(into.glob("pia_meeting-*.whl"))
    if not wheels:
        raise KitError("このプロジェクトの wheel が見つかりません")
    return wheels[-1]


def download_dependencies(project_wheel: Path, target: Target, into: Path) -> None:
    """Every wheel `project_wheel` needs on `target`, resolved by pip for that target."""
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--quiet",
        "--only-binary=:all:",
        "--implementation",
        "cp",
        "--python-version",
        target.python,
        "--dest",
        str(into),
    ]
    for tag in PLATFORMS[target.platform]:
        command += ["--platform", tag]
    _run(
        [*command, str(project_wheel)],
        f"{target.label} 用の wheel がそろいません(依存パッケージに対応する wheel がない可能性)",
    )


def _render(template: str, version: str, ending: str) -> bytes:
    text = (TEMPLATES / template).read_text("utf-8").replace("{version}", version)
    text = text.replace("\r\n", "\n").replace("\n", ending)
    # Notepad on older Windows reads a file without a BOM as the ANSI code page.
    bom = "\ufeff" if template.endswith(".txt") else ""
    return (bom + text).encode("utf-8")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def build_kit(
    out: Path,
    targets: list[Target],
    *,
    project: Path = ROOT,
    version: str | None = None,
) -> Path:
    """Build the kit of `project` for `targets` into `out` and return the zip's path."""
    version = version or project_version()
    name = f"pia-meeting-kit-{version}"
    with tempfile.TemporaryDirectory(prefix="pia-kit-") as work:
        folder = Path(work) / name
        wheels = folder / "wheels"
        wheels.mkdir(parents=True)
        project_wheel = build_project_wheel(project, wheels)
        for target in targets:
            print(f"[kit] {target.label}", file=sys.stderr)
            download_dependencies(project_wheel, target, wheels)
        for kit_name, template, ending in FILES:
            (folder / kit_name).write_bytes(_render(template, version, ending))
        files = sorted(p for p in folder.rglob("*") if p.is_file())
        sums = "".join(f"{_sha256(p)}  {p.relative_to(folder).as_posix()}\n" for p in files)
        (folder / "SHA256SUMS").write_text(sums, encoding="utf-8", newline="\n")
        out.mkdir(parents=True, exist_ok=True)
        target_zip = out / f"{name}.zip"
        partial = out / f".{name}.zip.partial"
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                arcname = f"{name}/{path.relative_to(folder).as_posix()}"
                info = zipfile.ZipInfo.from_file(path, arcname)
                mode = 0o755 if path.name in EXECUTABLE else 0o644
                info.external_attr = (0o100000 | mode) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())
        os.replace(partial, target_zip)
    return target_zip


def _targets(platforms: str, pythons: str) -> list[Target]:
    chosen_platforms = [current_platform() if p == "current" else p for p in platforms.split(",")]
    chosen_pythons = [current_python() if v == "current" else v for v in pythons.split(",")]
    unknown = [p for p in chosen_platforms if p not in PLATFORMS]
    if unknown:
        raise KitError(f"対応していないプラットフォームです: {', '.join(unknown)}")
    return [Target(p, v) for p in chosen_platforms for v in chosen_pythons]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="オフライン導入用キットを作る")
    parser.add_argument("--out", default=str(ROOT / "dist"), help="出力先フォルダ (既定: dist)")
    parser.add_argument("--platforms", default="windows,linux", help="windows,linux,current")
    parser.add_argument("--pythons", default=",".join(PYTHONS), help="3.11,3.12,3.13,current")
    args = parser.parse_args(argv)
    try:
        path = build_kit(Path(args.out), _targets(args.platforms, args.pythons))
    except KitError as exc:
        print(f"kit: {exc}", file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
