"""Build the catalog's data files in archive/catalog/data/ from the vietnam-provinces package.

    python3 scripts/build_units.py [--old 0.6.0] [--new 2025.10.1] [--out archive/catalog/data]

Both releases use the module name ``vietnam_provinces``, so each is installed into its own
throw-away venv under /tmp and read there by a child Python; the project never depends on
the package. Written files (each starts with ``#`` lines recording source and version):

- ``units-2024.csv.gz``  the hierarchy before the 2025 reform: provinces, districts, communes
- ``units-2025.csv.gz``  the hierarchy since 1 July 2025: provinces, communes/wards
- ``province-merger-2025.csv``  old province code → new province code (hand-written below,
  Resolution 202/2025/QH15), checked against both hierarchies
- ``portals.csv``  the bundled catalog: one portal per old province plus the reference
  district and commune portals
- ``commune-merger-2025.csv.gz``  old commune/ward code → the new commune(s)/ward(s) it went
  into. vietnam-provinces has no such mapping (neither 0.6.0 nor 2025.10.1: each release
  holds one hierarchy); it comes from vietnamadminunits (PyPI, MIT; data from the GSO's
  danhmuchanhchinh.gso.gov.vn and sapnhap.bando.com.vn), installed without its dependencies
  and read as data: its ``converter_2025.json`` maps old (province, district, ward) keys to
  new ward keys, with a default for wards split between several; its ``dataset.db`` gives
  the GSO codes of those keys, which are checked against both vietnam-provinces hierarchies.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "archive" / "catalog" / "data"

# Resolution 202/2025/QH15 of the National Assembly (12 June 2025, in force 1 July 2025):
# 63 provinces → 34. New province code (GSO, kept from the province holding the new seat)
# → the old provinces merged into it. Provinces mapped to themselves alone are unchanged.
MERGER_2025: dict[int, tuple[int, ...]] = {
    1: (1,),  # Hà Nội
    4: (4,),  # Cao Bằng
    8: (8, 2),  # Tuyên Quang ← Tuyên Quang + Hà Giang
    11: (11,),  # Điện Biên
    12: (12,),  # Lai Châu
    14: (14,),  # Sơn La
    15: (10, 15),  # Lào Cai ← Lào Cai + Yên Bái
    19: (19, 6),  # Thái Nguyên ← Thái Nguyên + Bắc Kạn
    20: (20,),  # Lạng Sơn
    22: (22,),  # Quảng Ninh
    24: (27, 24),  # Bắc Ninh ← Bắc Ninh + Bắc Giang
    25: (25, 26, 17),  # Phú Thọ ← Phú Thọ + Vĩnh Phúc + Hòa Bình
    31: (31, 30),  # Hải Phòng ← Hải Phòng + Hải Dương
    33: (33, 34),  # Hưng Yên ← Hưng Yên + Thái Bình
    37: (37, 35, 36),  # Ninh Bình ← Ninh Bình + Hà Nam + Nam Định
    38: (38,),  # Thanh Hóa
    40: (40,),  # Nghệ An
    42: (42,),  # Hà Tĩnh
    44: (45, 44),  # Quảng Trị ← Quảng Trị + Quảng Bình
    46: (46,),  # Huế
    48: (48, 49),  # Đà Nẵng ← Đà Nẵng + Quảng Nam
    51: (51, 62),  # Quảng Ngãi ← Quảng Ngãi + Kon Tum
    52: (64, 52),  # Gia Lai ← Gia Lai + Bình Định
    56: (56, 58),  # Khánh Hòa ← Khánh Hòa + Ninh Thuận
    66: (66, 54),  # Đắk Lắk ← Đắk Lắk + Phú Yên
    68: (68, 67, 60),  # Lâm Đồng ← Lâm Đồng + Đắk Nông + Bình Thuận
    75: (75, 70),  # Đồng Nai ← Đồng Nai + Bình Phước
    79: (79, 74, 77),  # Hồ Chí Minh ← Hồ Chí Minh + Bình Dương + Bà Rịa - Vũng Tàu
    80: (72, 80),  # Tây Ninh ← Tây Ninh + Long An
    82: (87, 82),  # Đồng Tháp ← Đồng Tháp + Tiền Giang
    86: (86, 83, 84),  # Vĩnh Long ← Vĩnh Long + Bến Tre + Trà Vinh
    91: (89, 91),  # An Giang ← An Giang + Kiên Giang
    92: (92, 93, 94),  # Cần Thơ ← Cần Thơ + Hậu Giang + Sóc Trăng
    96: (96, 95),  # Cà Mau ← Cà Mau + Bạc Liêu
}
MERGER_SOURCE = "Resolution 202/2025/QH15 (12 June 2025, in force 1 July 2025), hand-encoded"

# Provincial portals whose host is not the province name run together (sure cases only).
PROVINCE_HOST_EXCEPTIONS = {
    79: "hochiminhcity.gov.vn",
    77: "baria-vungtau.gov.vn",
}
# The reference district and commune portals: host → (level, old unit name path).
REFERENCE_PORTALS = {
    "kinhmon.haiduong.gov.vn": ("district", ("Hải Dương", "Kinh Môn")),
    "kimthanh.haiduong.gov.vn": ("district", ("Hải Dương", "Kim Thành")),
    "quangthanh.kinhmon.haiduong.gov.vn": ("commune", ("Hải Dương", "Kinh Môn", "Quang Thành")),
    "kienthuy.haiphong.gov.vn": ("district", ("Hải Phòng", "Kiến Thụy")),
    "hatrung.thanhhoa.gov.vn": ("district", ("Thanh Hóa", "Hà Trung")),
}

READER = r"""
import json, vietnam_provinces as vp
print(json.dumps({"version": vp.__version__, "data_version": vp.__data_version__,
                  "tree": json.load(open(vp.NESTED_DIVISIONS_JSON_PATH, encoding="utf-8"))}))
