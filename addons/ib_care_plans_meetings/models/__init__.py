from . import calendar_event
