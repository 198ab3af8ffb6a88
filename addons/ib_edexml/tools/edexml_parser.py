"""Reading an EDEXML file (versions 2.0 and 2.1) into plain Python data.

The file comes from another program and is treated as untrusted input: no DTD,
no entities, no network, a size limit, and every problem is reported with the
element, its key and its line number instead of an exception. Only a file that
cannot be read at all (not XML, truncated, not EDEXML, unsupported version,
too large) raises :class:`EdexmlFileError`; everything else is collected in the
problem list and the rest of the file is still read.

Element names follow the official schema (EDEXML.elementen.xsd 2.1).
"""

import re
from datetime import date

from lxml import etree

SUPPORTED_VERSIONS = ("2.0", "2.1")
DEFAULT_MAX_BYTES = 30 * 1024 * 1024

# EDEXJaargroepType of the schema.
GRADE_CODES = frozenset(
    ["B", "D", "0", "1", "2", "3", "4", "5", "6", "7", "8"]
    + ["11", "12", "13", "14", "15", "16", "S", "V", "C", "N", "H"]
)
PRIMARY_GRADES = frozenset("12345678")
GENDER_CODES = frozenset("0129")
# EDEXLeerkrachtRolType of the schema.
ROLE_CODES = frozenset(
    "ADJ ADM CON DIR ICT IB KLA LRK LOS LOC OWA OUD RT SMW STA TAL VAK".split()
)
# Maximum lengths of the schema's string types.
NAME_LIMITS = {
    "achternaam": 200,
    "voorvoegsel": 10,
    "voornamen": 200,
    "voorletters-1": 6,
    "roepnaam": 64,
    "naam": 64,
    "omschrijving": 256,
    "emailadres": 256,
    "key": 256,
    "eckid": 256,
}
DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
SCHOOL_YEAR_RE = re.compile(r"^(\d{4})-(\d{4})$")
BSN_RE = re.compile(r"^\d{9}$")


class EdexmlFileError(Exception):
    """The file cannot be read as EDEXML at all; ``args[0]`` is the message
    (already translated), ``line`` the line number when known."""

    def __init__(self, message, line=None):
        super().__init__(message)
        self.line = line


def _identity(source, *args, **kwargs):
    if args:
        return source % args
    if kwargs:
        return source % kwargs
    return source