"""

MAPPING_PACKAGE = "vietnamadminunits"
MAPPING_READER = r"""
import importlib.metadata, importlib.util, json, os, sqlite3
root = importlib.util.find_spec("vietnamadminunits").submodule_search_locations[0]
data = os.path.join(root, "data")
db = sqlite3.connect(os.path.join(data, "dataset.db"))
legacy = {f"{p}_{d}_{w or ''}": c for p, d, w, c in db.execute(
    "SELECT provinceKey, districtKey, wardKey, wardCode FROM admin_units_legacy")}
new = {f"{p}_{w}": c for p, w, c in db.execute(
    "SELECT provinceKey, wardKey, wardCode FROM admin_units")}
print(json.dumps({"version": importlib.metadata.version("vietnamadminunits"),
                  "legacy": legacy, "new": new,
                  "converter": json.load(open(os.path.join(data, "converter_2025.json")))}))
"""

TYPE_WORDS = ("Thành phố", "Tỉnh", "Quận", "Huyện", "Thị xã", "Thị trấn", "Xã", "Phường", "Đặc khu")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def bare(name: str) -> str:
    """The name without its unit-type word: 'Thị xã Kinh Môn' → 'Kinh Môn'."""
    for word in TYPE_WORDS:
        if name.startswith(word + " "):
            return name[len(word) + 1 :]
    return name


def slug(name: str) -> str:
    text = unicodedata.normalize("NFD", bare(nfc(name)).replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in text.lower() if c.isascii() and c.isalnum())


def load_release(version: str, workdir: Path, package: str = "vietnam-provinces") -> dict:
    """Install ``package==version`` alone (no dependencies) in a throw-away venv and read its
    data there with a child Python."""
    venv = workdir / f"{package}-{version}"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps"]
    subprocess.run([*pip, f"{package}=={version}"], check=True)
    reader = MAPPING_READER if package == MAPPING_PACKAGE else READER
    out = subprocess.run(
        [str(venv / "bin" / "python"), "-c", reader], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout)


def commune_mapping(source: dict, old: list[tuple], new: list[tuple]) -> list[tuple]:
    """(old commune code, new commune code, main) rows: one per new unit an old commune went
    into; ``main`` marks the one it went into whole, or mostly (the source's default)."""
    old_codes = {r[1] for r in old if r[0] == "commune"}
    new_codes = {r[1] for r in new if r[0] == "commune"}
    legacy, current = source["legacy"], source["new"]
    pairs: dict[tuple[int, int], int] = {}
    conv = source["converter"]
    for province, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward, olds in wards.items():
            for key in olds:
                pairs[(int(legacy[key] or 0), int(current[f"{province}_{ward}"]))] = 1
    for province, olds in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for key, parts in olds.items():
            for part in parts:
                code = int(current[f"{province}_{part['newWardKey']}"])
                pairs[(int(legacy[key] or 0), code)] = int(bool(part["isDefaultNewWard"]))
    rows = sorted((o, n, m) for (o, n), m in pairs.items() if o in old_codes and n in new_codes)
    assert all(n in new_codes for _, n, _ in rows)
    return rows


def write_mapping(path: Path, rows: list[tuple], source: dict, old: dict, new: dict) -> str:
    mapped = {o for o, _, _ in rows}
    split = {o for o, _, m in rows if not m} | {
        o for o, n, m in rows if m and sum(1 for x in rows if x[0] == o) > 1
    }
    total = sum(1 for r in old_rows(old["tree"]) if r[0] == "commune")
    coverage = (
        f"{len(mapped)} of {total} old communes/wards mapped ({len(split)} split between "
        f"several new ones)"
    )
    head = (
        "# old commune/ward (until 30 June 2025) → new commune/ward (from 1 July 2025)\n"
        f"# source: {MAPPING_PACKAGE} {source['version']} on PyPI (MIT; data from the GSO and "
        "sapnhap.bando.com.vn), keys joined to GSO codes through its dataset.db; codes checked "
        f"against vietnam-provinces {old['version']} (old) and {new['version']} (new)\n"
        f"# coverage: {coverage}\n"
        "# main = 1: the new unit the old one went into whole, or mostly (the source's "
        "default for a split one)\n"
    )
    buf = io.StringIO()
    buf.write(head)
    csv.writer(buf, lineterminator="\n").writerows([("old_code", "new_code", "main"), *rows])
    with gzip.GzipFile(path, "wb", mtime=0) as fh:
        fh.write(buf.getvalue().encode("utf-8"))
    return coverage


def province_name(p: dict) -> str:
    name = nfc(p["name"])
    return name if name.startswith(TYPE_WORDS) else f"Tỉnh {name}"


def old_rows(tree: list[dict]) -> list[tuple]:
    rows = []
    for p in tree:
        rows.append(("province", p["code"], province_name(p), ""))
        for d in p["districts"]:
            rows.append(("district", d["code"], nfc(d["name"]), p["code"]))
            rows += [("commune", w["code"], nfc(w["name"]), d["code"]) for w in d["wards"]]
    return rows


def new_rows(tree: list[dict]) -> list[tuple]:
    rows = []
    for p in tree:
        rows.append(("province", p["code"], province_name(p), ""))
        rows += [("commune", w["code"], nfc(w["name"]), p["code"]) for w in p["wards"]]
    return rows


def header(release: dict, what: str) -> str:
    return (
        f"# {what}\n# source: vietnam-provinces {release['version']} on PyPI "
        f"(data retrieved {release['data_version']}); generated by scripts/build_units.py\n"
        "# columns: level (province|district|commune), GSO code, official name, parent code\n"
    )


def write_units(path: Path, head: str, rows: list[tuple]) -> None:
    buf = io.StringIO()
    buf.write(head)
    csv.writer(buf, lineterminator="\n").writerows([("level", "code", "name", "parent"), *rows])
    with gzip.GzipFile(path, "wb", mtime=0) as fh:
        fh.write(buf.getvalue().encode("utf-8"))


def merger_rows(old: list[tuple], new: list[tuple]) -> list[tuple]:
    old_names = {r[1]: r[2] for r in old if r[0] == "province"}
    new_names = {r[1]: r[2] for r in new if r[0] == "province"}
    mapped = [o for olds in MERGER_2025.values() for o in olds]
    assert sorted(mapped) == sorted(old_names), "every old province maps exactly once"
    assert sorted(MERGER_2025) == sorted(new_names), "every new province is a merger target"
    return sorted(
        (o, old_names[o], n, new_names[n]) for n, olds in MERGER_2025.items() for o in olds
    )


def write_merger(path: Path, rows: list[tuple], old: dict, new: dict) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(
            f"# old province (until 30 June 2025) → new province (from 1 July 2025)\n"
            f"# source: {MERGER_SOURCE}\n"
            f"# names: vietnam-provinces {old['version']} (old), {new['version']} (new)\n"
        )
        w = csv.writer(fh, lineterminator="\n")
        w.writerows([("old_code", "old_name", "new_code", "new_name"), *rows])


def find_code(old: list[tuple], path: tuple[str, ...]) -> int:
    parent: int | str = ""
    code = 0
    for level, name in zip(("province", "district", "commune"), path, strict=False):
        matches = [r for r in old if r[0] == level and slug(r[2]) == slug(name) and r[3] == parent]
        assert len(matches) == 1, (path, matches)
        code = parent = matches[0][1]
    return code


def portal_rows(old: list[tuple]) -> list[tuple]:
    rows = []
    for level, code, name, _ in old:
        if level == "province":
            known = PROVINCE_HOST_EXCEPTIONS.get(code)
            note = "known host" if known else "host from the province name"
            rows.append((known or f"{slug(name)}.gov.vn", "province", code, note))
    for host, (level, path) in REFERENCE_PORTALS.items():
        rows.append((host, level, find_code(old, path), "reference portal"))
    return rows


def write_portals(path: Path, rows: list[tuple], old: dict) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(
            "# the bundled portal catalog: provincial portals <province>.gov.vn named from the\n"
            f"# 63 old provinces (vietnam-provinces {old['version']}; exceptions: "
            f"{', '.join(PROVINCE_HOST_EXCEPTIONS.values())}) and the reference district and\n"
            "# commune portals; unit = old GSO code at that level. Generated by "
            "scripts/build_units.py\n"
        )
        w = csv.writer(fh, lineterminator="\n")
        w.writerows([("host", "level", "unit", "note"), *rows])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--old", default="0.6.0", help="vietnam-provinces release before 2025")
    ap.add_argument("--new", default="2025.10.1", help="vietnam-provinces release after 2025")
    ap.add_argument("--mapping", default="1.0.4", help=f"{MAPPING_PACKAGE} release")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="vnarchive-units-") as tmp:
        old = load_release(args.old, Path(tmp))
        new = load_release(args.new, Path(tmp))
        mapping = load_release(args.mapping, Path(tmp), MAPPING_PACKAGE)
    o_rows, n_rows = old_rows(old["tree"]), new_rows(new["tree"])
    args.out.mkdir(parents=True, exist_ok=True)
    write_units(args.out / "units-2024.csv.gz", header(old, "units before 2025"), o_rows)
    write_units(args.out / "units-2025.csv.gz", header(new, "units since 2025"), n_rows)
    write_merger(args.out / "province-merger-2025.csv", merger_rows(o_rows, n_rows), old, new)
    write_portals(args.out / "portals.csv", portal_rows(o_rows), old)
    coverage = write_mapping(
        args.out / "commune-merger-2025.csv.gz",
        commune_mapping(mapping, o_rows, n_rows),
        mapping,
        old,
        new,
    )
    print(coverage)
    for path in sorted(args.out.iterdir()):
        print(f"{path.stat().st_size:>9,} {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
