"""Links from the admin to the coordinators' workspaces (pages outside the admin), shown only to
those who coordinate the programme."""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from volunteers.programmes import PROGRAMMES, TAALPUNT, VOORLEESEXPRESS, may_coordinate


class CoordinationMenuItem(MenuItem):
    def __init__(self, programme, *args, **kwargs):
        self.programme = programme
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        return may_coordinate(request.user, self.programme)


def menu_item(code, order):
    programme = PROGRAMMES[code]
    return CoordinationMenuItem(
        programme,
        programme.name,
        reverse("volunteers:list", kwargs={"programme": code}),
        name=f"{code}-coordination",
        icon_name="group",
        order=order,
    )


@hooks.register("register_admin_menu_item")
def voorleesexpress_menu_item():
    return menu_item(VOORLEESEXPRESS, 260)


@hooks.register("register_admin_menu_item")
def taalpunt_menu_item():
    return menu_item(TAALPUNT, 261)
