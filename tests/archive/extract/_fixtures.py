"""Hand-written portal pages modelled on the four layouts seen on haiduong.gov.vn portals."""

from __future__ import annotations

from pathlib import Path

from archive.extract import Extraction, extract

FIXTURES = Path(__file__).parent / "fixtures"
URL = "https://kinhmon.haiduong.gov.vn/tin-tuc/bai-viet-123.html"

# strings that must never reach the main text of an article
CHROME = [
    "Các tin khác", "Các tin mới hơn", "Các bài liên quan", "Tin liên quan",
    "Tin cùng chuyên mục", "Tin mới nhất", "Đang truy cập", "Đang online", "Hôm nay",
    "Tất cả:", "Lượt truy cập", "Thống kê truy cập", "Kết quả giải quyết TTHC",
    "Số hồ sơ xử lý", "Trễ hạn", "Liên kết website", "LIÊN KẾT WEBSITE", "Trưởng Ban Biên tập",
    "Ghi rõ nguồn", "Địa chỉ:", "Điện thoại:", "In bài viết", "Chia sẻ", "Gửi email",
    "Quay lại", "Xem tiếp", "Bình luận", ".jpg", "Đọc nhiều nhất", "Giấy phép",
    "Chọn liên kết", "TRANG CHỦ", "Cổng thông tin điện tử", "Trang thông tin điện tử",
]  # fmt: skip


def load(name: str) -> bytes:
    return (FIXTURES / f"{name}.html").read_bytes()


def run(name: str, **kwargs: str) -> Extraction:
    return extract(load(name), URL, **kwargs)
