"""Each portal's official documents as a function of (seed, host): what they say, not files.

A document is laid out as Nghị định 30/2020/NĐ-CP has it: issuer block, number, motto,
place and date, type, subject (trích yếu), body, recipients and signature block. Files are
rendered from it by :mod:`sandbox.documents.files`; its ground truth is :meth:`OfficialDoc.truth`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from sandbox.portals import PortalSpec, specs_by_host
from sandbox.slug import slugify

DOCS_PER_PORTAL = 6
# format of the n-th document of a portal (a scan is a PDF without a text layer)
FORMATS = ("pdf", "docx", "scan", "doc", "pdf", "docx")
SPECS = specs_by_host()

TYPES = (  # (type, heading, abbreviation in the number)
    ("Quyết định", "QUYẾT ĐỊNH", "QĐ"),
    ("Kế hoạch", "KẾ HOẠCH", "KH"),
    ("Thông báo", "THÔNG BÁO", "TB"),
    ("Công văn", None, None),
    ("Chỉ thị", "CHỈ THỊ", "CT"),
    ("Báo cáo", "BÁO CÁO", "BC"),
)
SUBJECTS = (
    "Về việc ban hành Quy chế làm việc của Ủy ban nhân dân nhiệm kỳ 2021 - 2026",
    "Về việc thành lập Tổ công tác rà soát thủ tục hành chính",
    "Về việc tăng cường công tác phòng, chống thiên tai và tìm kiếm cứu nạn",
    "Về việc tổ chức các hoạt động kỷ niệm Ngày Quốc khánh 2/9",
    "Về việc triển khai thực hiện chuyển đổi số năm 2024",
    "Về việc đẩy mạnh cải cách hành chính và nâng cao chỉ số hài lòng",
    "Về việc phê duyệt kế hoạch sử dụng đất năm 2024",
    "Về việc kiện toàn Ban chỉ đạo phòng, chống dịch bệnh",
)
SENTENCES = (
    "Các phòng, ban chuyên môn chủ động triển khai các nhiệm vụ được giao đúng tiến độ.",
    "Ủy ban nhân dân các xã, phường báo cáo kết quả thực hiện trước ngày 25 hằng tháng.",
    "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân theo dõi, đôn đốc việc thực hiện.",
    "Kinh phí thực hiện được bố trí từ nguồn ngân sách địa phương năm 2024.",
    "Người đứng đầu cơ quan, đơn vị chịu trách nhiệm trước Chủ tịch về kết quả thực hiện.",
    "Phòng Tài chính - Kế hoạch hướng dẫn các đơn vị lập dự toán theo quy định.",
    "Trung tâm Văn hóa - Thông tin tuyên truyền rộng rãi nội dung này đến Nhân dân.",
    "Công an thị xã phối hợp bảo đảm an ninh trật tự trong thời gian tổ chức.",
    "Các cơ quan, đơn vị tổng hợp khó khăn, vướng mắc gửi về Văn phòng để xử lý.",
    "Trong quá trình thực hiện, nếu có vướng mắc, các đơn vị phản ánh kịp thời.",
    "Hội Liên hiệp Phụ nữ và Đoàn Thanh niên vận động hội viên tích cực tham gia.",
    "Phòng Nội vụ thẩm định hồ sơ và trình cấp có thẩm quyền xem xét quyết định.",
)
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Vũ", "Đỗ", "Bùi", "Đặng", "Hoàng", "Phan")
MIDDLES = ("Văn", "Thị", "Đức", "Quang", "Minh", "Thanh", "Hữu", "Ngọc")
GIVENS = ("Hùng", "Lan", "Tuấn", "Hương", "Dũng", "Thắng", "Hải", "Phương", "Long", "Hà")
TITLES = (("CHỦ TỊCH",), ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"))
GROUND = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"
UNIT_TITLES = {"tỉnh": "TỈNH", "thị xã": "THỊ XÃ", "huyện": "HUYỆN", "xã": "XÃ", "phường": "PHƯỜNG"}


@dataclass(frozen=True)
class OfficialDoc:
    host: str
    id: int
    index: int
    fmt: str  # pdf | scan | docx | doc
    doc_type: str
    heading: str | None
    number: str
    issuer_lines: tuple[str, ...]
    place: str
    issued: date
    subject: str
    body: tuple[str, ...]
    recipients: tuple[str, ...]
    title_lines: tuple[str, ...]
    signer: str

    @property
    def issuer(self) -> str:
        return " ".join(self.issuer_lines)

    @property
    def signer_title(self) -> str:
        return " ".join(self.title_lines)

    @property
    def place_date(self) -> str:
        d = self.issued
        return f"{self.place}, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"

    @property
    def extension(self) -> str:
        return "pdf" if self.fmt == "scan" else self.fmt

    @property
    def filename(self) -> str:
        """The file's name as the portal gives it ("182-QĐ-UBND Về việc ….pdf")."""
        number = self.number.replace("/", "-")
        return f"{number} {self.subject[:60].rstrip()}.{self.extension}"

    @property
    def slug(self) -> str:
        return f"{slugify(self.number.replace('/', '-'))}-{self.id}"

    @property
    def on_file_host(self) -> bool:
        """Every other document is served from the province's file host."""
        return self.index % 2 == 1

    def lines(self) -> list[str]:
        """The document's text, a line per printed line, in reading order."""
        out = [*self.issuer_lines, f"Số: {self.number}"]
        if self.heading is None:
            out.append(f"V/v {self.subject[8:]}" if self.subject.startswith("Về việc") else "")
        out += ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
        out.append(self.place_date)
        if self.heading:
            out += [self.heading, self.subject]
        out += list(self.body)
        out += ["Nơi nhận:", *self.recipients, *self.title_lines, self.signer]
        return out

    def truth(self) -> dict[str, object]:
        return {
            "host": self.host,
            "id": self.id,
            "format": self.fmt,
            "scanned": self.fmt == "scan",
            "doc_type": self.doc_type,
            "number": self.number,
            "issuer": self.issuer,
            "issued_date": self.issued.isoformat(),
            "place": self.place,
            "subject": self.subject if self.heading else f"V/v {self.subject[8:]}",
            "signer": self.signer,
            "signer_title": self.signer_title,
            "text": "\n".join(self.lines()),
            "sentences": [s for s in self.body if not s.startswith("Căn cứ")],
            "filename": self.filename,
        }


