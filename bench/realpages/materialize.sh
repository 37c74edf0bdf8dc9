#!/usr/bin/env bash
# Rebuild the real pages listed in manifest.json from snapshots of the public repositories that
# hold them. Their licences are unknown: use them to develop and measure, never copy them into
# the project. First fetch every repository named in manifest.json (the search tool's fetch);
# then:
#   MIRROR=<folder that fetch puts repositories in> bench/realpages/materialize.sh [OUT_DIR]
#   (default OUT_DIR: $TMPDIR/vnarchive-realpages; bench/extraction.py --real-pages OUT_DIR)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:-${TMPDIR:-/tmp}/vnarchive-realpages}
MIRROR=${MIRROR:?set MIRROR to the folder that holds the fetched repositories}
mkdir -p "$OUT"
python3 - "$HERE/manifest.json" "$OUT" "$MIRROR" <<'PY'
import hashlib, json, os, subprocess, sys
manifest, out, mirror = sys.argv[1:4]
ok = bad = missing = 0
for it in json.load(open(manifest))["items"]:
    gd = os.path.join(mirror, it["repo"].replace("/", "+"), "repo")
    if os.path.isdir(os.path.join(gd, ".git")):
        gd = os.path.join(gd, ".git")
    if not os.path.isdir(gd):
        print(f"fetch github:{it['repo']} first (needed for {it['path']})"); missing += 1; continue
    r = subprocess.run(["git", "--git-dir", gd, "show", f"{it['commit']}:{it['path']}"], capture_output=True)
    if r.returncode or hashlib.sha256(r.stdout).hexdigest() != it["sha256"]:
        print("could not rebuild", it["id"], it["repo"], it["path"]); bad += 1; continue
    open(os.path.join(out, it["local_file"]), "wb").write(r.stdout); ok += 1
print(f"{ok} pages in {out}, {bad} failed, {missing} need a fetch first")
PY
