"""Fetch the browser libraries the site serves itself, at the versions in vendor.yml.

    python scripts/vendor_assets.py            # refresh docs/assets/vendor/ at the pinned versions
    python scripts/vendor_assets.py --upgrade  # first move each pin to the newest release of its major

Packages come from the npm registry through `npm pack`, so the usual npm configuration
(registry, proxy) applies. Each library's folder gets a VERSION file for the record.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, VENDOR_DIR  # noqa: E402

VENDOR_FILE = ROOT / "vendor.yml"


def npm(*args: str, cwd: Path | None = None) -> str:
    if shutil.which("npm") is None:
        raise SystemExit("vendor_assets: npm is needed to fetch from the npm registry; install Node.js")
    result = subprocess.run(["npm", *args], cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"vendor_assets: 'npm {' '.join(args)}' failed:\n{result.stderr.strip()}")
    return result.stdout


def newest_in_major(name: str, version: str) -> str:
    major = version.split(".")[0]
    versions = json.loads(npm("view", name, "versions", "--json"))
    stable = [v for v in versions if re.fullmatch(rf"{major}\.\d+\.\d+", v)]
    return max(stable, key=lambda v: tuple(int(p) for p in v.split(".")))


def fetch(name: str, version: str, files: dict[str, str], package_name: str | None = None) -> None:
    """Unpack npm package ``package_name`` (default ``name``) and copy ``files`` into vendor/name/."""
    target = VENDOR_DIR / name
    package_name = package_name or name
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        tarball = npm("pack", f"{package_name}@{version}", "--silent", cwd=tmp_path).strip().splitlines()[-1]
        with tarfile.open(tmp_path / tarball) as archive:
            archive.extractall(tmp_path, filter="data")
        package = tmp_path / "package"
        if target.exists():
            shutil.rmtree(target)
        for source, dest in files.items():
            src = package / source
            dst = target / dest
            if source.endswith("/"):
                shutil.copytree(src, dst)
            else:
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dst)
    (target / "VERSION").write_text(f"{package_name}@{version}\n", encoding="utf-8")
    print(f"vendored {name}@{version} into {target.relative_to(ROOT)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--upgrade", action="store_true", help="move each pin to the newest release of its major")
    args = parser.parse_args(argv)

    spec = yaml.safe_load(VENDOR_FILE.read_text(encoding="utf-8"))
    text = VENDOR_FILE.read_text(encoding="utf-8")
    for name, entry in spec.items():
        version = str(entry["version"])
        if args.upgrade:
            newest = newest_in_major(entry.get("package", name), version)
            if newest != version:
                text = re.sub(rf"(?m)^({re.escape(name)}:\n(?:  .*\n)*?  version: ){re.escape(version)}", rf"\g<1>{newest}", text)
                print(f"{name}: {version} -> {newest}")
                version = newest
        fetch(name, version, entry["files"], entry.get("package"))
    if args.upgrade:
        VENDOR_FILE.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
