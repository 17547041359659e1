from huey.contrib.djhuey import db_task

from hiroba.accounts.models import Member
from hiroba.core.images import resized


@db_task(retries=2, retry_delay=10)
def make_icon_sizes(member_id: int) -> None:
    member = Member.objects.filter(pk=member_id).first()
    if member is None or not member.icon:
        return
    small = resized(member.icon, edge=96, prefix="icon-s", square=True)
    member.icon_small.save(small.name, small, save=False)
    Member.objects.filter(pk=member_id, icon=member.icon.name).update(
        icon_small=member.icon_small.name
    )
