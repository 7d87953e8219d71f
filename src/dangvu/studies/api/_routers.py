"""The three routers of the studies API and where /api/v1 mounts them."""

from ninja import Router

sessions = Router(tags=["Học tập, quán triệt"])
trainings = Router(tags=["Bồi dưỡng lý luận chính trị"])
studies = Router(tags=["Sổ nghị quyết, Chỉ thị 05, khen thưởng"])
routers = [("/study-sessions", sessions), ("/trainings", trainings), ("/studies", studies)]
