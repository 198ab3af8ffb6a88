from odoo.fields import Command

from odoo.addons.ib_core.tests.common import IbCoreCommon

# The known group: six pupils of group 5 and their choices on "sit next to".
#   Anna -> Bram, Cas     Bram -> Anna, Cas     Cas -> Anna, Bram
#   Dana -> Anna, Cas     Ezra -> Dana          Floor -> Cas
# Received: Anna 3, Bram 2, Cas 4, Dana 1, Ezra 0, Floor 0 (mean 1.67, sd 1.49):
# Cas is popular (>= 3.16), Ezra and Floor isolated; mutual pairs Anna-Bram,
# Anna-Cas, Bram-Cas; 10 distinct ties of 30 possible (density 0.33).
KNOWN_CHOICES = (
    ("anna", "bram"),
    ("anna", "cas"),
    ("bram", "anna"),
    ("bram", "cas"),
    ("cas", "anna"),
    ("cas", "bram"),
    ("dana", "anna"),
    ("dana", "cas"),
    ("ezra", "dana"),
    ("floor", "cas"),
)
# The negative question: Ezra is named three times (rejected), Floor once.
KNOWN_NEGATIVE = (
    ("anna", "ezra"),
    ("bram", "ezra"),
    ("cas", "ezra"),
    ("dana", "floor"),
)


class IbSociogramCommon(IbCoreCommon):
    """The known group (group 5 with four more pupils) and its sociogram, a
    sociogram of group 6 and one of school B, the parent of Anna and a
    provider (portal users)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.ref("base.group_allow_export").user_ids |= (
            cls.teacher_5
            | cls.teacher_6
            | cls.teacher_b
            | cls.coordinator_a
            | cls.coordinator_b
            | cls.director
            | cls.employee
        )
        cls.pupils = {
            "anna": cls.pupil_5a,
            "bram": cls.pupil_5b,
            "cas": cls._pupil("Cas", "Visser", cls.group_5),
            "dana": cls._pupil("Dana", "Kok", cls.group_5),
            "ezra": cls._pupil("Ezra", "Bos", cls.group_5),
            "floor": cls._pupil("Floor", "Smit", cls.group_5),
        }
        cls.parent_a = cls._portal_parent("t_parent_a", cls.pupil_5a)
        organisation = cls.env["res.partner"].create(
            {"name": "Logopediepraktijk De Klank", "is_company": True}
        )
        provider_contact = cls.env["res.partner"].create(
            {"name": "Logopedist Klank", "parent_id": organisation.id}
        )
        cls.provider = cls._portal_user("t_provider", partner=provider_contact)
        Sociogram = cls.env["ib.sociogram"]
        cls.sociogram_5 = Sociogram.create(
            {"group_id": cls.group_5.id, "use_negative_question": True}
        )
        cls.question_sit = cls.sociogram_5.question_ids.filtered(
            lambda q: q.kind == "positive"
        )[:1]
        cls.question_neg = cls.sociogram_5.question_ids.filtered(
            lambda q: q.kind == "negative"
        )
        cls.choices_5 = cls._choices(cls.sociogram_5, cls.question_sit, KNOWN_CHOICES)
        cls.sociogram_6 = Sociogram.create({"group_id": cls.group_6.id})
        cls._choices(
            cls.sociogram_6,
            cls.sociogram_6.question_ids[:1],
            (("chris", "dewi"),),
            {"chris": cls.pupil_6a, "dewi": cls.pupil_6b},
        )
        cls.sociogram_b = Sociogram.create({"group_id": cls.group_b.id})

    @classmethod
    def _choices(cls, sociogram, question, pairs, pupils=None):
        """Create the choices ``pairs`` (names of ``pupils``, default the known
        group) on ``question``, ranked in their order per chooser."""
        pupils = pupils or cls.pupils
        ranks, vals_list = {}, []
        for chooser, chosen in pairs:
            ranks[chooser] = ranks.get(chooser, 0) + 1
            vals_list.append(
                {
                    "sociogram_id": sociogram.id,
                    "question_id": question.id,
                    "pupil_id": pupils[chooser].id,
                    "chosen_id": pupils[chosen].id,
                    "rank": ranks[chooser],
                }
            )
        return cls.env["ib.sociogram.choice"].create(vals_list)

    def line(self, sociogram, name):
        return sociogram.pupil_line_ids.filtered(
            lambda line: line.pupil_id == self.pupils[name]
        )

    @staticmethod
    def new_group_command(group):
        return [Command.set(group.ids)]
