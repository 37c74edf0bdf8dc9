"""Phrase bank for the generated Vietnamese prose (all text original, normalised to NFC).

Templates use ``{slot}`` names filled by :mod:`sandbox.prose`; a slot name ending in
digits (``task2``) draws another, different value from the same pool (``task``).
"""

from __future__ import annotations

import unicodedata


def _nfc(items: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(unicodedata.normalize("NFC", item) for item in items)


# -- topics, by topic group ------------------------------------------------------------------
TOPICS: dict[str, tuple[str, ...]] = {
    "economy": _nfc(
        (
            "thu hút đầu tư vào các cụm công nghiệp",
            "giải phóng mặt bằng các dự án giao thông trọng điểm",
            "giải ngân vốn đầu tư công",
            "phát triển sản phẩm OCOP",
            "xây dựng nông thôn mới nâng cao và kiểu mẫu",
            "chuyển đổi cơ cấu cây trồng trên đất lúa kém hiệu quả",
            "sản xuất vụ đông",
            "thu ngân sách nhà nước",
            "phát triển vùng trồng hành, tỏi hàng hóa",
            "hỗ trợ doanh nghiệp nhỏ và vừa",
            "quản lý thị trường, chống buôn lậu và gian lận thương mại",
            "phát triển kinh tế tập thể, hợp tác xã",
            "nâng cấp hệ thống giao thông nông thôn",
            "cải tạo hệ thống kênh mương nội đồng",
            "tích tụ, tập trung ruộng đất",
            "phát triển du lịch gắn với di tích",
        )
    ),
    "society": _nfc(
        (
            "chăm lo Tết cho gia đình chính sách và hộ nghèo",
            "phòng, chống dịch bệnh mùa hè",
            "nâng cao chất lượng giáo dục mũi nhọn",
            "xây dựng trường học đạt chuẩn quốc gia",
            "bảo tồn và phát huy giá trị di tích lịch sử - văn hóa",
            "phát triển phong trào thể dục thể thao quần chúng",
            "tiêm chủng mở rộng cho trẻ em",
            "xây dựng gia đình văn hóa, khu dân cư văn hóa",
            "hỗ trợ xóa nhà tạm, nhà dột nát",
            "bảo hiểm y tế toàn dân",
            "giải quyết việc làm cho lao động nông thôn",
            "tổ chức lễ hội truyền thống mùa xuân",
            "khuyến học, khuyến tài",
            "chăm sóc sức khỏe người cao tuổi",
            "phòng, chống đuối nước ở trẻ em",
        )
    ),
    "directive": _nfc(
        (
            "cải cách thủ tục hành chính",
            "chuyển đổi số trong cơ quan nhà nước",
            "phát triển ứng dụng dữ liệu dân cư theo Đề án 06",
            "phòng, chống thiên tai và tìm kiếm cứu nạn",
            "phòng cháy, chữa cháy trong khu dân cư",
            "quản lý đất đai, trật tự xây dựng",
            "bảo đảm an toàn thực phẩm",
            "phòng, chống bệnh dịch tả lợn châu Phi",
            "thu gom, xử lý rác thải sinh hoạt",
            "phòng, chống rét cho cây trồng, vật nuôi",
            "tiếp công dân và giải quyết đơn thư",
            "cung cấp dịch vụ công trực tuyến",
            "quản lý, bảo vệ hành lang an toàn đê điều",
            "thực hành tiết kiệm, chống lãng phí",
        )
    ),
    "party": _nfc(
        (
            "học tập, quán triệt nghị quyết của Đảng",
            "kết nạp đảng viên mới",
            "nâng cao chất lượng sinh hoạt chi bộ",
            "kiểm tra, giám sát của cấp ủy",
            "đánh giá, xếp loại chất lượng tổ chức cơ sở đảng",
            "dân vận của hệ thống chính trị",
            "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
            "thực hiện các công việc đột phá của nhiệm kỳ",
            "chuẩn bị đại hội đảng bộ các cấp",
            "tiếp xúc cử tri của đại biểu HĐND",
            "bồi dưỡng lý luận chính trị cho đảng viên",
            "xây dựng tổ chức đảng trong doanh nghiệp tư nhân",
        )
    ),
    "security": _nfc(
        (
            "tuyển chọn và gọi công dân nhập ngũ",
            "diễn tập khu vực phòng thủ",
            "bảo đảm trật tự an toàn giao thông",
            "phòng, chống tội phạm và tệ nạn xã hội",
            "xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc",
            "huấn luyện lực lượng dân quân tự vệ",
            "phòng, chống ma túy trong học đường",
            "bảo đảm an ninh trật tự dịp lễ, Tết",
        )
    ),
}

TASKS: dict[str, tuple[str, ...]] = {
    "economy": _nfc(
        (
            "đẩy nhanh tiến độ giải phóng mặt bằng",
            "tháo gỡ khó khăn, vướng mắc cho doanh nghiệp",
            "tăng cường quản lý, khai thác nguồn thu",
            "rà soát, hoàn thiện hồ sơ các tiêu chí nông thôn mới",
            "mở rộng diện tích sản xuất theo hướng an toàn sinh học",
            "xây dựng, quảng bá thương hiệu nông sản địa phương",
            "đôn đốc các nhà thầu bảo đảm chất lượng công trình",
            "nâng cao hiệu quả hoạt động của các hợp tác xã",
            "kêu gọi nhà đầu tư có năng lực vào các khu đô thị",
        )
    ),
    "society": _nfc(
        (
            "quan tâm chăm lo đời sống người có công",
            "tăng cường kiểm tra vệ sinh an toàn thực phẩm",
            "duy trì tỷ lệ huy động trẻ đến trường",
            "đa dạng hóa các hoạt động văn hóa, văn nghệ",
            "vận động người dân tham gia bảo hiểm y tế, bảo hiểm xã hội tự nguyện",
            "tổ chức các hoạt động lễ hội an toàn, tiết kiệm",
            "rà soát, hỗ trợ kịp thời các hộ có hoàn cảnh khó khăn",
            "nâng cao chất lượng khám, chữa bệnh ở tuyến cơ sở",
        )
    ),
    "directive": _nfc(
        (
            "niêm yết công khai thủ tục hành chính tại bộ phận một cửa",
            "xử lý nghiêm các trường hợp vi phạm",
            "tăng cường tuyên truyền để người dân chủ động phòng tránh",
            "rà soát, cập nhật dữ liệu dân cư bảo đảm đúng, đủ, sạch, sống",
            "chuẩn bị đầy đủ vật tư, phương tiện theo phương châm bốn tại chỗ",
            "kiểm tra, chấn chỉnh kỷ luật, kỷ cương hành chính",
            "thu gom, xử lý rác thải đúng quy định",
            "số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
        )
    ),
    "party": _nfc(
        (
            "đổi mới phương thức lãnh đạo của cấp ủy",
            "phát huy vai trò tiên phong, gương mẫu của cán bộ, đảng viên",
            "tăng cường công tác kiểm tra, giám sát",
            "làm tốt công tác phát triển đảng viên",
            "nâng cao chất lượng đội ngũ cán bộ, công chức",
            "giải quyết kịp thời các kiến nghị chính đáng của cử tri",
            "duy trì nền nếp sinh hoạt chi bộ định kỳ",
        )
    ),
    "security": _nfc(
        (
            "nắm chắc tình hình an ninh trật tự ở cơ sở",
            "tăng cường tuần tra, kiểm soát trên các tuyến giao thông",
            "xây dựng lực lượng dân quân vững mạnh, rộng khắp",
            "phát huy hiệu quả các mô hình tự quản về an ninh trật tự",
            "làm tốt công tác tuyên truyền, giáo dục pháp luật",
        )
    ),
}

RESULTS: dict[str, tuple[str, ...]] = {
    "economy": _nfc(
        (
            "Tổng thu ngân sách nhà nước trên địa bàn ước đạt {money} tỷ đồng, bằng {pct}% dự toán.",
            "Giá trị sản xuất công nghiệp tăng {pct_small}% so với cùng kỳ năm trước.",
            "Toàn {kind} đã gieo cấy {ha} ha lúa, đạt 100% kế hoạch.",
            "Đã có {n} sản phẩm được công nhận đạt chuẩn OCOP từ 3 sao trở lên.",
            "Thu nhập bình quân đầu người ước đạt {income} triệu đồng/năm.",
            "Đến nay, {n} dự án đã hoàn thành giải phóng mặt bằng với tổng diện tích {ha_small} ha.",
            "Giá trị sản phẩm thu hoạch trên 1 ha đất trồng trọt đạt {income_ha} triệu đồng.",
            "Tỷ lệ giải ngân vốn đầu tư công đạt {pct}% kế hoạch vốn được giao.",
            "Trên địa bàn hiện có {firms} doanh nghiệp hoạt động, tạo việc làm cho {jobs} lao động.",
        )
    ),
    "society": _nfc(
        (
            "Dịp này, toàn {kind} đã trao {gifts} suất quà tới gia đình chính sách, hộ nghèo.",
            "Tỷ lệ người dân tham gia bảo hiểm y tế đạt {pct_high}%.",
            "Toàn {kind} hiện có {n} trường đạt chuẩn quốc gia, {n_small} trường đạt mức độ 2.",
            "Có {pct_high}% hộ gia đình được công nhận danh hiệu gia đình văn hóa.",
            "Năm học vừa qua, học sinh trên địa bàn đạt {n} giải trong các kỳ thi cấp tỉnh.",
            "Đã giải quyết việc làm mới cho {jobs} lao động, vượt {pct_small}% kế hoạch.",
            "Có {n} căn nhà tạm, nhà dột nát của hộ nghèo đã được hỗ trợ xây mới, sửa chữa.",
            "Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ đạt {pct_high}%.",
        )
    ),
    "directive": _nfc(
        (
            "Bộ phận một cửa đã tiếp nhận {docs} hồ sơ, giải quyết trước và đúng hạn {pct_high}%.",
            "Tỷ lệ hồ sơ thủ tục hành chính nộp trực tuyến đạt {pct}%.",
            "Đã kích hoạt {accounts} tài khoản định danh điện tử mức độ 2.",
            "Các lực lượng chức năng đã kiểm tra {n} cơ sở, xử lý {n_small} trường hợp vi phạm.",
            "Toàn {kind} đã tiêm phòng cho hơn {animals} con gia súc, gia cầm.",
            "Trong kỳ, đã tiếp {n} lượt công dân và giải quyết dứt điểm {n_small} đơn thư.",
        )
    ),
    "party": _nfc(
        (
            "Trong năm, toàn Đảng bộ đã kết nạp {members} đảng viên mới, đạt {pct_high}% chỉ tiêu.",
            "Có {pct_high}% tổ chức cơ sở đảng được đánh giá hoàn thành tốt nhiệm vụ trở lên.",
            "Cấp ủy các cấp đã kiểm tra {n} tổ chức đảng và {n2} đảng viên.",
            "Đã có {opinions} ý kiến, kiến nghị của cử tri được tổng hợp, gửi đến cơ quan chức năng.",
        )
    ),
    "security": _nfc(
        (
            "Năm nay, toàn {kind} có {recruits} thanh niên lên đường nhập ngũ, đạt 100% chỉ tiêu.",
            "Số vụ tai nạn giao thông giảm {n_small} vụ so với cùng kỳ năm trước.",
            "Lực lượng công an đã điều tra, làm rõ {n} vụ án, đạt tỷ lệ {pct_high}%.",
            "Đã tổ chức {n_small} đợt huấn luyện cho {n} lượt cán bộ, chiến sĩ dân quân.",
        )
    ),
}

# -- templates --------------------------------------------------------------------------------
EVENTS = _nfc(
    (
        "triển khai nhiệm vụ {topic} {period}",
        "sơ kết công tác {topic} {period}",
        "tổng kết công tác {topic} năm {prev_year}",
        "kiểm tra công tác {topic}",
        "đẩy mạnh {topic}",
        "tập huấn nghiệp vụ về {topic}",
        "giám sát việc thực hiện {topic}",
        "bàn giải pháp về {topic}",
        "đối thoại với nhân dân về {topic}",
        "ra quân {topic} {period}",
    )
)

TITLES = _nfc(
    (
        "{Place}: {Event}",
        "{Actor} {event}",
        "{Sub} {event}",
        "Hội nghị chuyên đề về {topic} {period}",
        "Chuyển biến tích cực trong {topic} ở {unit}",
        "{Place} phấn đấu {goal}",
        "{Unit} {event}",
        "{Place}: {n_small} kết quả nổi bật trong {topic}",
    )
)

SAPOS = _nfc(
    (
        "{Daypart} {dm}, {actor} tổ chức {meeting} {event}.",
        "{Daypart} {dm}, {actor} đã {event}. Đồng chí {person}, {position} dự và chỉ đạo.",
        "Năm {year}, {actor} xác định {topic} là nhiệm vụ trọng tâm nhằm {task}.",
        "Thực hiện kế hoạch của {superior}, {actor} đã {event}, góp phần {task}.",
        "{Daypart} {dm}, đoàn công tác do đồng chí {person}, {position} làm trưởng đoàn đã {event}.",
    )
)

SENTENCES = _nfc(
    (
        "{Time}, {actor} đã tập trung chỉ đạo {task} và {task2}.",
        "Theo báo cáo, {period}, {unit} đã triển khai đồng bộ nhiều giải pháp về {topic}.",
        "Bên cạnh kết quả đạt được, công tác {topic} vẫn còn hạn chế như {weakness}.",
        "Phát biểu tại {meeting}, đồng chí {person}, {position} ghi nhận những nỗ lực "
        "của các cơ quan, đơn vị trong thời gian qua.",
        "Đồng chí {person}, {position} đề nghị các địa phương {task}; {task2}; đồng thời {task3}.",
        "Trong thời gian tới, {unit} tiếp tục {task}, {task2}, phấn đấu hoàn thành các chỉ tiêu đề ra.",
        "Tại {meeting}, các đại biểu đã thảo luận, làm rõ nguyên nhân của những tồn tại "
        "và đề xuất nhiều giải pháp thiết thực.",
        "Theo đồng chí {person}, {position}, việc {topic} có ý nghĩa quan trọng "
        "đối với sự phát triển của {unit}.",
        "Nhân dịp này, {actor} đã khen thưởng {n_small} tập thể và {n} cá nhân có thành tích "
        "xuất sắc.",
        "Đồng chí {person}, {position} cho biết: “Chúng tôi xác định {topic} là nhiệm vụ "
        "xuyên suốt trong năm {year}”.",
        "Từ đầu năm đến nay, {sub} là một trong những địa phương dẫn đầu {unit} về {topic}.",
        "Kế hoạch được triển khai từ ngày {dm} đến hết tháng {month}/{year}.",
        "Mục tiêu đến năm {target_year}, {unit} phấn đấu {goal}.",
        "Các cơ quan chuyên môn được giao {task}, báo cáo kết quả về {superior} trước ngày {dm2}.",
        "Qua kiểm tra thực tế tại {sub} và {sub2}, đoàn công tác đánh giá cao cách làm "
        "sáng tạo của cơ sở.",
        "Để đạt được kết quả trên, {actor} đã chủ động {task}, huy động sự vào cuộc "
        "của cả hệ thống chính trị.",
        "Nhiều ý kiến cho rằng cần {task} gắn với {task2} để tạo chuyển biến rõ nét hơn.",
        "Tổng kinh phí thực hiện ước khoảng {money} tỷ đồng, từ ngân sách và nguồn xã hội hóa.",
        "{Sub} đã xây dựng mô hình điểm về {topic}, được nhân dân đồng tình hưởng ứng.",
        "Dự kiến trong {period_next}, {unit} sẽ {task} và tổ chức rút kinh nghiệm "
        "ở những nơi làm chưa tốt.",
    )
)

CAPTIONS = _nfc(
    (
        "Đồng chí {person}, {position} phát biểu tại {meeting}",
        "Quang cảnh {meeting}",
        "Các đại biểu dự {meeting}",
        "{Actor} kiểm tra thực tế tại {sub}",
        "Lãnh đạo {unit} trao quà cho các gia đình chính sách",
        "Cán bộ {sub} hướng dẫn người dân thực hiện thủ tục hành chính",
        "Một góc {sub} hôm nay (ảnh tư liệu)",
        "Đại biểu tham quan mô hình {topic} tại {sub}",
    )
)

# -- small pools --------------------------------------------------------------------------------
MEETINGS = _nfc(
    (
        "hội nghị",
        "buổi làm việc",
        "lễ phát động",
        "buổi tọa đàm",
        "hội nghị trực tuyến",
        "buổi lễ",
        "hội nghị chuyên đề",
    )
)
DAYPARTS = _nfc(("Ngày", "Sáng", "Chiều", "Tối"))
TIMES = _nfc(
    (
        "Từ đầu năm đến nay",
        "Thời gian qua",
        "Những năm gần đây",
        "Trong năm qua",
        "Ngay từ đầu nhiệm kỳ",
    )
)
WEAKNESSES = _nfc(
    (
        "tiến độ một số dự án còn chậm",
        "nguồn lực đầu tư còn hạn chế",
        "sự phối hợp giữa các ngành có lúc chưa chặt chẽ",
        "ý thức của một bộ phận người dân chưa cao",
        "cơ sở vật chất ở một số nơi còn thiếu",
        "việc ứng dụng công nghệ thông tin chưa đồng đều",
    )
)
GOALS = _nfc(
    (
        "có 100% xã đạt chuẩn nông thôn mới nâng cao",
        "trở thành đô thị loại III",
        "giảm tỷ lệ hộ nghèo xuống dưới 1%",
        "hoàn thành 5 công trình trọng điểm",
        "nâng tỷ lệ hồ sơ trực tuyến toàn trình lên 80%",
        "thu hút thêm 10 dự án đầu tư mới",
        "có thêm 3 trường đạt chuẩn quốc gia mức độ 2",
        "hoàn thành sớm các chỉ tiêu nghị quyết đề ra",
    )
)

FAMILY = _nfc(
    (
        "Nguyễn",
        "Trần",
        "Lê",
        "Phạm",
        "Hoàng",
        "Vũ",
        "Đỗ",
        "Bùi",
        "Đặng",
        "Ngô",
        "Dương",
        "Phan",
        "Trịnh",
        "Mạc",
        "Đinh",
        "Tạ",
    )
)
MIDDLE = _nfc(("Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quang", "Ngọc", "Xuân", "Đình"))
GIVEN = _nfc(
    (
        "Sơn",
        "Hùng",
        "Dũng",
        "Hương",
        "Lan",
        "Hải",
        "Thắng",
        "Tuấn",
        "Hà",
        "Nam",
        "Long",
        "Phương",
        "Cường",
        "Thủy",
        "Bình",
        "Khánh",
        "Trung",
        "Hòa",
        "Tâm",
        "Vinh",
        "Hiếu",
        "Nga",
    )
)
PEN_NAMES = _nfc(
    (
        "Hải Yến",
        "Minh Ngọc",
        "Văn Tuấn",
        "Thanh Hương",
        "Hồng Nhung",
        "Quang Huy",
        "Đức Anh",
        "Phương Thảo",
        "Ngọc Lan",
        "Bích Diệp",
        "Lê Hoa",
        "Tiến Dũng",
        "Khánh Linh",
        "Thùy Dương",
    )
)
PHOTOGRAPHERS = _nfc(("Đức Minh", "Hoàng Long", "Thành Trung", "Văn Hậu", "Ngọc Ánh"))
KEYWORDS = _nfc(
    (
        "nông thôn mới",
        "cải cách hành chính",
        "chuyển đổi số",
        "an sinh xã hội",
        "đầu tư công",
        "xây dựng Đảng",
        "an toàn giao thông",
        "giáo dục",
        "y tế",
        "OCOP",
    )
)
