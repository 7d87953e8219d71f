from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render

from . import dates, providers, worklist
from .backends import lockout_message, retry_after_seconds
from .forms import LoginForm
from .plugins import home_cards


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def lockout(request, original_response=None, credentials=None):
    """What a locked-out (username, address) pair is answered (settings.AXES_LOCKOUT_CALLABLE): JSON under
    /api/, the login page with the message elsewhere; 429 either way."""
    message = lockout_message()
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=429)
    else:
        form = LoginForm(request, initial={"username": (credentials or {}).get("username", "")})
        response = render(
            request,
            LoginView.template_name,
            {"form": form, "lockout_message": message, "next": request.POST.get("next", "")},
            status=429,
        )
    seconds = retry_after_seconds()
    if seconds:
        response["Retry-After"] = str(seconds)
    return response


@login_required
def home(request):
    r = providers.get("organizations.reach")(request.user)
    labels = providers.get("organizations.role_labels")()
    work = worklist.collect(request.user, r, dates.today())
    return render(
        request,
        "core/home.html",
        {
            "work": work[: worklist.HOME_LIMIT],
            "work_total": len(work),
            "work_more": len(work) > worklist.HOME_LIMIT,
            "top_organizations": r.top_organizations,
            "roles": [labels[x] for x in sorted(r.roles())],
            "own_member": getattr(request.user, "member", None),
            "cards": home_cards(request, r),
            # the dashboard of an office, a commission or an administrator ('' for others, or without reports)
            "dashboard": dashboard(request, r) if (dashboard := providers.optional("reports.home_dashboard")) else "",
        },
    )


@login_required
def work_list(request):
    """Việc cần làm: every line of the user's worklist, grouped by kind (the home page shows the first ones)."""
    r = providers.get("organizations.reach")(request.user)
    work = worklist.collect(request.user, r, dates.today())
    return render(request, "core/worklist.html", {"groups": worklist.grouped(work), "work_total": len(work)})


def not_found(request, exception=None):
    return render(request, "core/404.html", status=404)


def server_error(request):
    return render(request, "core/500.html", status=500)
