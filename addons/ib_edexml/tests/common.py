import base64
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.fields import Command
from odoo.tests import TransactionCase, new_test_user

# Hand-written EDEXML test files (not the standard's examples). SCHOOLJAAR and
# BRINCODE are filled in per test; the school year is the current one.
FULL = """<?xml version="1.0" encoding="UTF-8"?>
<EDEX>
  <school>
    <schooljaar>SCHOOLJAAR</schooljaar>
    <brincode>BRINCODE</brincode>
    <dependancecode>00</dependancecode>
    <aanmaakdatum>2025-10-01T08:30:00</aanmaakdatum>
    <auteur>Testadministratie</auteur>
    <xsdversie>2.1</xsdversie>
    <commentaar>Handgeschreven testbestand</commentaar>
  </school>
  <groepen>
    <groep key="g-5a">
      <naam>Groep 5a</naam>
      <jaargroep>5</jaargroep>
    </groep>
    <groep key="g-34">
      <naam>Groep 3/4</naam>
      <jaargroep>C</jaargroep>
      <omschrijving>Combinatiegroep</omschrijving>
    </groep>
    <samengestelde_groep key="sg-rekenen">
      <naam>Rekenplus</naam>
    </samengestelde_groep>
  </groepen>
  <leerlingen>
    <leerling key="ll-1" eckid="https://id.example/eck/1">
      <achternaam>Kuipers</achternaam>
      <voorvoegsel>van</voorvoegsel>
      <voornamen>Pieter Jan</voornamen>
      <voorletters-1>PJ</voorletters-1>
      <roepnaam>Piet</roepnaam>
      <geboortedatum>2016-04-12</geboortedatum>
      <geslacht>1</geslacht>
      <jaargroep>5</jaargroep>
      <groep key="g-5a"/>
      <samengestelde_groepen>
        <samengestelde_groep key="sg-rekenen"/>
      </samengestelde_groepen>
      <bsn>123456782</bsn>
      <instroomdatum>2020-04-14</instroomdatum>
      <toevoegingen>
        <blok xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
              xsi:type="LeverancierX">
          <code>X1</code>
          <geheim>onbekend blok</geheim>
        </blok>
      </toevoegingen>
    </leerling>
    <leerling key="ll-2">
      <achternaam>Aydin</achternaam>
      <roepnaam>Elif</roepnaam>
      <geboortedatum>2018-09-01</geboortedatum>
      <geslacht>2</geslacht>
      <jaargroep>3</jaargroep>
      <groep key="g-34"/>
      <instroomdatum>2022-09-05</instroomdatum>
    </leerling>
    <leerling key="ll-3">
      <achternaam>Wit</achternaam>
      <voorvoegsel>de</voorvoegsel>
      <roepnaam>Tim</roepnaam>
      <geboortedatum>2017-02-20</geboortedatum>
      <geslacht>1</geslacht>
      <jaargroep>4</jaargroep>
      <groep key="g-34"/>
      <samengestelde_groepen>
        <samengestelde_groep key="sg-rekenen"/>
      </samengestelde_groepen>
      <instroomdatum>2021-02-22</instroomdatum>
    </leerling>
  </leerlingen>
  <leerkrachten>
    <leerkracht key="lk-1">
      <achternaam>Hoekstra</achternaam>
      <roepnaam>Marit</roepnaam>
      <emailadres>Marit.Hoekstra@test.example.com</emailadres>
      <rol>LRK</rol>
      <groepen>
        <groep key="g-5a"/>
      </groepen>
    </leerkracht>
    <leerkracht key="lk-2">
      <achternaam>Veenstra</achternaam>
      <roepnaam>Joost</roepnaam>
      <emailadres>joost.veenstra@test.example.com</emailadres>
      <rol>LRK</rol>
      <rol>IB</rol>
      <groepen>
        <groep key="g-34"/>
        <samengestelde_groep key="sg-rekenen"/>
      </groepen>
    </leerkracht>
  </leerkrachten>
</EDEX>
"""

