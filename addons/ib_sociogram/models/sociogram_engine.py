"""The sociogram computation: pure Python, no Odoo.

Input: the pupils of a group (any hashable keys, e.g. their ids) and the
nominations of a sociogram as ``(chooser, chosen)`` pairs, the positive ones
(all positive questions together: "next to whom would you like to sit?",
"with whom do you like to play?") and, when the sociogram asks it, the
negative ones. Output (:class:`SociogramResult`): per pupil the choices they
received and gave, their mutual choices and their position in the group, and
the figures of the group.

The rules, as the school reads them on the form:

* **received**: the positive nominations a pupil received (a classmate who
  chooses them on two questions counts twice);
* **mutual**: the classmates with whom a pupil has a mutual positive choice
  (A chose B and B chose A, on any positive question);
* **popular**: received at least the group's mean plus ``sd_factor`` times the
  standard deviation (of the received counts, population standard deviation),
  and more than the mean; nobody is popular in a group where every pupil
  receives the same number;
* **isolated**: received no positive nomination at all;
* **rejected** (only with a negative question): received negative nominations
  at least the group's mean plus ``sd_factor`` times their standard deviation,
  and more than the mean;
* **ring** (the picture): 0 popular (centre), 1 at least the mean, 2 below the
  mean but chosen, 3 isolated (outside);
* **mutual pairs**: the unordered pairs with a mutual positive choice;
* **density**: the distinct positive ties (who chose whom, whatever the
  question) divided by the possible ties ``n * (n - 1)``.

Nominations of or by pupils outside the group and of oneself are ignored (the
models refuse them before they get here).
"""

from dataclasses import dataclass, field
from statistics import fmean, pstdev

RING_POPULAR = 0
RING_AVERAGE = 1
RING_BELOW = 2
RING_ISOLATED = 3


@dataclass(frozen=True)
class PupilResult:
    received: int = 0
    given: int = 0
    mutual: int = 0
    rejected_received: int = 0
    popular: bool = False
    isolated: bool = False
    rejected: bool = False
    ring: int = RING_AVERAGE


@dataclass(frozen=True)
class SociogramResult:
    pupils: dict = field(default_factory=dict)
    # distinct positive ties (chooser, chosen) and negative ties
    ties: frozenset = frozenset()
    negative_ties: frozenset = frozenset()
    # mutual positive pairs, each a tuple sorted by the pupils' order
    mutual_pairs: tuple = ()
    density: float = 0.0
    mean_received: float = 0.0
    sd_received: float = 0.0

    @property
    def popular(self):
        return [key for key, result in self.pupils.items() if result.popular]

    @property
    def isolated(self):
        return [key for key, result in self.pupils.items() if result.isolated]

    @property
    def rejected(self):
        return [key for key, result in self.pupils.items() if result.rejected]


def _outliers(counts, sd_factor):
    """The keys whose count is at least mean + sd_factor * sd and above the
    mean (so never when every count is the same)."""
    if not counts:
        return set()
    values = list(counts.values())
    mean = fmean(values)
    sd = pstdev(values)
    threshold = mean + sd_factor * sd
    return {
        key
        for key, value in counts.items()
        if value > 0 and value > mean and value >= threshold - 1e-9
    }


def compute(pupils, positive, negative=(), sd_factor=1.0):
    """Compute the sociogram of ``pupils`` (an ordered iterable of keys) from
    the ``positive`` and ``negative`` nominations, iterables of
    ``(chooser, chosen)``. Returns a :class:`SociogramResult`."""
    order = list(dict.fromkeys(pupils))
    members = set(order)
    position = {key: index for index, key in enumerate(order)}

    def valid(pairs):
        return [(a, b) for a, b in pairs if a in members and b in members and a != b]

    positive = valid(positive)
    negative = valid(negative)
    received = dict.fromkeys(order, 0)
    given = dict.fromkeys(order, 0)
    negative_received = dict.fromkeys(order, 0)
    for chooser, chosen in positive:
        received[chosen] += 1
        given[chooser] += 1
    for _chooser, chosen in negative:
        negative_received[chosen] += 1

    ties = frozenset(positive)
    mutual_pairs = sorted(
        {
            tuple(sorted((a, b), key=position.__getitem__))
            for a, b in ties
            if (b, a) in ties
        },
        key=lambda pair: (position[pair[0]], position[pair[1]]),
    )
    mutual = dict.fromkeys(order, 0)
    for a, b in mutual_pairs:
        mutual[a] += 1
        mutual[b] += 1

    popular = _outliers(received, sd_factor)
    rejected = _outliers(negative_received, sd_factor) if negative else set()
    mean = fmean(received.values()) if order else 0.0
    sd = pstdev(received.values()) if order else 0.0

    results = {}
    for key in order:
        if key in popular:
            ring = RING_POPULAR
        elif received[key] == 0:
            ring = RING_ISOLATED
        elif received[key] >= mean:
            ring = RING_AVERAGE
        else:
            ring = RING_BELOW
        results[key] = PupilResult(
            received=received[key],
            given=given[key],
            mutual=mutual[key],
            rejected_received=negative_received[key],
            popular=key in popular,
            isolated=received[key] == 0,
            rejected=key in rejected,
            ring=ring,
        )
    n = len(order)
    density = len(ties) / (n * (n - 1)) if n > 1 else 0.0
    return SociogramResult(
        pupils=results,
        ties=ties,
        negative_ties=frozenset(negative),
        mutual_pairs=tuple(mutual_pairs),
        density=density,
        mean_received=mean,
        sd_received=sd,
    )
