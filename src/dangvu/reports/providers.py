"""What the reports lend to core (the home page's dashboard). Imported by ReportsConfig.ready()."""

from dangvu.core import providers


def home_dashboard(request, reach) -> str:
    """The dashboard panel of the home page for an office, a commission or an administrator; '' for others."""
    from .dashboard.views import home_panel  # the feature apps' models load after the app registry is ready

    return home_panel(request, reach)


providers.register("reports.home_dashboard", home_dashboard)
