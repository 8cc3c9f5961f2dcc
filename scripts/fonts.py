"""Thai fonts for rendering test fixtures.

Thai government letters are set in TH Sarabun New 16 pt.  That font is not
free software, so it is never kept in this repository: it is fetched on demand
from the PyPI wheel ``odoo-addon-l10n-th-fonts`` (``pip download --no-deps``,
the wheel is never installed) and only ``THSarabunNew*.ttf`` is unpacked into a
cache folder outside the repository:

    $THAI_CIRCULARS_FONT_DIR, or $XDG_CACHE_HOME/thai-circulars/fonts,
    or ~/.cache/thai-circulars/fonts

When the download is impossible (no network, no pip) the functions fall back
to TLWG Laksaman (Debian package fonts-thai-tlwg-ttf, a TH Sarabun PSK
derivative) and print a warning on stderr.  Renders made with the fallback
look alike but are not byte-identical to renders made with TH Sarabun New.

Set THAI_CIRCULARS_FONT_WHEEL to a local copy of the wheel (a .whl file or a
folder holding one) to unpack from it instead of downloading.

Usage as a script:  python scripts/fonts.py [--fetch]
prints the regular and bold font paths (``--fetch`` re-downloads first).
"""

from __future__ import annotations

import fnmatch
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

WHEEL_NAME = "odoo-addon-l10n-th-fonts"
# Pinned so that renders stay reproducible; the unpinned name is tried next.
WHEEL_VERSION = "18.0.1.0.0.2"
WHEEL_FONT_DIR = "odoo/addons/l10n_th_fonts/static/fonts/"

TLWG_DIR = Path("/usr/share/fonts/truetype/tlwg")
FALLBACK_REGULAR = "Laksaman.ttf"
FALLBACK_BOLD = "Laksaman-Bold.ttf"

# File names a bold face of NAME may carry inside the wheel.
_BOLD_PATTERNS = ("{name} Bold.ttf", "{name}-Bold.ttf", "{name}Bold.ttf", "{name}_Bold.ttf",
                  "{name} bold.ttf", "{name}-bold.ttf")

_fetch_failed: set[str] = set()  # names whose download already failed in this process
_warned: set[str] = set()


class FontFetchError(RuntimeError):
    """The font wheel could not be downloaded or unpacked."""


def cache_dir() -> Path:
    """Folder the fetched fonts are unpacked into (outside the repository)."""
    env = os.environ.get("THAI_CIRCULARS_FONT_DIR")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "thai-circulars" / "fonts"


def _cached(name: str, bold: bool, folder: Path | None = None) -> Path | None:
    folder = folder or cache_dir()
    names = [p.format(name=name) for p in _BOLD_PATTERNS] if bold else [f"{name}.ttf"]
    for candidate in names:
        path = folder / candidate
        if path.is_file() and path.stat().st_size > 0:
            return path
    return None


def _local_wheel() -> Path | None:
    env = os.environ.get("THAI_CIRCULARS_FONT_WHEEL")
    if not env:
        return None
    path = Path(env).expanduser()
    if path.is_dir():
        wheels = sorted(path.glob("odoo_addon_l10n_th_fonts-*.whl"))
        return wheels[-1] if wheels else None
    return path if path.is_file() else None


def _download_wheel(into: Path) -> Path:
    errors = []
    for spec in (f"{WHEEL_NAME}=={WHEEL_VERSION}", WHEEL_NAME):
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
               "--disable-pip-version-check", "-q", spec, "-d", str(into)]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        except (OSError, subprocess.TimeoutExpired) as exc:
            errors.append(f"{spec}: {exc}")
            continue
        wheels = sorted(into.glob("odoo_addon_l10n_th_fonts-*.whl"))
        if proc.returncode == 0 and wheels:
            return wheels[-1]
        last = (proc.stderr.strip().splitlines() or [""])[-1]
        errors.append(f"{spec}: pip exit {proc.returncode}: {last[-200:]}")
    raise FontFetchError("pip download failed: " + " | ".join(errors))


def _unpack(wheel: Path, pattern: str, dest: Path) -> list[Path]:
    """Extract fonts matching PATTERN (a file-name glob) from WHEEL into DEST, atomically."""
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    with zipfile.ZipFile(wheel) as zf:
        for member in zf.namelist():
            if not member.startswith(WHEEL_FONT_DIR):
                continue
            base = member[len(WHEEL_FONT_DIR):]
            if "/" in base or not fnmatch.fnmatch(base, pattern):
                continue
            target = dest / base
            fd, tmp = tempfile.mkstemp(dir=dest, prefix=".part-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(zf.read(member))
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)  # atomic: safe when several processes fetch at once
            out.append(target)
    return out


def fetch_fonts(name: str = "THSarabunNew", dest: Path | None = None) -> list[Path]:
    """Download the wheel (never installed) and unpack ``NAME*.ttf`` into DEST (the cache)."""
    dest = dest or cache_dir()
    wheel = _local_wheel()
    if wheel is not None:
        fonts = _unpack(wheel, f"{name}*.ttf", dest)
    else:
        with tempfile.TemporaryDirectory(prefix="thai-font-wheel-") as tmp:
            fonts = _unpack(_download_wheel(Path(tmp)), f"{name}*.ttf", dest)
    if not fonts:
        raise FontFetchError(f"the wheel holds no {name}*.ttf")
    return fonts


def _ensure(name: str) -> bool:
    """True when NAME is in the cache, fetching it once if needed."""
    if _cached(name, bold=False):
        return True
    if name in _fetch_failed:
        return False
    try:
        fetch_fonts(name)
    except (FontFetchError, OSError, zipfile.BadZipFile) as exc:
        _fetch_failed.add(name)
        if name not in _warned:
            _warned.add(name)
            print(f"warning: could not fetch font {name} ({exc}); falling back to TLWG "
                  f"{FALLBACK_REGULAR} from {TLWG_DIR}", file=sys.stderr)
        return False
    return _cached(name, bold=False) is not None


def _fallback(filename: str) -> Path:
    path = TLWG_DIR / filename
    if not path.is_file():
        raise FileNotFoundError(f"neither the fetched font nor {path} is available "
                                "(apt-get install fonts-thai-tlwg-ttf)")
    return path


def thai_font_path(name: str = "THSarabunNew") -> Path:
    """Path of the regular face of NAME, fetched into the cache when missing.

    Falls back to TLWG Laksaman (with a warning on stderr) when it cannot be fetched.
    """
    if _ensure(name):
        return _cached(name, bold=False)  # type: ignore[return-value]
    return _fallback(FALLBACK_REGULAR)


def thai_bold_font_path(name: str = "THSarabunNew") -> Path | None:
    """Path of the bold face of NAME when the wheel has one, else None.

    (The 18.0 wheel ships only the regular THSarabunNew.ttf: callers then
    embolden the regular face, e.g. Pillow's ``stroke_width``.)  In fallback
    mode this is TLWG Laksaman-Bold.
    """
    if _ensure(name):
        return _cached(name, bold=True)
    return _fallback(FALLBACK_BOLD)


def using_fallback(name: str = "THSarabunNew") -> bool:
    """True when thai_font_path(NAME) is the TLWG fallback."""
    return thai_font_path(name).parent == TLWG_DIR


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--fetch" in argv:
        for path in fetch_fonts():
            print(f"fetched {path}")
    print(f"regular: {thai_font_path()}")
    print(f"bold:    {thai_bold_font_path() or '(none in the wheel: embolden the regular face)'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
