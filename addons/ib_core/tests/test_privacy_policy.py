"""The declared privacy policy covers every model of the suite.

These tests read the registry with every installed addon of the suite, so a new
model that forgets a policy fails here, whichever addon defines it:

* every concrete ``ib.*`` model checks its writes (``ib.write.guard.mixin``: sane
  text, links only to records the user may read, no write that moves the record
  out of the user's reach);
* every ``ib.*`` model with a chatter declares its thread policy: ``care``
  (``ib.care.thread.mixin``) or ``staff`` (not about a pupil, never for portal
  users);
* every ``ib.*`` model that portal users may read declares the whitelist of
  fields they may read, and every other field is refused to them.
"""

from odoo.tests import new_test_user, tagged

from odoo.addons.base.tests.common import BaseCommon

TEXT_TYPES = ("char", "text", "html")
# Records whose rules depend on the user: a link to them must be checked.
SCOPED_TARGETS = ("ib.pupil", "ib.group", "ib.care.plan", "ib.referral", "ib.meeting")


@tagged("post_install", "-at_install")
class TestPrivacyPolicy(BaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env,
            login="t_policy_portal",
            groups="base.group_portal",
            context={"no_reset_password": True},
        )

    def _suite_models(self):
        registry = self.env.registry
        return {
            name: cls
            for name, cls in registry.items()
            if name.startswith("ib.")
            and not cls._abstract
            and not cls._transient
            and cls._auto
        }

    def _portal_models(self):
        """Models with a read access right for portal users."""
        portal = self.env.ref("base.group_portal")
        acls = (
            self.env["ir.model.access"]
            .sudo()
            .search([("group_id", "=", portal.id), ("perm_read", "=", True)])
        )
        return {
            acl.model_id.model for acl in acls if acl.model_id.model.startswith("ib.")
        }

    def test_every_model_guards_its_writes(self):
        missing = [
            name
            for name in self._suite_models()
            if not isinstance(self.env[name], self.registry["ib.write.guard.mixin"])
            # append-only logs are written by the system only
            and not isinstance(self.env[name], self.registry["ib.append.only.mixin"])
        ]
        self.assertFalse(
            missing,
            "These models do not inherit ib.write.guard.mixin (target check on "
            f"create/write, text limits): {missing}",
        )

    def test_links_to_suite_records_are_guarded(self):
        """Each model linking to a pupil, group, plan, referral... checks the
        target: the guard lists exactly those links."""
        Guard = self.registry["ib.write.guard.mixin"]
        unguarded = []
        for name in self._suite_models():
            Model = self.env[name]
            links = [
                field_name
                for field_name, field in Model._fields.items()
                if field.type in ("many2one", "many2many")
                and field.store
                and field.comodel_name.startswith(SCOPED_TARGETS)
            ]
            if not links:
                continue
            if not isinstance(Model, Guard):
                if isinstance(Model, self.registry["ib.append.only.mixin"]):
                    continue
                unguarded.append(name)
                continue
            guarded = Model._ib_guarded_link_fields()
            unguarded.extend(f"{name}.{f}" for f in links if f not in guarded)
        self.assertFalse(unguarded, f"Links without a target check: {unguarded}")

    def test_every_chatter_declares_its_thread_policy(self):
        Thread = self.registry["mail.thread"]
        CareThread = self.registry["ib.care.thread.mixin"]
        CareRecord = self.registry["ib.care.mixin"]
        portal_models = self._portal_models()
        problems = []
        for name in self._suite_models():
            Model = self.env[name]
            if not isinstance(Model, Thread):
                continue
            policy = getattr(type(Model), "_ib_thread_policy", None)
            if policy == "care":
                if not isinstance(Model, CareThread):
                    problems.append(f"{name}: policy care without ib.care.thread.mixin")
            elif policy == "staff":
                if isinstance(Model, CareRecord) or "pupil_id" in Model._fields:
                    problems.append(f"{name}: data about a pupil with a staff chatter")
                if name in portal_models:
                    problems.append(f"{name}: portal users read a staff chatter")
            else:
                problems.append(f"{name}: no _ib_thread_policy ('care' or 'staff')")
        self.assertFalse(problems, "\n".join(problems))

    def test_care_data_with_chatter_uses_the_care_policy(self):
        """Every care record (about one pupil) that has a chatter has the care
        thread policy: messages for the record's readers only, never internal
        notes or other people's messages for portal users, attachments as the
        reader may open them."""
        Thread = self.registry["mail.thread"]
        CareThread = self.registry["ib.care.thread.mixin"]
        wrong = [
            name
            for name in self._suite_models()
            if isinstance(self.env[name], Thread)
            and "pupil_id" in self.env[name]._fields
            and not isinstance(self.env[name], CareThread)
        ]
        self.assertFalse(wrong, f"Care data with Odoo's open chatter: {wrong}")

    def test_portal_models_declare_a_whitelist(self):
        Whitelist = self.registry["ib.portal.fields.mixin"]
        problems = []
        for name in sorted(self._portal_models()):
            Model = self.env[name]
            if not isinstance(Model, Whitelist):
                problems.append(f"{name}: no ib.portal.fields.mixin")
                continue
            if not Model._ib_portal_fields:
                problems.append(f"{name}: empty _ib_portal_fields")
            unknown = set(Model._ib_portal_fields) - set(Model._fields)
            if unknown:
                problems.append(f"{name}: whitelist names unknown fields {unknown}")
        self.assertFalse(problems, "\n".join(problems))

    def test_portal_users_read_exactly_the_whitelist(self):
        """As a portal user, every field outside the whitelist is refused: no
        text, no link, nothing else (the same check guards read, search_read,
        web_read, read_group, export_data, domains and ordering)."""
        Whitelist = self.registry["ib.portal.fields.mixin"]
        for name in sorted(self._portal_models()):
            Model = self.env[name].with_user(self.portal_user)
            if not isinstance(Model, Whitelist):
                continue  # reported by test_portal_models_declare_a_whitelist
            whitelist = set(Model._ib_portal_fields) | {
                "id",
                "display_name",
                Model._active_name,
            }
            for field_name, field in Model._fields.items():
                allowed = Model._has_field_access(field, "read")
                if field_name in whitelist:
                    continue
                self.assertFalse(
                    allowed,
                    f"{name}.{field_name} ({field.type}) is readable by portal users "
                    "but not on the model's portal whitelist",
                )
            # the whitelist lets them search as the portal pages do (ordering)
            Model.search([], limit=1)
            # and through the public API
            hidden = sorted(
                f
                for f, field in Model._fields.items()
                if f not in whitelist and field.type in TEXT_TYPES
            )
            readable = set(Model.fields_get(attributes=["type"]))
            self.assertFalse(
                set(hidden) & readable,
                f"{name}: fields_get offers hidden text fields to portal users",
            )

    def test_internal_users_are_not_affected_by_the_whitelist(self):
        for name in sorted(self._portal_models()):
            Model = self.env[name].with_user(self.env.ref("base.user_admin"))
            for field in Model._fields.values():
                if not field.groups:
                    self.assertTrue(Model._has_field_access(field, "read"))
