from django.apps import AppConfig

from dangvu.core.plugins import Manifest


class StudiesConfig(AppConfig):
    name = "dangvu.studies"
    label = "studies"
    verbose_name = "Học tập, bồi dưỡng lý luận"
    manifest = Manifest(
        pages=("hoc-tap/", "urls"),
        api={"/study-sessions": "api:sessions", "/trainings": "api:trainings", "/studies": "api:studies"},
        menu="nav:items",
        cards="nav:cards",
        worklist="worklist:items",
        demo="demo:load",
    )

    def ready(self):
        from dangvu.organizations.signals import organization_moved

        from .counts import on_organization_moved

        organization_moved.connect(on_organization_moved, dispatch_uid="studies_organization_moved")

        from dangvu.members.signals import member_renamed

        from .services.attendance import member_renamed as on_member_renamed

        member_renamed.connect(on_member_renamed, dispatch_uid="studies_member_renamed")
