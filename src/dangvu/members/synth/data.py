"""Frequency tables and column lists of the synthetic registry."""

from __future__ import annotations

# Post-2025 provincial units (public geography), then central blocs.
PROVINCES = [
    ("thành phố", "Hà Nội", "001"), ("thành phố", "Hồ Chí Minh", "079"), ("tỉnh", "Thanh Hóa", "038"),
    ("tỉnh", "Nghệ An", "040"), ("thành phố", "Hải Phòng", "031"), ("tỉnh", "Đồng Nai", "075"),
    ("tỉnh", "Ninh Bình", "037"), ("tỉnh", "Phú Thọ", "025"), ("tỉnh", "Bắc Ninh", "027"),
    ("tỉnh", "Hưng Yên", "033"), ("tỉnh", "An Giang", "089"), ("thành phố", "Cần Thơ", "092"),
    ("tỉnh", "Gia Lai", "064"), ("tỉnh", "Quảng Ngãi", "051"), ("thành phố", "Đà Nẵng", "048"),
    ("tỉnh", "Đắk Lắk", "066"), ("tỉnh", "Lâm Đồng", "068"), ("tỉnh", "Khánh Hòa", "056"),
    ("tỉnh", "Quảng Ninh", "022"), ("tỉnh", "Thái Nguyên", "019"), ("tỉnh", "Hà Tĩnh", "042"),
    ("tỉnh", "Quảng Trị", "045"), ("tỉnh", "Vĩnh Long", "086"), ("tỉnh", "Đồng Tháp", "087"),
    ("tỉnh", "Tây Ninh", "072"), ("tỉnh", "Cà Mau", "096"), ("tỉnh", "Lào Cai", "010"),
    ("tỉnh", "Tuyên Quang", "008"), ("tỉnh", "Sơn La", "014"), ("thành phố", "Huế", "046"),
    ("tỉnh", "Lạng Sơn", "020"), ("tỉnh", "Cao Bằng", "004"), ("tỉnh", "Điện Biên", "011"),
    ("tỉnh", "Lai Châu", "012"),
]
PLACE_WORDS = (
    "Tân Phú An Bình Hòa Thạnh Long Đông Tây Nam Bắc Thành Hưng Phước Mỹ Lộc Thịnh Xuân Hải Sơn "
    "Quang Trung Đức Hiệp Lợi Phong Vĩnh Thái Hợp Lạc Minh Nghĩa Thuận Khánh Hồng Cát Kim Ngọc"
).split()
DEPARTMENTS = [
    "Sở Tài chính", "Sở Y tế", "Sở Giáo dục và Đào tạo", "Sở Nội vụ", "Sở Tư pháp", "Sở Xây dựng",
    "Sở Công Thương", "Sở Nông nghiệp và Môi trường", "Sở Khoa học và Công nghệ",
    "Sở Văn hóa, Thể thao và Du lịch", "Bệnh viện Đa khoa", "Trường Trung học phổ thông",
    "Trường Cao đẳng Kỹ thuật", "Công ty Điện lực", "Công ty Cấp nước", "Kho bạc Nhà nước",
    "Cục Thuế", "Công an", "Bộ Chỉ huy Quân sự", "Ngân hàng", "Viễn thông", "Bưu điện",
]
UNITS = [
    "Phòng Tổ chức", "Phòng Kế hoạch", "Văn phòng", "Phòng Hành chính", "Phòng Kế toán",
    "Phòng Kỹ thuật", "Khoa Nội", "Khoa Ngoại", "Tổ Toán", "Tổ Ngữ văn", "Phòng Thanh tra",
    "Phòng Nghiệp vụ", "Đội Sản xuất", "Xí nghiệp", "Phân xưởng", "Phòng Pháp chế",
]
ETHNICITIES = [("Kinh", 86), ("Tày", 2), ("Thái", 2), ("Mường", 1.5), ("Khmer", 1.2), ("Nùng", 1.2),
               ("Hoa", 0.7), ("H'Mông", 0.8), ("Dao", 0.6), ("Gia Rai", 0.3), ("Ê Đê", 0.3)]
RELIGIONS = [("Không", 93), ("Phật giáo", 4), ("Công giáo", 2), ("Cao Đài", 0.5), ("Tin Lành", 0.5)]
QUALIFICATIONS = [("Đại học", 45), ("Thạc sĩ", 10), ("Cao đẳng", 8), ("Trung cấp", 12), ("Tiến sĩ", 1),
                  ("", 24)]
PROFESSIONS = ["Công chức", "Viên chức", "Giáo viên", "Bác sĩ", "Kỹ sư", "Công nhân", "Nông dân",
               "Quân nhân", "Công an", "Hưu trí", "Kinh doanh", "Sinh viên", "Kế toán", "Luật sư"]
THEORY = [("none", 30), ("so_cap", 42), ("trung_cap", 20), ("cao_cap", 6), ("cu_nhan", 2)]
# (status, share): most members are full; a few leave the registry.
STATUSES = [("full", 86.5), ("probationary", 3.5), ("exempt", 6.0), ("transferred_out", 2.5),
            ("deceased", 1.3), ("removed", 0.15), ("expelled", 0.05)]

MEMBER_COLUMNS = (
    "id", "full_name", "birth_name", "gender", "birth_date", "birth_place", "hometown", "residence",
    "ethnicity", "religion", "national_id", "general_education", "qualification", "profession",
    "job_title", "theory_level", "admitted_on", "official_on", "card_number", "organization_id",
    "status", "status_changed_on", "user_id", "org_path", "search_key", "sort_key", "version",
    "created_at",
)
ORG_COLUMNS = (
    "id", "code", "name", "kind", "parent_id", "path", "depth", "status", "established_on",
    "ended_on", "merged_into_id", "staff_count", "search_key", "sort_key", "version", "created_at",
    "seats_vacant",  # no term recorded: no vacancy counted (organizations.terms)
)


def _cum(pairs):
    total, out = 0.0, []
    for _, w in pairs:
        total += w
        out.append(total)
    return [p for p, _ in pairs], out


def _zipf(names, offset=3):
    return names, list(_cumsum([1.0 / (k + offset) for k in range(len(names))]))


def _cumsum(values):
    total = 0.0
    for v in values:
        total += v
        yield total



NULL = "\\N"  # COPY's NULL
