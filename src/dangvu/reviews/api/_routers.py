"""The three routers of the reviews API and where /api/v1 mounts them."""

from ninja import Router

router = Router(tags=["Đánh giá, xếp loại"])
rulesets_router = Router(tags=["Đánh giá, xếp loại"])
schemes_router = Router(tags=["Đánh giá, xếp loại"])
routers = [("/reviews", router), ("/rulesets", rulesets_router), ("/scoring-schemes", schemes_router)]