def secure_parser():
    """An lxml parser that never resolves entities, loads a DTD or goes on the
    network, and refuses huge documents."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


class EdexmlParser:
    """Parse one EDEXML document.

    :param _: the translation function of the caller (``env._``): every
        message is built with it, so the report is in the user's language.
    :param max_bytes: the size limit of the file.
    """

    def __init__(self, _=None, max_bytes=DEFAULT_MAX_BYTES):
        self._ = _ or _identity
        self.max_bytes = max_bytes
        self.problems = []

    # ------------------------------------------------------------ problems
    def _problem(self, element, message, key=None, severity="warning"):
        self.problems.append(
            {
                "line": getattr(element, "sourceline", None) or 0,
                "element": element.tag if element is not None else "",
                "key": key or "",
                "severity": severity,
                "message": message,
            }
        )

    # ------------------------------------------------------------ reading
    def parse(self, data):
        """Return ``{"version", "school", "groups", "pupils", "teachers",
        "problems"}``; raise :class:`EdexmlFileError` for an unreadable file."""
        if not data:
            raise EdexmlFileError(self._("The file is empty."))
        if len(data) > self.max_bytes:
            raise EdexmlFileError(
                self._(
                    "The file is too large (%(size)s MB; at most %(limit)s MB).",
                    size=round(len(data) / 1024 / 1024, 1),
                    limit=round(self.max_bytes / 1024 / 1024),
                )
            )
        if isinstance(data, str):
            data = data.encode()
        try:
            root = etree.fromstring(data, parser=secure_parser())
        except etree.XMLSyntaxError as exc:
            line = exc.lineno if exc.lineno else None
            raise EdexmlFileError(
                self._(
                    "This is not a readable EDEXML file: the XML is invalid or "
                    "incomplete (line %(line)s: %(error)s).",
                    line=line or "?",
                    error=exc.msg,
                ),
                line=line,
            ) from exc
        docinfo = root.getroottree().docinfo
        if docinfo.doctype or docinfo.internalDTD is not None:
            raise EdexmlFileError(
                self._(
                    "The file contains a document type declaration (DTD), which "
                    "EDEXML does not use; it is refused for safety."
                ),
                line=1,
            )
        if not isinstance(root.tag, str) or root.tag != "EDEX":
            raise EdexmlFileError(
                self._(
                    "This is not an EDEXML file: the document starts with "
                    "<%(tag)s> instead of <EDEX>.",
                    tag=root.tag if isinstance(root.tag, str) else "?",
                ),
                line=root.sourceline,
            )
        school_el = root.find("school")
        if school_el is None:
            raise EdexmlFileError(
                self._("This EDEXML file has no <school> element."),
                line=root.sourceline,
            )
        school = self._parse_school(school_el)
        groups = self._parse_groups(root.find("groepen"))
        pupils = self._parse_pupils(root.find("leerlingen"), groups)
        teachers = self._parse_teachers(root.find("leerkrachten"), groups)
        return {
            "version": school["version"],
            "school": school,
            "groups": groups,
            "pupils": pupils,
            "teachers": teachers,
            "problems": self.problems,
        }

    # ------------------------------------------------------------ helpers
    @staticmethod
    def _text(element, name):
        child = element.find(name)
        if child is None or child.text is None:
            return ""
        return " ".join(child.text.split())

    def _date(self, element, name, key):
        child = element.find(name)
        if child is None or not (child.text or "").strip():
            return None
        value = child.text.strip()
        match = DATE_RE.match(value)
        try:
            if not match:
                raise ValueError(value)
            return date(*(int(g) for g in match.groups()))
        except ValueError:
            self._problem(
                child,
                self._(
                    "%(value)s in <%(element)s> is not a date (YYYY-MM-DD); the "
                    "value is ignored.",
                    value=value[:40],
                    element=name,
                ),
                key=key,
            )
            return None

    def _limited(self, element, name, key, severity="warning"):
        """The text of child ``name``, or None (with a problem) if too long."""
        value = self._text(element, name)
        limit = NAME_LIMITS.get(name)
        if limit and len(value) > limit:
            self._problem(
                element.find(name),
                self._(
                    "<%(element)s> is too long (%(length)s characters, at most "
                    "%(limit)s).",
                    element=name,
                    length=len(value),
                    limit=limit,
                ),
                key=key,
                severity=severity,
            )
            return None
        return value

    def _key(self, element, seen, kind):
        key = " ".join((element.get("key") or "").split())
        if not key:
            self._problem(
                element,
                self._(
                    "A <%(element)s> without a key attribute is skipped.",
                    element=kind,
                ),
                severity="error",
            )
            return None
        if len(key) > NAME_LIMITS["key"]:
            self._problem(
                element,
                self._("The key is too long (at most 256 characters): skipped."),
                key=key[:40],
                severity="error",
            )
            return None
        if key in seen:
            self._problem(
                element,
                self._(
                    "Key %(key)s appears twice in the file; the second "
                    "<%(element)s> is skipped.",
                    key=key,
                    element=kind,
                ),
                key=key,
                severity="error",
            )
            return None
        seen.add(key)
        return key

    # ------------------------------------------------------------ school
    def _parse_school(self, element):
        version = self._text(element, "xsdversie")
        if version:
            number = re.sub(r"^[^\d]*", "", version)
            major_minor = ".".join(number.split(".")[:2])
            if major_minor not in SUPPORTED_VERSIONS:
                raise EdexmlFileError(
                    self._(
                        "EDEXML version %(version)s is not supported; this import "
                        "reads versions 2.0 and 2.1.",
                        version=version,
                    ),
                    line=element.find("xsdversie").sourceline,
                )
            version = major_minor
        else:
            version = "2.1" if self._has_eckid(element.getparent()) else "2.0"
        year = self._text(element, "schooljaar")
        match = SCHOOL_YEAR_RE.match(year)
        if not match or int(match.group(2)) != int(match.group(1)) + 1:
            raise EdexmlFileError(
                self._(
                    "The school year in <schooljaar> (%(year)s) is missing or not "
                    "of the form 2025-2026.",
                    year=year or "-",
                ),
                line=element.sourceline,
            )
        dependance = self._text(element, "dependancecode")
        return {
            "version": version,
            "school_year": year,
            "year_start": int(match.group(1)),
            "reference_date": self._date(element, "peildatum", None),
            "brin": self._text(element, "brincode").upper(),
            "dependance": "" if dependance == "00" else dependance,
            "school_key": self._text(element, "schoolkey"),
            "institution_number": self._text(element, "instellingsnummer"),
            "line": element.sourceline,
        }

    @staticmethod
    def _has_eckid(root):
        return any(el.get("eckid") for el in root.iterfind("leerlingen/leerling"))

    # ------------------------------------------------------------ groups
    def _parse_groups(self, element):
        groups = {}
        if element is None:
            return groups
        seen = set()
        for child in element:
            if child.tag not in ("groep", "samengestelde_groep"):
                continue
            key = self._key(child, seen, child.tag)
            if key is None:
                continue
            name = self._limited(child, "naam", key, severity="error")
            if name is None:
                continue
            if not name:
                self._problem(
                    child,
                    self._("A group without a name (<naam>) is skipped."),
                    key=key,
                    severity="error",
                )
                continue
            combined = child.tag == "samengestelde_groep"
            grade = ""
            if not combined:
                grade = self._text(child, "jaargroep").upper()
                if grade and grade not in GRADE_CODES:
                    self._problem(
                        child.find("jaargroep"),
                        self._(
                            "Unknown grade code %(code)s of group %(group)s; the "
                            "group takes the grades of its pupils.",
                            code=grade,
                            group=name,
                        ),
                        key=key,
                    )
                    grade = "C"
            groups[key] = {
                "key": key,
                "name": name,
                "grade": grade,
                "combined": combined,
                "description": self._limited(child, "omschrijving", key) or "",
                "line": child.sourceline,
            }
        return groups

    def _group_ref(self, element, groups, owner_key, combined):
        key = " ".join((element.get("key") or "").split())
        group = groups.get(key)
        if group is None or group["combined"] != combined:
            self._problem(
                element,
                self._(
                    "Reference to group %(group)s, which is not in the <groepen> "
                    "of the file: ignored.",
                    group=key or "-",
                ),
                key=owner_key,
            )
            return None
        return key

    # ------------------------------------------------------------ people
    def _names(self, element, key, kind):
        """Name parts of a pupil or teacher, or None (with a problem)."""
        values = {}
        for name in ("achternaam", "voorvoegsel", "voornamen", "voorletters-1"):
            value = self._limited(element, name, key, severity="error")
            if value is None:
                return None
            values[name] = value
        roepnaam = self._limited(element, "roepnaam", key, severity="error")
        if roepnaam is None:
            return None
        if not values["achternaam"] and not roepnaam:
            self._problem(
                element,
                self._(
                    "A <%(element)s> needs a last name (<achternaam>) or a first "
                    "name (<roepnaam>): skipped.",
                    element=kind,
                ),
                key=key,
                severity="error",
            )
            return None
        given = values["voornamen"]
        first = roepnaam or (given.split()[0] if given else "")
        first = first or values["voorletters-1"]
        return {
            "last_name": values["achternaam"],
            "infix": values["voorvoegsel"],
            "given_names": given,
            "initials": values["voorletters-1"],
            "first_name": first,
        }

    def _parse_pupils(self, element, groups):
        pupils = []
        if element is None:
            return pupils
        seen, seen_eckids = set(), set()
        for child in element.iterchildren("leerling"):
            key = self._key(child, seen, "leerling")
            if key is None:
                continue
            eckid = " ".join((child.get("eckid") or "").split())
            if len(eckid) > NAME_LIMITS["eckid"]:
                self._problem(child, self._("The eckid is too long: ignored."), key=key)
                eckid = ""
            if eckid and eckid in seen_eckids:
                self._problem(
                    child,
                    self._("This eckid is used by another pupil: ignored."),
                    key=key,
                )
                eckid = ""
            if eckid:
                seen_eckids.add(eckid)
            names = self._names(child, key, "leerling")
            if names is None:
                continue
            gender = self._text(child, "geslacht")
            if gender and gender not in GENDER_CODES:
                self._problem(
                    child.find("geslacht"),
                    self._(
                        "Unknown gender code %(code)s (0, 1, 2 or 9): ignored.",
                        code=gender[:10],
                    ),
                    key=key,
                )
                gender = ""
            grade = self._text(child, "jaargroep").upper()
            if grade and grade not in GRADE_CODES:
                self._problem(
                    child.find("jaargroep"),
                    self._("Unknown grade code %(code)s: ignored.", code=grade[:10]),
                    key=key,
                )
                grade = ""
            group_key = None
            group_el = child.find("groep")
            if group_el is not None:
                group_key = self._group_ref(group_el, groups, key, combined=False)
            combined_keys = []
            for ref in child.iterfind("samengestelde_groepen/samengestelde_groep"):
                ref_key = self._group_ref(ref, groups, key, combined=True)
                if ref_key and ref_key not in combined_keys:
                    combined_keys.append(ref_key)
            bsn = self._text(child, "bsn") or self._text(child, "sofinummer")
            if bsn and not BSN_RE.match(bsn):
                self._problem(
                    child.find("bsn") if child.find("bsn") is not None else child,
                    self._("The BSN does not have nine digits: ignored."),
                    key=key,
                )
                bsn = ""
            pupils.append(
                dict(
                    names,
                    key=key,
                    eckid=eckid,
                    birth_date=self._date(child, "geboortedatum", key),
                    gender=gender,
                    grade=grade,
                    group_key=group_key,
                    combined_keys=combined_keys,
                    bsn=bsn,
                    enrolment_date=self._date(child, "instroomdatum", key),
                    leaving_date=self._date(child, "uitstroomdatum", key),
                    line=child.sourceline,
                )
            )
        return pupils

    def _parse_teachers(self, element, groups):
        teachers = []
        if element is None:
            return teachers
        seen = set()
        for child in element.iterchildren("leerkracht"):
            key = self._key(child, seen, "leerkracht")
            if key is None:
                continue
            names = self._names(child, key, "leerkracht")
            if names is None:
                continue
            email = (self._limited(child, "emailadres", key) or "").lower()
            if email and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", email):
                self._problem(
                    child.find("emailadres"),
                    self._(
                        "%(email)s is not an e-mail address: ignored.",
                        email=email[:60],
                    ),
                    key=key,
                )
                email = ""
            roles = []
            for role in child.iterchildren("rol"):
                code = (role.text or "").strip().upper()
                if code in ROLE_CODES and code not in roles:
                    roles.append(code)
            group_keys = []
            for ref in child.iterfind("groepen/*"):
                if ref.tag not in ("groep", "samengestelde_groep"):
                    continue
                ref_key = self._group_ref(
                    ref, groups, key, combined=ref.tag == "samengestelde_groep"
                )
                if ref_key and ref_key not in group_keys:
                    group_keys.append(ref_key)
            teachers.append(
                dict(
                    names,
                    key=key,
                    eckid=" ".join((child.get("eckid") or "").split())[:256],
                    email=email,
                    roles=roles,
                    group_keys=group_keys,
                    line=child.sourceline,
                )
            )
        return teachers
