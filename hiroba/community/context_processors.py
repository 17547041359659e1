from hiroba.accounts.permissions import is_editor, is_manager, is_moderator
from hiroba.community.selectors import get_community


def community(request):
    user = getattr(request, "user", None)
    return {
        "community": getattr(request, "community", None) or get_community(),
        "user_is_editor": is_editor(user),
        "user_is_manager": is_manager(user),
        "user_is_moderator": is_moderator(user),
    }
