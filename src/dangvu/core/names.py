"""Generated Vietnamese personal names (no real person's data), with realistic frequencies."""

import random

FAMILY = [
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7), ("Hoàng", 3), ("Huỳnh", 2), ("Phan", 4.5),
    ("Vũ", 2.5), ("Võ", 2.5), ("Đặng", 2.1), ("Bùi", 2), ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3),
    ("Dương", 1), ("Lý", 0.5), ("Đinh", 0.8), ("Trương", 0.8), ("Lâm", 0.5), ("Mai", 0.5), ("Tạ", 0.3),
    ("Cao", 0.4), ("Lương", 0.4), ("Đoàn", 0.4), ("Vương", 0.2), ("Hà", 0.4), ("Tô", 0.3), ("Châu", 0.3),
]
MIDDLE_MALE = [("Văn", 30), ("Đức", 8), ("Minh", 10), ("Hữu", 7), ("Quốc", 6), ("Thanh", 6), ("Công", 5),
               ("Xuân", 4), ("Ngọc", 3), ("Anh", 3), ("Trọng", 3), ("Quang", 4), ("Duy", 3), ("Hoàng", 3)]
MIDDLE_FEMALE = [("Thị", 45), ("Ngọc", 8), ("Thu", 6), ("Thanh", 6), ("Minh", 5), ("Hồng", 5), ("Mai", 3),
                 ("Kim", 4), ("Bích", 3), ("Thùy", 4), ("Phương", 3), ("Hoài", 2), ("Diệu", 2)]
GIVEN_MALE = [("An", 5), ("Anh", 6), ("Bình", 5), ("Cường", 4), ("Dũng", 6), ("Đức", 5), ("Hải", 5),
              ("Hùng", 6), ("Huy", 5), ("Khánh", 3), ("Long", 4), ("Minh", 6), ("Nam", 5), ("Phong", 3),
              ("Phúc", 3), ("Quân", 3), ("Sơn", 5), ("Tâm", 3), ("Thắng", 4), ("Thành", 5), ("Tiến", 3),
              ("Toàn", 3), ("Trung", 4), ("Tuấn", 6), ("Việt", 3), ("Vinh", 3), ("Khoa", 2), ("Lâm", 2),
              ("Hiếu", 3), ("Kiên", 2), ("Lộc", 2), ("Nghĩa", 2), ("Quý", 2), ("Tài", 2), ("Thịnh", 2)]
GIVEN_FEMALE = [("Anh", 5), ("Bích", 2), ("Chi", 3), ("Dung", 4), ("Giang", 3), ("Hà", 5), ("Hạnh", 4),
                ("Hằng", 5), ("Hiền", 4), ("Hoa", 5), ("Hương", 6), ("Lan", 5), ("Liên", 3), ("Linh", 6),
                ("Loan", 3), ("Mai", 5), ("Nga", 4), ("Ngân", 3), ("Nhung", 3), ("Oanh", 2), ("Phương", 4),
                ("Quyên", 2), ("Thảo", 5), ("Thu", 4), ("Thủy", 5), ("Trang", 6), ("Tuyết", 2), ("Uyên", 2),
                ("Vân", 4), ("Yến", 3), ("Xuân", 2), ("Ánh", 2), ("Ân", 1)]


def _pick(rng: random.Random, table):
    names, weights = zip(*table, strict=True)
    return rng.choices(names, weights=weights, k=1)[0]


def person(rng: random.Random, gender: str) -> str:
    family = _pick(rng, FAMILY)
    if gender == "female":
        return f"{family} {_pick(rng, MIDDLE_FEMALE)} {_pick(rng, GIVEN_FEMALE)}"
    return f"{family} {_pick(rng, MIDDLE_MALE)} {_pick(rng, GIVEN_MALE)}"
