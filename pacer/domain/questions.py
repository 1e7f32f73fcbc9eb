"""Questions to ask at an appointment, grouped by the kind of appointment.

Why: 40-80% of what a doctor says is forgotten at once (Kessels 2003, J R Soc Med), and people
with advanced cancer who were given a written list of questions asked 2.3 times as many, talked
more about the future, and were no more anxious (Clayton et al. 2007, J Clin Oncol 25:715; in
advanced cancer overall: more questions asked, no change in anxiety or quality of life,
meta-analysis in Support Care Cancer 2024). So the appointment form suggests questions for the
kind of visit chosen, and the person can mark their top three, which come first everywhere the
questions are listed (:func:`pacer.domain.appointments.ordered_questions`).

The words are our own, at a reading age of about 12, drawn from the public question lists named
beside each group (see ``../shared/content/BRIEF.md`` sections 4 and 7): Cancer.Net "Questions to
ask your health care team", Macmillan Cancer Support "Talking to your healthcare team", and the
Cancer Institute NSW question pamphlets (for medical and radiation oncologists, surgeons and
haematologists). Pure data and one function: no clock, no files, no Textual.
"""

from __future__ import annotations

from pacer.domain.limits import APPOINTMENT_KINDS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable


class QuestionGroup:
    """The suggestions for one kind of appointment, with where they come from.

    A plain class, not a dataclass: :mod:`pacer.domain.appointments` imports this module, and
    `pacer status` imports that one at a shell prompt, where dataclasses (and the inspect
    module it loads) would cost as much as starting Python.
    """

    __slots__ = ("heading", "kind", "questions", "source")

    def __init__(self, kind: str, heading: str, questions: tuple[str, ...], source: str) -> None:
        self.kind = kind
        #: How the form names the group: "Questions for a scan".
        self.heading = heading
        self.questions = questions
        #: The public lists these are drawn from, in the words of the content brief.
        self.source = source

    def __repr__(self) -> str:
        return f"QuestionGroup({self.kind!r}, {len(self.questions)} questions)"


CANCER_NET = 'Cancer.Net (ASCO), "Questions to ask your health care team"'
MACMILLAN = 'Macmillan Cancer Support, "Talking to your healthcare team"'
NSW = "Cancer Institute NSW question pamphlets"
BRIEF_SCAN = ("content brief section 4: why this test, what are you looking for, when and how "
              "will I get the results, best and worst cases, what happens next either way "
              "(scanxiety: Bui 2021 BMJ Open, Bui 2022 Support Care Cancer)")

