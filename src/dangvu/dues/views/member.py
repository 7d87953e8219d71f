"""A member's dues: the months of a year (owed, paid, receipts), the basis and its form, the reliefs; and
/dang-phi/cua-toi/, the member's own page (read, and report his basis)."""


from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from dangvu.core.pages import call_service

from .. import queries, webscope
from ..forms import BasisForm, CancelForm, ExcuseForm, PaymentForm, ReliefForm, parse_month
from ..models import DuesBasis, DuesLine, DuesPayment, DuesRelief
from ..services import basis as basis_service
from ..services import payments
from ..services import relief as relief_service
from ._common import group_choices, method_choices, relief_kind_choices, status_label, this_month


def _year(value, default):
    try:
        year = int(value)
    except (TypeError, ValueError, OverflowError):
        return default
    return year if 1930 <= year <= 2100 else default


def _next(request) -> str:
    """The page a form came from (?next=, a path of this site only), or ""."""
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    ok = nxt.startswith("/") and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()})
    return nxt if ok else ""


def _back(request, member):
    """Where a form goes back to: the sheet it came from or the member's page."""
    return _next(request) or reverse("dues:member", args=[member.pk])


def _page(request, member, *, mine=False, payment_form=None, basis_form=None, relief_form=None, excuse_form=None,
          status=200):
    user = request.user
    can_manage = not mine and webscope.can(user, member.organization, "manage")
    year = _year(request.GET.get("nam"), this_month().year)
    focus = parse_month(request.GET.get("thang"))
    if focus is not None:
        year = focus.year
    methods = dict(method_choices())
    lines = {x.month: x for x in DuesLine.objects.filter(member=member, month__year=year).order_by("month")}
    payments = list(DuesPayment.objects.filter(line__member=member, line__month__year=year)
                    .select_related("line").order_by("line__month", "paid_on", "id"))
    by_month = {}
    for p in payments:
        by_month.setdefault(p.line.month, []).append(p)
    months = [{"month": m, "line": x, "status": status_label(x), "method": methods.get(x.method, ""),
               "payments": by_month.get(m, []), "focus": m == focus} for m, x in sorted(lines.items())]
    bases = list(DuesBasis.objects.filter(member=member).order_by("-from_month", "-id")[:24])
    reliefs = list(DuesRelief.objects.filter(member=member).order_by("-from_month", "-id")[:24])
    groups = dict(group_choices())
    kinds = dict(relief_kind_choices())
    initial = {"month": focus or this_month()}
    if focus is not None and lines.get(focus) is not None:
        initial["amount"] = max(0, lines[focus].owed - lines[focus].paid) or None
    can_report = can_manage or webscope.own_member(user) == member
    return render(request, "dues/member.html", {
        "flag_months": queries.member_flag(member, year),  # the three-month rule, as the kept flag says
        "rule_months": queries.flag_months(year),
        "member": member, "mine": mine, "year": year, "years": range(this_month().year + 1, this_month().year - 6, -1),
        "months": months, "payments": payments, "methods": methods,
        "bases": [{"b": b, "group": groups.get(b.group, b.group)} for b in bases],
        "reliefs": [{"r": r, "kind": kinds.get(r.kind, r.kind)} for r in reliefs],
        "can_manage": can_manage, "can_report": can_report, "focus": focus,
        "next": _next(request),
        "owed": sum(x.owed for x in lines.values()), "paid": sum(x.paid for x in lines.values()),
        "payment_form": payment_form or (PaymentForm(methods=method_choices(), initial=initial) if can_manage else None),
        "cancel_form": CancelForm() if can_manage else None,
        "basis_form": basis_form or (BasisForm(groups=group_choices(), manager=can_manage,
                                               initial={"from_month": this_month()}) if can_report else None),
        "excuse_form": excuse_form or (ExcuseForm(initial={"month": focus}) if can_manage else None),
        "relief_form": relief_form or (ReliefForm(kinds=relief_kind_choices()) if can_manage else None),
    }, status=status)


def _submit(request, member, form, form_key: str, run, message):
    """A form of the member's page posted: the service called with its cleaned data (`run(data)`; a refusal shown
    beside its field), back where the user came from on success (`message(data)` said); else the page again with
    the form (422)."""
    if form.is_valid():
        d = form.cleaned_data
        ok, _ = call_service(request, lambda: run(d), message(d), form=form)
        if ok:
            return redirect(_back(request, member))
    return _page(request, member, status=422, **{form_key: form})


