"""Forms of the import pages; the services check what matters."""

from django import forms

from dangvu.core.forms import BaseForm
from dangvu.organizations.pickers import OrganizationPicker

from . import kinds
from .models import ImportKind


def _scopes(user):
    from .access import scopes_for

    return scopes_for(user)


class UploadForm(BaseForm):
    kind = forms.ChoiceField(label="Loại dữ liệu", initial="members",
                             choices=[(k, ImportKind(k).label) for k in ("members", *sorted(set(kinds.KINDS) - {"members"}))])
    organization = OrganizationPicker(label="Nhập vào (phạm vi)", purpose="imports.scope", scope=lambda user: _scopes(user))
    file = forms.FileField(label="Tệp bảng tính (.xlsx, .xls, .ods, .csv)")
    template = forms.ChoiceField(label="Mẫu ghép cột đã lưu", required=False)

    def __init__(self, *args, templates=(), kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds:  # the kinds the user's roles import offered; another kind sent anyway gets the service's refusal
            field = self.fields["kind"]
            field.choices = [(k, label) for k, label in field.choices if k in kinds]
            field.valid_value = lambda value: value in ImportKind.values
            field.initial = "members" if "members" in kinds else field.choices[0][0]
        self.fields["template"].choices = [("", "— tự nhận cột —"), *[(str(t.pk), f"{t.name} ({t.get_kind_display()})")
                                                                        for t in templates]]


class TemplateNameForm(BaseForm):
    name = forms.CharField(label="Tên mẫu ghép cột", max_length=100)
