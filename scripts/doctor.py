"""Say what the machine lacks for building and testing the guide, and install it where we can.

    python scripts/doctor.py            # report; exit 1 if something is missing
    python scripts/doctor.py --install  # on Debian as root, apt-get install what is missing

Needed beyond the Python packages: a Chrome or Chromium (diagram checks, browser tests, the PDF)
and poppler's pdftotext/pdftoppm (the PDF tests).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from local_site import find_browser  # noqa: E402


def missing() -> dict[str, str]:
    """What is missing: name -> the Debian package that provides it."""
    lacking = {}
    if find_browser() is None:
        lacking["Chrome or Chromium"] = "chromium"
    for tool in ("pdftotext", "pdftoppm"):
        if shutil.which(tool) is None:
            lacking[tool] = "poppler-utils"
    return lacking


def can_apt() -> bool:
    return Path("/etc/debian_version").is_file() and hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get") is not None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check (and on Debian as root, install) the system tools the guide needs.")
    parser.add_argument("--install", action="store_true", help="install what is missing with apt-get (Debian, as root)")
    args = parser.parse_args(argv)
    lacking = missing()
    if not lacking:
        print(f"doctor: browser {find_browser()}, poppler {shutil.which('pdftoppm')}: all present")
        return 0
    packages = sorted(set(lacking.values()))
    if args.install and can_apt():
        print(f"doctor: installing {' '.join(packages)} with apt-get")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", *packages]):
            if subprocess.run(command, env=env).returncode != 0:
                print(f"doctor: '{' '.join(command)}' failed", file=sys.stderr)
                return 1
        lacking = missing()
        if not lacking:
            return 0
    for what in lacking:
        print(f"doctor: missing {what}", file=sys.stderr)
    if sys.platform == "darwin":
        hint = "brew install --cask chromium && brew install poppler"
    else:
        hint = f"sudo apt-get install {' '.join(packages)}   (or set CHROME_PATH to an existing Chrome)"
    print(f"doctor: to get it, run: {hint}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
