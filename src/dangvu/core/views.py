from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from dangvu.organizations.access import reach
from dangvu.organizations.models import Role

from .forms import LoginForm
from .plugins import home_cards


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@login_required
def home(request):
    r = reach(request.user)
    labels = dict(Role.choices)
    return render(
        request,
        "core/home.html",
        {
            "top_organizations": r.top_organizations,
            "roles": [labels[x] for x in sorted(r.roles())],
            "own_member": getattr(request.user, "member", None),
            "cards": home_cards(request, r),
        },
    )


def not_found(request, exception=None):
    return render(request, "core/404.html", status=404)


def server_error(request):
    return render(request, "core/500.html", status=500)