def _issuer_lines(spec: PortalSpec) -> tuple[str, ...]:
    unit = f"{UNIT_TITLES.get(spec.kind, spec.kind.upper())} {spec.place.upper()}"
    return ("ỦY BAN NHÂN DÂN", unit)


@lru_cache(maxsize=64)
def portal_documents(seed: int, host: str, count: int = DOCS_PER_PORTAL) -> tuple[OfficialDoc, ...]:
    spec = SPECS[host]
    rng = random.Random(f"{seed}|{host}|documents")
    first = rng.randint(100, 900)
    docs = []
    for index in range(count):
        doc_type, heading, abbr = TYPES[(index + rng.randint(0, 5)) % len(TYPES)]
        serial = first + index * rng.randint(3, 17)
        suffix = f"{abbr}-UBND" if abbr else "UBND-VP"
        issued = date(2024, 2, 28) - timedelta(days=index * 23 + rng.randint(0, 20))
        body = [GROUND] + [
            f"Điều {n + 1}. {s}" if heading == "QUYẾT ĐỊNH" else s
            for n, s in enumerate(rng.sample(SENTENCES, 6))
        ]
        signer = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVENS)}"
        docs.append(
            OfficialDoc(
                host=host,
                id=first * 10 + index,
                index=index,
                fmt=FORMATS[index % len(FORMATS)],
                doc_type=doc_type,
                heading=heading,
                number=f"{serial}/{suffix}",
                issuer_lines=_issuer_lines(spec),
                place=spec.place,
                issued=issued,
                subject=rng.choice(SUBJECTS),
                body=tuple(body),
                recipients=("- Như Điều 3;", "- Lưu: VT."),
                title_lines=rng.choice(TITLES),
                signer=signer,
            )
        )
    return tuple(docs)