@login_required
def member(request, pk):
    return _page(request, webscope.access_member(request.user, pk))


@login_required
def mine(request):
    m = webscope.own_member(request.user)
    if m is None:
        raise Http404("Tài khoản của đồng chí không gắn với hồ sơ đảng viên nào.")
    return _page(request, m, mine=True)


@login_required
@require_POST
def pay(request, pk):
    user = request.user
    m = webscope.access_member(user, pk, "manage")
    return _submit(request, m, PaymentForm(request.POST, methods=method_choices()), "payment_form",
                   lambda d: payments.record_payment(
                       user, m, month=d["month"], amount=d["amount"], paid_on=d["paid_on"], method=d["method"],
                       note=d.get("note") or "", **({"voluntary": True} if d.get("voluntary") else {})),
                   lambda d: f"Đã ghi nhận đảng phí tháng {d['month']:%m/%Y} của đồng chí {m.full_name}.")


@login_required
@require_POST
def cancel(request, pk):
    user = request.user
    m = webscope.access_member(user, pk, "manage")
    form = CancelForm(request.POST)
    if form.is_valid():
        p = DuesPayment.objects.filter(pk=form.cleaned_data["payment"], line__member=m).first()
        if p is None:
            raise Http404(webscope.NOT_FOUND)
        call_service(request, lambda: payments.cancel_payment(user, p, form.cleaned_data["reason"]),
                     "Đã hủy khoản nộp. Nếu cần, ghi lại khoản nộp đúng.")
    else:
        from django.contrib import messages

        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    return redirect(_back(request, m))


@login_required
@require_POST
def basis(request, pk):
    user = request.user
    m = webscope.access_member(user, pk, "report")
    manager = webscope.can(user, m.organization, "manage")
    form = BasisForm(request.POST, groups=group_choices(), manager=manager)
    if form.is_valid():
        d = form.cleaned_data
        ok, _ = call_service(request, lambda: basis_service.set_basis(
            user, m, group=d["group"], amount=d["amount"], from_month=d["from_month"], region=d.get("region") or "",
            note=d.get("note") or "", confirm=bool(d.get("confirm")) and manager),
            "Đã ghi nhận mức căn cứ đóng đảng phí.", form=form)
        if ok:
            return redirect("dues:mine" if webscope.own_member(user) == m and not manager else _back(request, m))
    mine = webscope.own_member(user) == m and not manager
    return _page(request, m, mine=mine, basis_form=form, status=422)


@login_required
@require_POST
def confirm(request, pk, basis_id):
    user = request.user
    m = webscope.access_member(user, pk, "manage")
    b = DuesBasis.objects.filter(pk=basis_id, member=m).first()
    if b is None:
        raise Http404(webscope.NOT_FOUND)
    call_service(request, lambda: basis_service.confirm_basis(user, b), "Đã xác nhận mức căn cứ đóng đảng phí.")
    return redirect(_back(request, m))


@login_required
@require_POST
def relief(request, pk):
    user = request.user
    m = webscope.access_member(user, pk, "manage")
    return _submit(request, m, ReliefForm(request.POST, kinds=relief_kind_choices()), "relief_form",
                   lambda d: relief_service.grant_relief(
                       user, m, kind=d["kind"], percent=d["percent"], from_month=d["from_month"],
                       to_month=d["to_month"], reason=d.get("reason") or "", decided_on=d["decided_on"]),
                   lambda d: "Đã ghi nhận quyết định miễn, giảm.")


@login_required
@require_POST
def excuse(request, pk):
    user = request.user
    m = webscope.access_member(user, pk, "manage")
    return _submit(request, m, ExcuseForm(request.POST), "excuse_form",
                   lambda d: payments.excuse_month(user, m, month=d["month"], reason=d["reason"]),
                   lambda d: f"Đã ghi lý do chưa nộp đảng phí tháng {d['month']:%m/%Y}.")


@login_required
def receipt(request, payment_id):
    """The receipt (biên lai thu đảng phí) of one payment, to print; the member reads his own."""
    from .. import access
    from ..words import in_words

    p = access.access_payment(request.user, payment_id)
    line = p.line
    return render(request, "dues/receipt.html", {
        "p": p, "line": line, "member": line.member, "organization": line.organization,
        "method": dict(method_choices()).get(p.method, ""), "words": in_words(p.amount)})
