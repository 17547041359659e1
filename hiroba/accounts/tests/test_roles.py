import pytest

from conftest import make_member
from hiroba.accounts.models import Role
from hiroba.accounts.services import change_role
from hiroba.core.errors import Refused
from hiroba.moderation.services import sanction_member


@pytest.fixture
def admin(db):
    return make_member("admin", Role.ADMIN)


def test_a_manager_can_not_demote_or_suspend_an_admin_or_another_manager(cm, admin):
    other_manager = make_member("manager2", Role.MANAGER)
    for target in (admin, other_manager):
        role_before = target.role
        with pytest.raises(Refused):
            change_role(actor=cm, member=target, role=Role.MEMBER)
        with pytest.raises(Refused):
            sanction_member(actor=cm, member=target, kind="suspend", reason="test")
        target.refresh_from_db()
        assert (target.role, target.is_suspended) == (role_before, False)


def test_nobody_changes_their_own_role(cm, admin):
    with pytest.raises(Refused):
        change_role(actor=cm, member=cm, role=Role.ADMIN)
    with pytest.raises(Refused):
        sanction_member(actor=admin, member=admin, kind="suspend", reason="test")


def test_an_admin_manages_managers(admin, cm):
    change_role(actor=admin, member=cm, role=Role.EDITOR)
    cm.refresh_from_db()
    assert cm.role == Role.EDITOR
