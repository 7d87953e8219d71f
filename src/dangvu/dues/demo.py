"""Đảng phí: căn cứ đóng, sổ thu 3 tháng gần nhất của Chi bộ I Sở LĐTBXH (một miễn, một giảm), nộp lên cấp trên.

Dues: the basis of every member of the demo's first chi bộ of the Department of Labour (bithu's), confirmed; the
sheets of the last three months generated; the two months before this one paid in bulk except one member who paid
late for one month and one who has not paid; one member exempt (hardship), one reduced by 50 %; the chi bộ's
remittance of the month before last sent up and confirmed. Written through the services (actor: the system);
idempotent, and whatever day it is loaded."""
