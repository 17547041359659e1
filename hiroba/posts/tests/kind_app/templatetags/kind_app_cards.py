from django import template

from hiroba.posts.kinds import loaded_row

register = template.Library()
register.filter("loaded_note", loaded_row)