# The privacy-minimal set: pupils with only a first name and a grade.
MINIMAL = """<?xml version="1.0" encoding="UTF-8"?>
<EDEX>
  <school>
    <schooljaar>SCHOOLJAAR</schooljaar>
    <brincode>BRINCODE</brincode>
    <xsdversie>2.1</xsdversie>
  </school>
  <leerlingen>
    <leerling key="m-1">
      <roepnaam>Ayla</roepnaam>
      <jaargroep>2</jaargroep>
    </leerling>
    <leerling key="m-2">
      <roepnaam>Bo</roepnaam>
      <jaargroep>6</jaargroep>
    </leerling>
  </leerlingen>
</EDEX>
"""


class IbEdexmlCommon(TransactionCase):
    """Two schools with a BRIN code and a current school year, a coordinator
    per school, a teacher of school A and an existing teacher user whose
    e-mail address is in the FULL file."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, no_reset_password=True))
        Company = cls.env["res.company"]
        cls.school_a = Company.create({"name": "Edex School A", "ib_brin_code": "97XA"})
        cls.school_b = Company.create({"name": "Edex School B", "ib_brin_code": "97XB"})
        today = date.today()
        start = date(today.year if today.month >= 8 else today.year - 1, 8, 1)
        cls.year_name = f"{start.year}-{start.year + 1}"
        Year = cls.env["ib.school.year"]
        cls.year_a = Year.create(
            {
                "date_start": start,
                "date_end": start + relativedelta(years=1, days=-1),
                "company_id": cls.school_a.id,
            }
        )
        cls.coordinator = cls._user(
            "edx_ib_a", "ib_core.group_ib_coordinator", cls.school_a
        )
        cls.coordinator_b = cls._user(
            "edx_ib_b", "ib_core.group_ib_coordinator", cls.school_b
        )
        cls.teacher = cls._user("edx_teacher", "ib_core.group_ib_teacher", cls.school_a)
        cls.marit = cls._user(
            "marit.hoekstra@test.example.com",
            "ib_core.group_ib_teacher",
            cls.school_a,
        )

    @classmethod
    def _user(cls, login, groups, companies):
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=companies[:1].id,
            company_ids=[Command.set(companies.ids)],
        )

    def file(self, template, school=None, **replace):
        school = school or self.school_a
        text = template.replace("SCHOOLJAAR", self.year_name).replace(
            "BRINCODE", school.ib_brin_code
        )
        for old, new in replace.items():
            text = text.replace(old, new)
        return text.encode()

    def service(self, user=None, school=None):
        user = user or self.coordinator
        school = school or self.school_a
        return (
            self.env["ib.edexml.import.service"]
            .with_user(user)
            .with_context(allowed_company_ids=user.company_ids.ids)
        ), school.with_user(user)

    def plan(self, data, user=None, school=None):
        service, school = self.service(user, school)
        return service._ib_plan(school, data)

    def run_import(self, data, user=None, school=None, **kwargs):
        service, school = self.service(user, school)
        plan = service._ib_plan(school, data)
        return plan, service._ib_apply(plan, filename="test.xml", **kwargs)

    def wizard(self, data, user=None, school=None):
        user = user or self.coordinator
        school = school or self.school_a
        return (
            self.env["ib.edexml.import"]
            .with_user(user)
            .with_context(allowed_company_ids=user.company_ids.ids)
            .create(
                {
                    "company_id": school.id,
                    "file": base64.b64encode(data),
                    "filename": "test.xml",
                }
            )
        )

    def pupils(self, school=None):
        return (
            self.env["ib.pupil"]
            .with_context(active_test=False)
            .search([("company_id", "=", (school or self.school_a).id)])
        )

    def pupil(self, key, school=None):
        return self.pupils(school).filtered(lambda p: p.edexml_key == key)
