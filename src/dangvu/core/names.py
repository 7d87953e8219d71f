"""Generated Vietnamese personal names (no real person's data), with realistic frequencies.

Used by the demo data and by `dangvu synth`.
"""

import random

# (family name, weight in %): about the shares reported for the whole country.
FAMILY_NAMES = [
    ("Nguyễn", 38.0), ("Trần", 11.0), ("Lê", 9.5), ("Phạm", 7.0), ("Hoàng", 3.0), ("Huỳnh", 2.1),
    ("Phan", 4.5), ("Vũ", 2.2), ("Võ", 1.7), ("Đặng", 2.1), ("Bùi", 2.0), ("Đỗ", 1.4), ("Hồ", 1.3),
    ("Ngô", 1.3), ("Dương", 1.0), ("Lý", 0.5), ("Đào", 0.6), ("Đoàn", 0.6), ("Trương", 0.6),
    ("Trịnh", 0.5), ("Đinh", 0.5), ("Lâm", 0.4), ("Mai", 0.4), ("Tô", 0.3), ("Hà", 0.4), ("Cao", 0.3),
    ("Lương", 0.3), ("Tạ", 0.2), ("Lưu", 0.2), ("Chu", 0.2), ("Quách", 0.1), ("Kiều", 0.1),
    ("Thái", 0.2), ("Châu", 0.1), ("Tăng", 0.1), ("Vương", 0.1), ("La", 0.1), ("Triệu", 0.1),
    ("Phùng", 0.2), ("Nông", 0.2), ("Lò", 0.1), ("Hứa", 0.1), ("Khúc", 0.05), ("Âu", 0.05),
]
MIDDLE_MALE = [
    ("Văn", 40), ("Đức", 7), ("Minh", 7), ("Hữu", 6), ("Quang", 5), ("Công", 4), ("Thanh", 4),
    ("Ngọc", 3), ("Xuân", 3), ("Đình", 4), ("Quốc", 3), ("Tiến", 2), ("Trung", 2), ("Mạnh", 2),
    ("Thế", 2), ("Anh", 1), ("Bá", 1), ("Duy", 2), ("Hoàng", 1), ("Tuấn", 1), ("Hồng", 1),
    ("Trọng", 2), ("Viết", 1), ("Kim", 1), ("Phú", 1), ("Gia", 1), ("Chí", 1),
]
MIDDLE_FEMALE = [
    ("Thị", 55), ("Ngọc", 6), ("Thanh", 5), ("Thu", 4), ("Minh", 3), ("Phương", 2), ("Kim", 3),
    ("Thúy", 2), ("Hồng", 3), ("Mai", 1), ("Bích", 2), ("Diệu", 1), ("Hải", 1), ("Khánh", 1),
    ("Lan", 1), ("Mỹ", 2), ("Quỳnh", 1), ("Tuyết", 1), ("Hoài", 1), ("Thảo", 1), ("Xuân", 2),
]
# Given names, most frequent first: the weight of the k-th is 1 / (k + 3) (a skewed tail).
GIVEN_MALE = (
    "Hùng Dũng Tuấn Minh Hải Nam Long Sơn Thắng Cường Trung Hiếu Phong Quang Huy Đức Tùng Thành "
    "Hoàng Khánh Tâm Bình Hưng Vinh Thịnh Quân Toàn Tiến Phúc Lâm Lực Hòa Thái Tú Hiệp Kiên Nghĩa "
    "Phương Việt Anh Tài Trí Hậu Khoa Lợi Lộc Nhân Công Chiến Định Hào Hiển Hoan Khải Khang Khôi "
    "Linh Luân Mạnh Nguyên Nhật Phát Quốc Quyết Sáng Tân Thanh Thông Thuận Thức Tiệp Tín Toản Trọng "
    "Trường Vũ Vương Xuân Yên An Bảo Biên Cảnh Chính Chung Danh Đạt Điệp Đoàn Dương Duy Giang Hà "
    "Hạnh Hiền Hiệu Hội Hợp Huấn Kha Khiêm Kỳ Lạc Lãm Lĩnh Lương Mến Nghị Ngọc Nhẫn Ninh Pháp Phi "
    "Phụng Quý Sang Sỹ Tạo Thạch Thái Thiện Thọ Thống Thuấn Tiền Tịnh Trác Triều Tuyên Uy Văn Vĩnh "
    "Vỹ Ánh Đăng Đông Đệ Độ Bắc Chương Cử Diệu Huân Hướng Kiệt Luyện Nhạc Phước Sinh Tảo Thao Thưởng"
).split()
GIVEN_FEMALE = (
    "Hương Lan Hoa Hằng Huyền Linh Nga Thủy Trang Thảo Hà Mai Phương Dung Hạnh Yến Oanh Loan Nhung "
    "Vân Anh Ngọc Thu Hiền Liên Hồng Tâm Tuyết Xuân Thúy Quyên Hòa Lý Hải Thanh Thơ Minh Bích Châu "
    "Chi Diệp Duyên Giang Hảo Hậu Hiên Khánh Lệ Lụa Ly Mơ My Nguyệt Nhàn Nhi Nhiên Nương Phượng "
    "Quế Quỳnh Sen Thắm Thêu Thoa Thục Thư Thương Tiên Trâm Trinh Tú Uyên Vy Yên Ánh Bình Cúc Đào "
    "Điệp Gấm Hạ Hiếu Hường Kiều Lài Lành Lựu Mận Mỹ Nguyên Nhạn Nhã Phúc Quý Sương Tâm Thắng Thiện "
    "Thoan Thùy Tình Trà Tươi Vui Xoan Dịu Đan Hân Huệ Khuê Lam Lê Liễu Loan Mến Ngân Nhạn Phấn "
    "Quyết Sinh Tằm Thái Thìn Thuận Tuyền Vinh"
).split()
GIVEN_MALE = list(dict.fromkeys(GIVEN_MALE))
GIVEN_FEMALE = list(dict.fromkeys(GIVEN_FEMALE))


def _given_weights(names, offset=3):
    return [1.0 / (k + offset) for k in range(len(names))]


def pick(rng: random.Random, table):
    """One value of [(value, weight)]."""
    values, weights = zip(*table, strict=True)
    return rng.choices(values, weights=weights, k=1)[0]


def person(rng: random.Random, gender: str) -> str:
    """A plausible full name (family, middle, given) for gender "male" or "female"."""
    if gender == "female":
        middle, given = MIDDLE_FEMALE, GIVEN_FEMALE
    else:
        middle, given = MIDDLE_MALE, GIVEN_MALE
    first = rng.choices(given, weights=_given_weights(given), k=1)[0]
    return f"{pick(rng, FAMILY_NAMES)} {pick(rng, middle)} {first}"
