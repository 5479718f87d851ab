"""Rich text read in the admin by staff who may only view it (a programme officer reading
an event): shown as the formatted text, sanitised, not as its HTML source ("<p>…").

Django shows a read-only model field through `display_for_field`, which escapes it; an
admin callable of the same name is shown as it returns. Staff without the change
permission get such a callable in place of each rich-text field.
"""

from functools import cache

from portal.core.richtext import RichTextField, render_rich_text


@cache
def _rendered(model, name: str):
    field = model._meta.get_field(name)

    def show(obj):
        return render_rich_text(getattr(obj, name))

    show.__name__ = name  # the row keeps the field's CSS class ("field-body_en")
    show.short_description = field.verbose_name
    return show


def _rich_text_names(model) -> set[str]:
    return {field.name for field in model._meta.fields if isinstance(field, RichTextField)}


class RichTextReadOnlyMixin:
    def _view_only(self, request, obj) -> bool:
        return obj is not None and not self.has_change_permission(request, obj)

    def _swapped(self, names) -> list:
        rich = _rich_text_names(self.model)
        return list(
            dict.fromkeys(_rendered(self.model, name) if name in rich else name for name in names)
        )

    def get_fields(self, request, obj=None):
        # Django's own list (no `fields` declared) is the form's fields, then the read-only
        # ones: each rich-text field once, in the form's place.
        fields = super().get_fields(request, obj)
        if not self._view_only(request, obj) or self.fields:
            return fields
        return self._swapped(name for name in fields if not callable(name))

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self._view_only(request, obj):
            return fieldsets
        return [
            (title, {**options, "fields": self._swapped(options["fields"])})
            for title, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self._view_only(request, obj):
            return fields
        # Every rich-text field (not only those shown): get_fieldsets may call back here.
        return [*fields, *(_rendered(self.model, name) for name in _rich_text_names(self.model))]
