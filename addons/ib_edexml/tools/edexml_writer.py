"""Writing an EDEXML 2.1 document from plain Python data, in the element order
of the official schema (EDEXML.structuur.xsd / EDEXML.elementen.xsd 2.1)."""

from lxml import etree


def _add(parent, tag, value):
    if value in (None, False, ""):
        return None
    element = etree.SubElement(parent, tag)
    element.text = value if isinstance(value, str) else str(value)
    return element


def _names(parent, person):
    """Name parts: the full set with a last name, else only the first name."""
    if person.get("last_name"):
        _add(parent, "achternaam", person["last_name"][:200])
        _add(parent, "voorvoegsel", (person.get("infix") or "")[:10])
        _add(parent, "voornamen", (person.get("given_names") or "")[:200])
        _add(parent, "voorletters-1", (person.get("initials") or "")[:6])
        _add(parent, "roepnaam", (person.get("first_name") or "")[:64])
    else:
        _add(parent, "roepnaam", (person.get("first_name") or "?")[:64])


def _date(value):
    return value.isoformat() if value else None


def write_edexml(school, groups, pupils, teachers):
    """Return the EDEXML 2.1 document as UTF-8 bytes.

    :param school: dict with school_year, brin, dependance, created (datetime),
        author
    :param groups: list of dicts key, name, grade (code), combined
    :param pupils: list of dicts as the parser returns them (key, eckid, name
        parts, birth_date, gender, grade, group_key, combined_keys, bsn,
        enrolment_date, leaving_date)
    :param teachers: list of dicts key, eckid, name parts, email, roles,
        group_keys
    """
    root = etree.Element("EDEX")
    school_el = etree.SubElement(root, "school")
    _add(school_el, "schooljaar", school["school_year"])
    _add(school_el, "brincode", school["brin"])
    _add(school_el, "dependancecode", school.get("dependance"))
    _add(
        school_el,
        "aanmaakdatum",
        school["created"].replace(microsecond=0).isoformat(),
    )
    _add(school_el, "auteur", (school.get("author") or "")[:128])
    _add(school_el, "xsdversie", "2.1")

    combined_keys = {g["key"] for g in groups if g["combined"]}
    if groups:
        groups_el = etree.SubElement(root, "groepen")
        for group in groups:
            tag = "samengestelde_groep" if group["combined"] else "groep"
            group_el = etree.SubElement(groups_el, tag, key=group["key"])
            _add(group_el, "naam", group["name"][:64])
            if not group["combined"]:
                _add(group_el, "jaargroep", group["grade"] or "C")

    pupils_el = etree.SubElement(root, "leerlingen")
    for pupil in pupils:
        attrs = {"key": pupil["key"]}
        if pupil.get("eckid"):
            attrs["eckid"] = pupil["eckid"]
        pupil_el = etree.SubElement(pupils_el, "leerling", **attrs)
        _names(pupil_el, pupil)
        _add(pupil_el, "geboortedatum", _date(pupil.get("birth_date")))
        _add(pupil_el, "geslacht", pupil.get("gender"))
        _add(pupil_el, "jaargroep", pupil.get("grade"))
        if pupil.get("group_key"):
            etree.SubElement(pupil_el, "groep", key=pupil["group_key"])
        if pupil.get("combined_keys"):
            refs = etree.SubElement(pupil_el, "samengestelde_groepen")
            for key in pupil["combined_keys"]:
                etree.SubElement(refs, "samengestelde_groep", key=key)
        _add(pupil_el, "bsn", pupil.get("bsn"))
        _add(pupil_el, "instroomdatum", _date(pupil.get("enrolment_date")))
        _add(pupil_el, "uitstroomdatum", _date(pupil.get("leaving_date")))

    if teachers:
        teachers_el = etree.SubElement(root, "leerkrachten")
        for teacher in teachers:
            attrs = {"key": teacher["key"]}
            if teacher.get("eckid"):
                attrs["eckid"] = teacher["eckid"]
            teacher_el = etree.SubElement(teachers_el, "leerkracht", **attrs)
            _names(teacher_el, teacher)
            _add(teacher_el, "emailadres", (teacher.get("email") or "")[:256])
            for role in teacher.get("roles") or ():
                _add(teacher_el, "rol", role)
            if teacher.get("group_keys"):
                refs = etree.SubElement(teacher_el, "groepen")
                for key in teacher["group_keys"]:
                    tag = "samengestelde_groep" if key in combined_keys else "groep"
                    etree.SubElement(refs, tag, key=key)
    return etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", pretty_print=True
    )
