# ruff: noqa: E501  (dialogue reads better unbroken)
"""The five synthetic demo scenarios: who is in each scene, what they say, and the manifest
metadata. `make_demo_videos.py` turns these into clips, captions and manifests.

Written to be plausible and respectful: ordinary people on a hard day, staff doing their best.
The dialogue models good practice without presenting itself as clinical guidance.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Person:
    key: str
    name: str  # shown on the name tag and in captions
    role_label: str  # shown under the name
    voice: str  # espeak-ng voice (+variant)
    pitch: int  # espeak-ng -p (0-99)
    speed: int  # espeak-ng -s (words per minute)
    x: int  # horizontal centre in a 640-wide frame
    pose: str = "standing"  # standing | seated | bed
    skin: str = "#c68642"
    hair: str = "#2b1d14"
    hair_style: str = "short"  # short | long | bun | bald | curly
    top: str = "#3b6ea5"
    scale: float = 1.0  # pupils are drawn a little smaller
    enters_at: int = 0  # index of the line at which the person appears


@dataclass(frozen=True)
class Line:
    who: str
    text: str
    pause: str = ""  # a reflection question: the clip pauses just after this line


@dataclass(frozen=True)
class Script:
    id: str
    title: str
    summary: str
    setting: str
    scene: str  # which drawn background to use
    level: str
    roles: tuple[str, ...]
    topics: tuple[str, ...]
    learning_objectives: tuple[str, ...]
    content_warnings: tuple[str, ...]
    captions_format: str  # "srt" or "vtt"
    people: tuple[Person, ...]
    lines: tuple[Line, ...]
    closing_question: str
    extra: dict = field(default_factory=dict)


LOW_MOOD = Script(
    id="low-mood-inpatient",
    title="Quiet in bay four",
    summary=(
        "A staff nurse notices that Alan, recovering on an orthopaedic ward after a fall, has stopped "
        "eating and is refusing physiotherapy. She makes time to sit with him and asks how he is "
        "really feeling."
    ),
    setting="inpatient ward",
    scene="ward",
    level="introductory",
    roles=("ward-nurse", "mh-practitioner"),
    topics=("low-mood", "depression", "suicide-risk", "communication"),
    learning_objectives=(
        "Recognise signs of low mood in a patient admitted for a physical health problem.",
        "Ask directly and kindly about thoughts of not wanting to be alive.",
        "Know when and how to involve the mental health liaison team.",
    ),
    content_warnings=("Mentions thoughts of not wanting to be alive, and bereavement.",),
    captions_format="srt",
    people=(
        Person(
            "priya",
            "Priya",
            "Staff nurse",
            "en-gb+f3",
            55,
            150,
            210,
            "seated",
            skin="#a0662f",
            hair="#1a1210",
            hair_style="bun",
            top="#2f6fb0",
        ),
        Person(
            "alan",
            "Alan",
            "Patient, 72",
            "en-gb-x-rp+m3",
            30,
            138,
            440,
            "bed",
            skin="#e8c1a0",
            hair="#d9d9d9",
            hair_style="bald",
            top="#9db8cf",
        ),
    ),
    lines=(
        Line(
            "priya",
            "Morning, Alan. I noticed your breakfast is still there. "
            "Do you mind if I sit with you for a minute?",
        ),
        Line("alan", "Go on then. I'm just not hungry. I haven't been for a while."),
        Line(
            "priya",
            "The physio said you didn't want to try the stairs yesterday. "
            "How are you feeling in yourself?",
        ),
        Line(
            "alan",
            "Tired. I don't see the point, to be honest. I'm not going to get back to how I was.",
        ),
        Line("priya", "That sounds really heavy. How long have you been feeling like this?"),
        Line(
            "alan",
            "Since before I came in, if I'm honest. Since Margaret died. "
            "I don't sleep. I lie there thinking.",
            pause="What have you noticed so far, and what would you want to ask Alan next?",
        ),
        Line(
            "priya",
            "Thank you for telling me. Sometimes when people feel this low, they have thoughts "
            "of not wanting to be alive. Have you had thoughts like that?",
        ),
        Line("alan", "Now and then. I wouldn't do anything. I just wouldn't mind not waking up."),
        Line(
            "priya",
            "I'm glad you told me. You don't have to carry this on your own. Can I ask the "
            "mental health liaison team to come and talk with you today?",
        ),
        Line("alan", "I suppose so. I don't want a fuss."),
        Line(
            "priya",
            "No fuss. I'll let the doctor know too, and I'll come back after lunch to see how you are.",
        ),
        Line("alan", "All right. Thank you, love."),
    ),
    closing_question="What stood out to you about Alan, and about how Priya responded?",
)

ED_AGITATION = Script(
    id="ed-agitation",
    title="Six hours in the waiting area",
    summary=(
        "Late at night in the emergency department, Daniel has waited six hours with a headache and "
        "has not slept for days. His voice is rising. A nurse uses space, a calm tone and choices, "
        "then brings in the mental health liaison practitioner."
    ),
    setting="emergency department",
    scene="ed",
    level="complex",
    roles=("ed-nurse", "mh-practitioner"),
    topics=("de-escalation", "agitation", "sleep", "physical-health"),
    learning_objectives=(
        "Notice early signs that distress is escalating.",
        "Use space, a calm voice, acknowledgement and choices to lower tension.",
        "Keep physical causes in mind alongside mental health needs.",
        "Involve the mental health liaison team early and explain why.",
    ),
    content_warnings=("Raised voices and a person in distress.",),
    captions_format="srt",
    people=(
        Person(
            "jordan",
            "Jordan",
            "ED nurse",
            "en-gb+m1",
            45,
            150,
            170,
            "standing",
            skin="#f1c8a5",
            hair="#6b4226",
            hair_style="short",
            top="#1f3b64",
        ),
        Person(
            "daniel",
            "Daniel",
            "Patient, 34",
            "en-gb-scotland+m2",
            40,
            168,
            330,
            "standing",
            skin="#8d5524",
            hair="#121212",
            hair_style="curly",
            top="#6b6b6b",
        ),
        Person(
            "amira",
            "Amira",
            "Mental health liaison",
            "en-gb+f2",
            60,
            145,
            500,
            "standing",
            skin="#c99a6e",
            hair="#2a1a12",
            hair_style="long",
            top="#5a7d5a",
            enters_at=9,
        ),
    ),
    lines=(
        Line("daniel", "Six hours! Six hours I've been sat here, and nobody tells me anything!"),
        Line(
            "jordan",
            "I can hear how frustrated you are, Daniel. I'm Jordan, one of the nurses. "
            "I'll stand over here and give you some space.",
        ),
        Line(
            "daniel",
            "Everyone keeps saying someone's coming. My head is pounding and I can't think straight.",
        ),
        Line(
            "jordan",
            "That sounds awful, and you're right, the wait has been long. "
            "What's worrying you most right now?",
        ),
        Line(
            "daniel",
            "I haven't slept in three days. Everything is too loud. I just need it to stop.",
        ),
        Line(
            "jordan",
            "Okay. Would it help to move to the quieter room down the corridor? "
            "You can sit or stand, whatever feels better.",
            pause="What helped the tension come down? What else might be going on for Daniel?",
        ),
        Line("daniel", "Yeah. The quiet room. Sorry for shouting."),
        Line(
            "jordan",
            "You don't need to apologise. I'll get you some water. I'd also like my colleague "
            "Amira, from the mental health team, to join us. Is that okay?",
        ),
        Line("daniel", "Fine. Yeah."),
        Line(
            "amira",
            "Hi Daniel, I'm Amira. Jordan tells me you haven't slept for days. "
            "Can you tell me a bit about what's been happening?",
        ),
        Line("daniel", "It's been building up. Work, money, my flat. My thoughts won't slow down."),
        Line(
            "amira",
            "Thank you for telling me. We'll take it one step at a time, "
            "and the doctor will check your headache properly too.",
        ),
    ),
    closing_question="Which moments changed the direction of this conversation?",
)

ANXIOUS_PUPIL = Script(
    id="anxious-pupil",
    title="Outside the science lab",
    summary=(
        "Maya, in Year 9, has been missing science lessons and is found standing in the corridor. "
        "Her teacher stays calm, listens, and agrees a small step for today and a plan with pastoral "
        "support and her family."
    ),
    setting="secondary school",
    scene="corridor",
    level="introductory",
    roles=("teacher", "school-support"),
    topics=("anxiety", "attendance", "working-with-families"),
    learning_objectives=(
        "Recognise physical and behavioural signs of anxiety in a pupil.",
        "Respond without blame and offer a small, achievable step.",
        "Involve pastoral staff and the family in a shared plan.",
    ),
    content_warnings=(),
    captions_format="vtt",
    people=(
        Person(
            "osei",
            "Mr Osei",
            "Science teacher",
            "en-gb-x-rp+m2",
            38,
            145,
            220,
            "standing",
            skin="#6f4425",
            hair="#111111",
            hair_style="short",
            top="#7a5c3e",
        ),
        Person(
            "maya",
            "Maya",
            "Pupil, Year 9",
            "en-gb+f4",
            78,
            150,
            410,
            "standing",
            skin="#e0ac69",
            hair="#3b2314",
            hair_style="long",
            top="#27345c",
            scale=0.82,
        ),
    ),
    lines=(
        Line(
            "osei",
            "Maya, hi. The lesson started a few minutes ago. You're not in trouble. Are you okay?",
        ),
        Line("maya", "I feel sick. I can't go in there today."),
        Line("osei", "Okay. Do you want to stand here with me for a moment? Take your time."),
        Line(
            "maya",
            "Everyone stares. Last week I got an answer wrong and people laughed. "
            "My heart goes really fast.",
        ),
        Line(
            "osei",
            "That sounds really hard. Thank you for telling me. "
            "Is it every science lesson, or some more than others?",
        ),
        Line(
            "maya",
            "Mostly when we have to do presentations. I've been going to the toilets instead.",
            pause="What signs of anxiety do you notice? What would you say next?",
        ),
        Line(
            "osei",
            "I'm glad you told me. How about today you sit near the door, "
            "and I won't ask you to speak in front of the class?",
        ),
        Line("maya", "Can I just do the worksheet?"),
        Line(
            "osei",
            "Yes. And later, would you be okay to talk with Mrs Clarke from pastoral? "
            "She helps lots of students with this.",
        ),
        Line("maya", "Will you tell my mum?"),
        Line(
            "osei",
            "We'd like to work with your mum, so everyone is helping in the same way. "
            "We can decide together how to do that.",
        ),
        Line("maya", "Okay. I'll try."),
    ),
    closing_question="How might you help a pupil like Maya feel safe enough to come back to class?",
)

PUPIL_DISCLOSURE = Script(
    id="pupil-disclosure",
    title="After the bell",
    summary=(
        "Leo, in Year 8, stays behind after a lesson and tells his teacher something is wrong at home. "
        "She listens, does not promise secrecy, and goes with him to the designated safeguarding lead."
    ),
    setting="secondary school",
    scene="classroom",
    level="complex",
    roles=("teacher", "school-support"),
    topics=("safeguarding", "disclosure", "physical-harm"),
    learning_objectives=(
        "Respond to a disclosure calmly, listening without leading questions.",
        "Explain honestly why a secret cannot be promised.",
        "Pass the concern to the designated safeguarding lead straight away, "
        "recording the pupil's own words.",
    ),
    content_warnings=("A pupil discloses being hurt by an adult at home.",),
    captions_format="srt",
    people=(
        Person(
            "patel",
            "Ms Patel",
            "Form tutor",
            "en-gb+f1",
            50,
            145,
            120,
            "standing",
            skin="#b07a4f",
            hair="#161010",
            hair_style="long",
            top="#8a3b5c",
        ),
        Person(
            "leo",
            "Leo",
            "Pupil, Year 8",
            "en-gb+m4",
            80,
            150,
            250,
            "standing",
            skin="#f3d2b3",
            hair="#a0662a",
            hair_style="short",
            top="#27345c",
            scale=0.78,
        ),
        Person(
            "okafor",
            "Mrs Okafor",
            "Safeguarding lead",
            "en-gb+f5",
            45,
            140,
            592,
            "standing",
            skin="#5c3a21",
            hair="#0d0d0d",
            hair_style="curly",
            top="#3e6b6b",
            enters_at=10,
        ),
    ),
    lines=(
        Line(
            "leo",
            "Miss, can I talk to you about something? But you have to promise not to tell anyone.",
        ),
        Line(
            "patel",
            "I'm glad you came to me, Leo. I can't promise to keep it a secret, because my job "
            "is to keep you safe. I'll only tell people who can help.",
        ),
        Line("leo", "It's just, things at home aren't good. My mum's boyfriend gets really angry."),
        Line("patel", "Okay. Take your time. Tell me what you want to tell me."),
        Line(
            "leo",
            "Last night he pushed me into the door. It hurt my arm. I don't want to go home later.",
            pause="What should Ms Patel do now, and what should she take care not to do?",
        ),
        Line(
            "patel", "Thank you for telling me. That took courage, and none of this is your fault."
        ),
        Line("leo", "Are you going to get him in trouble? Mum will be upset."),
        Line(
            "patel",
            "I'm going to speak to Mrs Okafor, who helps keep students safe in our school. "
            "She'll know what happens next, and I'll tell you what's happening.",
        ),
        Line("leo", "Do I have to say it all again?"),
        Line("patel", "You won't be on your own. Let's go and find her together, now."),
        Line(
            "patel",
            "Mrs Okafor, Leo has told me something I need to pass on. "
            "I've written down his words, just as he said them.",
        ),
        Line(
            "okafor",
            "Thank you. Leo, you did the right thing by telling someone. "
            "We'll take it from here, one step at a time.",
        ),
    ),
    closing_question="What did Ms Patel do that helped Leo keep talking?",
)

STAFF_WELLBEING = Script(
    id="staff-wellbeing",
    title="After the shift",
    summary=(
        "An hour after her shift ended, Beth is still in the staff room going over the day: a patient "
        "she was caring for died. Her charge nurse notices, checks in, and points her towards a team "
        "debrief and staff support."
    ),
    setting="staff room",
    scene="staffroom",
    level="introductory",
    roles=("ward-nurse", "ed-nurse", "mh-practitioner", "teacher", "school-support", "facilitator"),
    topics=("staff-wellbeing", "peer-support", "debrief"),
    learning_objectives=(
        "Notice signs of strain in a colleague after a hard day.",
        "Check in with a colleague without judgement.",
        "Know where staff can find support: debriefs, peer support and staff services.",
    ),
    content_warnings=("Mentions the death of a patient.",),
    captions_format="vtt",
    people=(
        Person(
            "chris",
            "Chris",
            "Charge nurse",
            "en-gb-x-gbclan+m3",
            35,
            145,
            200,
            "standing",
            skin="#d8a47f",
            hair="#5a3a22",
            hair_style="short",
            top="#1f3b64",
        ),
        Person(
            "beth",
            "Beth",
            "Staff nurse",
            "en-gb+f2",
            58,
            145,
            400,
            "seated",
            skin="#f1c8a5",
            hair="#8c5a2b",
            hair_style="bun",
            top="#2f6fb0",
        ),
    ),
    lines=(
        Line("chris", "Beth, you're still here. Your shift finished an hour ago."),
        Line("beth", "I know. I'm just finishing my notes. I keep going over it."),
        Line("chris", "Over Mrs Grant?"),
        Line(
            "beth",
            "We did everything. I know we did. But I was the one with her when she went downhill.",
        ),
        Line("chris", "That's a lot to carry. How are you doing, honestly?"),
        Line(
            "beth",
            "I'm fine. Well, I'm tired. I didn't get a break, and I'm back in at seven.",
            pause="What signs of strain do you notice? What might make it hard for Beth to say how she feels?",
        ),
        Line(
            "chris",
            "It makes sense to feel shaken after a day like today. "
            "It doesn't mean you did anything wrong.",
        ),
        Line("beth", "It feels silly. Everyone else seems to cope."),
        Line(
            "chris",
            "Most of us feel like this sometimes. We're having a team debrief tomorrow. "
            "Would you come?",
        ),
        Line("beth", "Yes. I think that would help."),
        Line(
            "chris",
            "There's the staff support service too, if you'd like to talk to someone away from "
            "the ward. For now, let's get you home. Have you got a lift?",
        ),
        Line("beth", "My partner's picking me up. Thanks, Chris. Really."),
    ),
    closing_question="After a hard day, what helps you, and who checks in on you?",
)

SCRIPTS: tuple[Script, ...] = (
    LOW_MOOD,
    ED_AGITATION,
    ANXIOUS_PUPIL,
    PUPIL_DISCLOSURE,
    STAFF_WELLBEING,
)