GROUPS: dict[str, QuestionGroup] = {
    "scan": QuestionGroup(
        "scan", "Questions for a scan",
        (
            "Why do I need this scan, and what are you looking for?",
            "Do I need to stop eating, drinking or any medicines before it?",
            "Will I have a dye put in (contrast)? Is there anything I should tell you first?",
            "How long will it take, and can someone come with me?",
            "Will it hurt? Can I have help if I feel worried or closed in?",
            "When will the results be ready, and how will I hear them?",
            "Who will tell me the results: in person, by phone or online?",
            "Who can I call if I have not heard by then?",
            "What happens next, whatever the scan shows?",
        ),
        # Brief section 7: "why this scan, what are you looking for, will I need contrast or
        # to fast, when and how will I hear".
        f"{BRIEF_SCAN}; brief section 7 (a scan); {CANCER_NET}; {NSW}",
    ),
    "blood-test": QuestionGroup(
        "blood-test", "Questions for a blood test",
        (
            "What is this blood test checking?",
            "Do I need to stop eating or drinking before it?",
            "When will the results be ready, and how will I hear them?",
            "What would a change in my results mean?",
            "Will I need more tests after this one?",
            "Who can I call if I have not heard by then?",
        ),
        f"{BRIEF_SCAN}; {CANCER_NET}",
    ),
    "results": QuestionGroup(
        "results", "Questions for a results visit",
        (
            "What did the results show?",
            "What does this mean for me and my everyday life?",
            "Has anything changed since my last scan or test?",
            "Can I have a copy of the report?",
            "What are my choices now, and what would you suggest?",
            "What is the best that could happen, and what is the worst?",
            "What happens next, and when?",
            "Is there anything I can do to help myself?",
            "Who can I talk to if I feel worried after today?",
        ),
        # Brief section 7: "what did it show, what does it mean for me, what are the options
        # now, what happens next and when".
        f"brief section 7 (results); {BRIEF_SCAN}; {CANCER_NET}; {NSW}",
    ),
    "oncologist": QuestionGroup(
        "oncologist", "Questions for your cancer doctor",
        (
            "How is the treatment going? How will we know if it is working?",
            "What are my choices from here, and what would each one mean for me?",
            "Which side effects should I call you about straight away?",
            "Could I take a break from treatment for something important to me?",
            "Is there a clinical trial that could suit me?",
            "Could a palliative care team help with my symptoms now?",
            "Is it safe for me to exercise, and is there anything I should avoid?",
            "What can I expect in the next few months?",
            "Who do I call between visits, and at night?",
        ),
        f"{NSW} (medical oncologist); {CANCER_NET}; {MACMILLAN}; "
        "Clayton 2007 (talking about the future)",
    ),
    "treatment": QuestionGroup(
        "treatment", "Questions for the start of a treatment",
        (
            "What is the aim of this treatment?",
            "How often will I have it, and for how long?",
            "How long does each visit take, and can someone come with me?",
            "Which side effects are common, and what helps with them?",
            "Which side effects mean I should call straight away, and who do I call?",
            "How will we know if the treatment is working?",
            "Can I keep working, driving or exercising while I have it?",
            "Should I avoid any foods, medicines or vitamins?",
            "What should I do if I miss a dose or a visit?",
        ),
        # Brief section 7: "aim of the treatment, side effects to watch for and who to call,
        # how we will know it works".
        f"brief section 7 (a treatment start); {NSW} (medical and radiation oncologists); "
        f"{CANCER_NET}",
    ),
    "new-symptom": QuestionGroup(
        "new-symptom", "Questions about a new symptom",
        (
            "What could be causing this? Could it be the cancer or the treatment?",
            "Do I need any tests to find out?",
            "What can I do at home to ease it?",
            "Is there a medicine that could help, and what are its side effects?",
            "What signs mean it is getting worse?",
            "When should I call you, and when should I go to hospital straight away?",
            "Who do I call at night or at the weekend?",
            "When should I come back if it does not get better?",
        ),
        # Brief section 7: "could it be the cancer or the treatment, what should I watch for,
        # when should I call".
        f"brief section 7 (a new symptom); {CANCER_NET}; {MACMILLAN}",
    ),
    "palliative": QuestionGroup(
        "palliative", "Questions for palliative or supportive care",
        (
            "What can palliative care do for me now?",
            "What help is there for pain, breathlessness or tiredness?",
            "Can I get help at home, and who would come?",
            "Can I keep having my other treatment while I get this care?",
            "What help is there for my family and the people who look after me?",
            "Who can I talk to about my worries and feelings?",
            "Can we talk about what matters most to me, and plan ahead?",
            "Who do I call if things change, day or night?",
            "Is there help with money, travel or other practical things?",
        ),
        # Brief section 7: "what help is there for symptoms, at home, for my family"; Clayton
        # 2007 was a palliative care study.
        f"brief section 7 (palliative or supportive care); Clayton 2007; {CANCER_NET}; "
        f"{MACMILLAN}",
    ),
    "other": QuestionGroup(
        "other", "Questions for any visit",
        (
            "What is the aim of today's visit?",
            "Can I record what you say, or can you write it down for me?",
            "Is it all right to bring someone with me?",
            "What happens next, and when?",
            "Who can I call with questions before then?",
            "Where can I find more help or information?",
        ),
        # Macmillan's advice: take notes, ask to record, bring someone (brief section 7).
        f"{MACMILLAN}; {CANCER_NET}",
    ),
}
assert tuple(GROUPS) == APPOINTMENT_KINDS, "one group per kind, in the kinds' order"


def group_for(kind: str) -> QuestionGroup:
    """The group for ``kind``; a kind this version does not know gets the general one."""
    return GROUPS.get(kind, GROUPS["other"])


def suggested_questions(kind: str, have: Iterable[str] = ()) -> list[str]:
    """The suggestions for this kind of appointment, minus those already on the list
    (compared without case and outer spaces, so a pasted copy is not offered again)."""
    taken = {q.strip().lower() for q in have if isinstance(q, str)}
    return [q for q in group_for(kind).questions if q.lower() not in taken]
