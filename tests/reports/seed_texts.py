"""Passages of the seeds (../shared/seeds) that carry figures, as the report checker reads them; the names of
people are replaced by generated ones."""

SEED_001 = """\
Đồng thời, tiếp tục triển khai thực hiện chỉ thị 05-CT/TW của Bộ chính trị về đẩy mạnh việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh; tổ chức kiểm tra chuyên đề về kết quả thực hiện chỉ thị 05 gắn với nghị quyết Trung ương 4 khóa XII tại 17 đảng bộ, chi bộ trực thuộc…Công tác đảng viên được thực hiện có hiệu quả: xét chuyển Đảng chính thức cho 64 đồng chí, kết nạp 77 đảng viên mới. Việc hướng dẫn, tổ chức kiểm điểm tập thể, cá nhân; đánh giá phân loại chất lượng tổ chức cơ sở đảng, đảng viên và xét khen thưởng năm 2018 được triển khai nghiêm túc, chặt chẽ, kịp thời. Năm 2018, toàn Đảng bộ có 106 đảng viên hoàn thành xuất sắc, 759 đảng viên hoàn thành tốt nhiệm vụ trên tổng số 929 đảng viên.

Bên cạnh đó, công tác kiểm tra giám sát và thi hành kỷ luật Đảng được thực hiện nghiêm túc, đầy đủ. Năm 2018, Đảng ủy Trung ương Đoàn đã tổ chức kiểm tra 17 đảng bộ, chi bộ trong đó tập trung kiểm tra về kết quả thực hiện Chỉ thị 05 gắn với Nghị quyết Trung ương 4 khóa XII. Việc giải quyết đơn, thư tố cáo, khiếu nại được thực hiện kịp thời; việc thi hành kỷ luật đảng đối với đảng viên và tổ chức đảng cơ bản đảm bảo đúng phương châm, nguyên tắc, quy trình… Công tác dân vận của Đảng được triển khai với nhiều hình thức phong phú. Đảng bộ đã tập trung tuyên truyền, phổ biến và triển khai thực hiện các nghị quyết, kết luận của Trung ương, Đảng ủy Khối các cơ quan Trung ương về công tác dân vận; chú trọng nắm bắt tình hình tư tưởng, kịp thời khuyến khích động viên cán bộ, đảng viên và quần chúng thi đua thực hiện tốt nhiệm vụ được giao…
"""

SEED_002 = """\
Trong 6 tháng đầu năm 2019, Ban Thường vụ Đảng ủy khối đã phân công dự sinh hoạt chi bộ ở 7 chi bộ cơ sở và chi bộ trực thuộc Đảng bộ cơ sở. Ngoài ra, cùng tổ công tác của tỉnh dự sinh hoạt ở một số chi bộ trong khối.

Cùng với đó, Ban Thường vụ Đảng ủy khối rất quan tâm công tác kiểm tra, giám sát và xem xét thi hành kỷ luật tổ chức Đảng, đảng viên sai phạm. Trong 6 tháng đầu năm 2019, Ban Thường vụ Đảng ủy khối đã tiến hành giám sát 14 cấp ủy chi, Đảng bộ trực thuộc về thực hiện các nghị quyết của Đảng, như Nghị quyết Trung ương 4 khóa XII; các nghị quyết hội nghị Trung ương lần thứ 6, 7, 8; việc thực hiện quy chế dân chủ; công tác phòng, chống tham nhũng, kê khai tài sản…
"""

SEED_004 = """\
Báo cáo với Đoàn kiểm tra, đồng chí Lê Văn Bình, Phó Bí thư Đảng ủy cho biết, hiện Đảng bộ Sở Lao động – TBXH có 07 chi bộ (04 chi bộ cơ quan hành chính, 03 Chi bộ đơn vị sự nghiệp trực thuộc) với 137 đảng viên, 01 Chi đoàn, 04 Công đoàn cơ sở và Hội cựu Chiến binh cơ quan.

Qua kết quả kiểm tra, đánh giá của các Chi bộ trực thuộc theo Kế hoạch số 04-KH/ĐUK ngày 23/10/2020 của Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh về kiểm điểm, đánh giá, xếp loại chất lượng đối với tổ chức Đảng, đảng viên và tập thể, cá nhân cán bộ lãnh đạo, quản lý năm 2020. Kết quả, Đảng bộ Sở có 01 Chi bộ hoàn thành xuất sắc nhiệm vụ (Chi bộ I Văn phòng Sở); 02 Chi bộ hoàn thành tốt nhiệm vụ (Chi bộ II và Chi bộ Chi cục Phòng, chống tệ nạn xã hội); 04 Chi bộ hoàn thành nhiệm vụ (Chi bộ III, Chi bộ Trung tâm bảo trợ xã hội; Chi bộ Trung tâm Dịch vụ việc làm và Chi bộ Cơ sở cai nghiện ma túy).

Đối với đảng viên của của Đảng bộ đến thời điểm đánh giá chất lượng là 137 đảng viên; số đảng viên đủ điều kiện để đánh giá là 134 đồng chí (có 03 đảng viên mới kết nạp, mới chuyển đến). Trong đó, có 24 đảng viên hoàn thành xuất sắc nhiệm vụ; 102 đảng viên hoàn thành tốt nhiệm vụ; 01 đảng viên hoàn thành nhiệm vụ (do bệnh hiểm nghèo) và 07 đảng viên không hoàn thành nhiệm vụ.

Về tự chấm điểm, đánh giá xếp loại Đảng bộ Sở theo Hướng dẫn số 29-HD/BTCTU, ngày 07/11/2019 của Ban Tổ chức Tỉnh ủy, với tiêu chí về xây dựng đảng, xây dựng hệ thống chính trị; về kết quả thực hiện nhiệm vụ được giao trong năm; về kết quả khắc phục những hạn chế, yếu kém đã được chỉ ra ở kỳ kiểm điểm trước và các mô hình nổi bật, phương pháp, cách làm đổi mới, sáng tạo. Kết quả Đảng ủy Sở tự chấm 94/100 điểm.

Nhìn chung, trong năm 2020 Đảng ủy Sở Lao động –Thương binh và Xã hội đã tích cực, chủ động chỉ đạo hoàn thành các chỉ tiêu, nhiệm vụ theo Nghị quyết Đảng bộ Sở đề ra và Đoàn kiểm tra đã thống nhất với số điểm của 04 tiêu chí theo Hướng dẫn số 29-HD/BTCTU, ngày 07/11/2019 của Ban Tổ chức Tỉnh ủy là 94/100 điểm và xếp loại “Đảng bộ hoàn thành tốt nhiệm vụ” năm 2020.

Bài, ảnh: Lê Văn Bình

1 2 3 4 5  ...

Thống kê truy cập
  • Đang online: 2
  • Hôm nay: 77
  • Trong tuần: 1 402
"""
