# ruff: noqa: E501  (dialogue reads better unbroken)
"""The synthetic demo scenarios: who is in each scene, what they say, and the manifest
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


# Casting: who is the person in difficulty and who is the member of staff varies across the
# library (skin tones, ages, genders, accents), so that no group is only ever the one in crisis
# or the one who is angry. See docs/content-review.md.

LOW_MOOD = Script(
    id="low-mood-inpatient",
    title="Quiet in bay four",
    summary=(
        "A staff nurse notices that Alan, recovering on an orthopaedic ward after a fall, has stopped "
        "eating and is refusing physiotherapy. She sits with him, asks directly about thoughts of "
        "ending his life, and tells the team straight away."
    ),
    setting="inpatient ward",
    scene="ward",
    level="introductory",
    roles=("ward-nurse", "mh-practitioner"),
    topics=("low-mood", "depression", "suicide-risk", "communication"),
    learning_objectives=(
        "Recognise signs of low mood in a patient admitted for a physical health problem.",
        "Ask directly and kindly about thoughts of ending their life, and about any plans.",
        "Act on passive thoughts too: tell the nurse in charge and the doctor, refer to the "
        "mental health liaison team today and record the person's own words.",
    ),
    content_warnings=("Talk of suicidal thoughts, and bereavement.",),
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
            "Morning, Alan. Your breakfast is still there. Can I sit with you for a minute?",
        ),
        Line("alan", "Go on then. I'm just not hungry. I haven't been for a while."),
        Line(
            "priya",
            "The physio said you didn't want to try the stairs. How are you feeling in yourself?",
        ),
        Line(
            "alan",
            "I don't see the point. Not since Margaret died. I don't sleep. I lie there thinking.",
            pause="What have you noticed so far, and what would you want to ask Alan next?",
        ),
        Line(
            "priya",
            "Thank you for telling me. When people feel this low, they sometimes think about "
            "ending their life. Have you had thoughts like that?",
        ),
        Line("alan", "Now and then. I wouldn't do anything. I just wouldn't mind not waking up."),
        Line(
            "priya",
            "I'm glad you told me. Have you thought about how you might end your life, "
            "or made any plans?",
        ),
        Line("alan", "No. Nothing like that. I'm just tired of it all."),
        Line(
            "priya",
            "This still matters. I'll tell the nurse in charge and your doctor, "
            "and ask the mental health team to see you today.",
        ),
        Line("alan", "I don't want a fuss."),
        Line(
            "priya",
            "No fuss. I'll write down what you've told me, and come back after lunch.",
        ),
        Line("alan", "All right. Thank you, love."),
    ),
    closing_question="What stood out to you about Alan, and about how Priya responded?",
)

ED_AGITATION = Script(
    id="ed-agitation",
    title="Six hours in the waiting area",
    summary=(
        "Late at night, Daniel has waited six hours with a headache and has not slept for days. "
        'His voice is rising. A nurse gives him space, asks what he means by "I need it to stop", '
        "re-checks his headache and brings in mental health liaison."
    ),
    setting="emergency department",
    scene="ed",
    level="complex",
    roles=("ed-nurse", "mh-practitioner"),
    topics=("de-escalation", "agitation", "sleep", "physical-health", "suicide-risk"),
    learning_objectives=(
        "Notice early signs that distress is escalating.",
        "Use space, a calm voice, acknowledgement and choices to lower tension.",
        'Ask what a person means by words like "I need it to stop", including thoughts of '
        "ending their life.",
        "Keep physical causes in mind: repeat observations and re-triage, and know the headache "
        "signs that need a doctor straight away.",
        "Move somewhere quieter safely, and involve the mental health liaison team early, "
        "saying why.",
    ),
    content_warnings=("Raised voices, a person in distress, and a question about suicide.",),
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
            skin="#8d5524",
            hair="#121212",
            hair_style="short",
            top="#1f3b64",
        ),
        Person(
            "daniel",
            "Daniel",
            "Patient, 34",
            "en-gb-scotland+m2",
            40,
            172,
            330,
            "standing",
            skin="#f0c8a8",
            hair="#b5542a",
            hair_style="short",
            top="#6b6b6b",
        ),
        Person(
            "amira",
            "Amira",
            "Mental health liaison",
            "en-gb+f2",
            60,
            150,
            500,
            "standing",
            skin="#c99a6e",
            hair="#2a1a12",
            hair_style="long",
            top="#5a7d5a",
            enters_at=10,
        ),
    ),
    lines=(
        Line("daniel", "Six hours I've been sat here, and nobody tells me anything!"),
        Line(
            "jordan",
            "I can hear how frustrated you are, Daniel. I'm Jordan, one of the nurses. "
            "I'll stand here and give you some space.",
        ),
        Line(
            "daniel",
            "My head is pounding. I haven't slept in three days. I just need it to stop.",
        ),
        Line(
            "jordan",
            "The wait has been long. When you say you need it to stop, what do you mean? "
            "Are you having thoughts of ending your life?",
        ),
        Line("daniel", "No. Not that. I need my head to go quiet so I can sleep."),
        Line(
            "jordan",
            "Thank you. Would the quiet room help? I'll tell the nurse in charge where we are, "
            "and keep the door clear.",
            pause="What helped the tension come down? What else might be going on for Daniel?",
        ),
        Line("daniel", "Yeah. Sorry for shouting."),
        Line(
            "jordan", "No need. I'll redo your observations now. Did the headache come on suddenly?"
        ),
        Line("daniel", "No. It's built up over days."),
        Line(
            "jordan",
            "If it gets suddenly worse, or you feel confused or feverish, tell me straight away. "
            "I'd like Amira from the mental health team to help with the sleep and the racing "
            "thoughts. Okay?",
        ),
        Line("amira", "Hi Daniel, I'm Amira. Can you tell me what's been happening?"),
        Line("daniel", "Work, money, my flat. My thoughts won't slow down."),
    ),
    closing_question="Which moments changed the direction of this conversation?",
)

ANXIOUS_PUPIL = Script(
    id="anxious-pupil",
    title="Outside the science lab",
    summary=(
        "Maya, in Year 9, has been missing science lessons and is found standing in the corridor. "
        "Her teacher stays calm, asks about the classmates who laughed, and agrees a small step for "
        "today and a plan with pastoral staff and her family."
    ),
    setting="secondary school",
    scene="corridor",
    level="introductory",
    roles=("teacher", "school-support"),
    topics=("anxiety", "attendance", "bullying", "working-with-families"),
    learning_objectives=(
        "Recognise physical and behavioural signs of anxiety in a pupil.",
        "Respond without blame and offer a small, achievable step.",
        "Follow up what may lie behind it (unkindness from classmates, repeated missed lessons) "
        "with pastoral staff.",
        "Involve pastoral staff and the family in a shared plan.",
    ),
    content_warnings=("A pupil describes panic, and being laughed at by classmates.",),
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
        Line("osei", "Maya, hi. The lesson's started. You're not in trouble. Are you okay?"),
        Line("maya", "I feel sick. I can't go in there today. My heart goes really fast."),
        Line("osei", "Okay. Stand here with me for a moment. Take your time."),
        Line(
            "maya",
            "We have to do presentations. Last time I got it wrong and people laughed. "
            "I've been going to the toilets instead.",
            pause="What signs of anxiety do you notice? What else would you want to find out?",
        ),
        Line(
            "osei",
            "Thank you for telling me. Have people been unkind since then, in class or online?",
        ),
        Line("maya", "Sometimes. In the group chat."),
        Line(
            "osei",
            "I'm glad you told me. Today, how about you sit near the door, "
            "and I won't ask you to speak in front of the class?",
        ),
        Line("maya", "Can I just do the worksheet?"),
        Line(
            "osei",
            "Yes. And later, let's talk with Mrs Clarke from pastoral, about the lessons "
            "you've missed and the group chat.",
        ),
        Line("maya", "Will you tell my mum?"),
        Line(
            "osei",
            "We'd like to work with your mum, so everyone helps in the same way. "
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
        "She listens, does not promise secrecy, and goes with him straight away to the designated "
        "safeguarding lead."
    ),
    setting="secondary school",
    scene="classroom",
    level="complex",
    roles=("teacher", "school-support"),
    topics=("safeguarding", "disclosure", "physical-harm"),
    learning_objectives=(
        "Respond to a disclosure calmly, listening without leading questions.",
        "Explain honestly that a secret cannot be promised, and who will be told and why.",
        "Tell the designated safeguarding lead (or deputy) straight away and always before the "
        "pupil goes home, recording the pupil's own words.",
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
        Line("leo", "Miss, can I talk to you? But you have to promise not to tell anyone."),
        Line(
            "patel",
            "I'm glad you came to me, Leo. I can't promise to keep it secret. "
            "I'll only tell the people who need to know to keep you safe.",
        ),
        Line("leo", "Things at home aren't good. My mum's boyfriend gets really angry."),
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
            "I'm going to speak to Mrs Okafor, who helps keep students safe. "
            "I'll let you know what happens next, as far as I can.",
        ),
        Line("leo", "Do I have to say it all again?"),
        Line(
            "patel",
            "We'll try hard to make sure you don't have to tell it over and over. "
            "Let's go and find her together, now.",
        ),
        Line(
            "patel",
            "Mrs Okafor, Leo has told me something I need to pass on now. "
            "I've written down his words, just as he said them.",
        ),
        Line(
            "okafor",
            "Thank you. Leo, you did the right thing by telling someone. "
            "We'll sort out what happens before home time.",
        ),
    ),
    closing_question="What did Ms Patel do that helped Leo keep talking?",
)

STAFF_WELLBEING = Script(
    id="staff-wellbeing",
    title="After the shift",
    summary=(
        "An hour after her shift ended, Beth is still in the staff room going over the day: a patient "
        "she was caring for died. Her charge nurse notices, checks in, offers a team talk she can "
        "choose to join, and says he will keep checking in."
    ),
    setting="staff room",
    scene="staffroom",
    level="introductory",
    roles=("ward-nurse", "ed-nurse", "mh-practitioner", "teacher", "school-support", "facilitator"),
    topics=("staff-wellbeing", "peer-support", "debrief"),
    learning_objectives=(
        "Notice signs of strain in a colleague after a hard day.",
        "Check in with a colleague without judgement, and keep checking in over the following weeks.",
        "Know what helps after a hard event: a team talk people can choose to join, no pressure to "
        "relive it, and support if it has not eased after about a month.",
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
            "Feeling shaken after a day like today is normal. It doesn't mean you did anything wrong.",
        ),
        Line("beth", "It feels silly. Everyone else seems to cope."),
        Line(
            "chris",
            "Most of us feel like this sometimes. Some of us are meeting tomorrow to talk it over. "
            "Come if it would help. No one has to go through it again.",
        ),
        Line("beth", "Maybe. I'll see how I feel."),
        Line(
            "chris",
            "That's fine. I'll check in with you over the next few weeks. If it's still heavy "
            "in a month or so, staff support can help. For now, have you got a lift home?",
        ),
        Line("beth", "My partner's picking me up. Thanks, Chris. Really."),
    ),
    closing_question="After a hard day, what helps you, and who checks in on you?",
)

PUPIL_SELF_HARM = Script(
    id="pupil-self-harm",
    title="In the library at lunch",
    summary=(
        "Zara, in Year 10, tells a learning support assistant that she has been cutting herself. "
        "He stays calm, does not promise secrecy, asks directly about thoughts of suicide, and goes "
        "with her straight away to the designated safeguarding lead."
    ),
    setting="secondary school",
    scene="library",
    level="complex",
    roles=("teacher", "school-support"),
    topics=("self-harm", "suicide-risk", "safeguarding", "disclosure"),
    learning_objectives=(
        "Respond to a disclosure of self-harm calmly, without shock or blame.",
        "Ask directly about thoughts of suicide, knowing that asking does not put the idea in "
        "someone's head.",
        "Check whether an injury needs first aid without asking to see it.",
        "Tell the designated safeguarding lead (or deputy) straight away and before the pupil "
        "goes home; the safeguarding lead decides with the pupil how her family is told.",
    ),
    content_warnings=("A pupil talks about self-harm and thoughts of suicide.",),
    captions_format="vtt",
    people=(
        Person(
            "lewis",
            "Mr Lewis",
            "Learning support",
            "en-gb-x-gbcwmd+m1",
            42,
            145,
            230,
            "seated",
            skin="#e3b48f",
            hair="#3a2a1c",
            hair_style="short",
            top="#4d6b3c",
        ),
        Person(
            "zara",
            "Zara",
            "Pupil, Year 10",
            "en-gb+f4",
            72,
            145,
            410,
            "seated",
            skin="#5c3a21",
            hair="#0d0d0d",
            hair_style="bun",
            top="#27345c",
            scale=0.86,
        ),
    ),
    lines=(
        Line("lewis", "Hi Zara. You've been quiet today. Are you okay?"),
        Line("zara", "Not really. Can I tell you something? Please don't tell anyone."),
        Line(
            "lewis",
            "I'm glad you want to talk to me. I can't promise to keep it secret if I'm worried "
            "about your safety. I'll only tell the people who need to know to help.",
        ),
        Line("zara", "I've been cutting my arm. It helps when everything gets too much."),
        Line(
            "lewis",
            "Thank you for telling me. That took courage. Do any of the cuts need looking at "
            "by the first aider today?",
        ),
        Line(
            "zara",
            "No. They're covered. Things have just been really hard.",
            pause="What should Mr Lewis do now? What should he take care not to do?",
        ),
        Line(
            "lewis",
            "When things get that hard, do you ever have thoughts of ending your life?",
        ),
        Line("zara", "Sometimes. I don't think I would."),
        Line(
            "lewis",
            "I'm really glad you told me. I need to talk to Ms Reid, who leads on keeping "
            "students safe. Let's go and see her together, now.",
        ),
        Line("zara", "Will my mum find out?"),
        Line(
            "lewis",
            "Ms Reid will talk with you about who needs to know, and why. "
            "You won't be on your own with it.",
        ),
        Line("zara", "Okay."),
    ),
    closing_question="What did Mr Lewis say or do that helped Zara keep talking?",
)

COLLEAGUE_SUICIDAL = Script(
    id="colleague-suicidal-thoughts",
    title="Late in the staff room",
    summary=(
        "Mei notices that her colleague Tom has seemed flat for weeks. When she checks in, he tells "
        "her he has thought about ending his life. She asks directly, stays with him, and helps him "
        "get support that evening."
    ),
    setting="staff room",
    scene="staffroom",
    level="complex",
    roles=("ward-nurse", "ed-nurse", "mh-practitioner", "teacher", "school-support", "facilitator"),
    topics=("staff-wellbeing", "suicide-risk", "peer-support"),
    learning_objectives=(
        "Notice changes in a colleague and make time to check in privately.",
        "Ask a colleague directly about suicidal thoughts and about plans.",
        "Help a colleague reach support the same evening, and know when to call 999.",
        "Respect a colleague's privacy, and know its limit: a risk to their life right now.",
    ),
    content_warnings=("A colleague talks about thoughts of ending his life.",),
    captions_format="srt",
    people=(
        Person(
            "mei",
            "Mei",
            "Teacher",
            "en-gb+f3",
            62,
            150,
            190,
            "standing",
            skin="#f2d3b3",
            hair="#101010",
            hair_style="long",
            top="#7a3e6b",
        ),
        Person(
            "tom",
            "Tom",
            "Teacher",
            "en-gb-x-gbclan+m2",
            32,
            140,
            400,
            "seated",
            skin="#f1c8a5",
            hair="#7a5a3a",
            hair_style="short",
            top="#55606e",
        ),
    ),
    lines=(
        Line("mei", "Tom, you're here late again. Have you got a minute?"),
        Line("tom", "I'm fine. Just marking."),
        Line(
            "mei",
            "You've seemed really flat lately, and you missed the trip on Friday. "
            "I've been worried about you.",
        ),
        Line(
            "tom",
            "Since the divorce I can't see a way through. Some nights I think everyone "
            "would be better off without me.",
            pause="What have you noticed? What would you want to ask Tom now?",
        ),
        Line(
            "mei",
            "Thank you for telling me. I need to ask you directly. "
            "Are you thinking about ending your life?",
        ),
        Line("tom", "I've thought about it. I haven't done anything."),
        Line("mei", "Have you thought about how you would do it?"),
        Line("tom", "Not really. I just can't stop the thoughts."),
        Line(
            "mei",
            "I'd like to help you get support tonight. We could ring NHS 111 together and choose "
            "the mental health option. Samaritans are there any time too, on 116 123.",
        ),
        Line("tom", "I don't want school to know."),
        Line(
            "mei",
            "I won't tell anyone here without talking to you first, unless you were in danger "
            "right now. If you ever feel you might act on it, call 999.",
        ),
        Line("tom", "Okay. Will you stay while I ring?"),
    ),
    closing_question="What would make it easier for you to ask a colleague the direct question?",
)

PSYCHOSIS = Script(
    id="psychosis-voices",
    title="Voices in the lounge",
    summary=(
        "Helen is frightened by voices and has left her lunch. A nurse keeps his distance, takes "
        "her fear seriously without arguing or agreeing, asks what the voices say, and tells the "
        "team they are telling her to hurt herself."
    ),
    setting="mental health ward",
    scene="lounge",
    level="complex",
    roles=("mh-practitioner", "ward-nurse", "ed-nurse"),
    topics=("psychosis", "self-harm", "communication", "de-escalation"),
    learning_objectives=(
        "Respond to someone hearing voices without arguing with or agreeing with their beliefs.",
        "Ask what the voices say, including whether they tell the person to harm themselves or "
        "others, and whether they feel they must obey.",
        "Offer simple choices that give back some control.",
        "Tell the nurse in charge and the medical team promptly when voices tell someone to harm "
        "themselves.",
    ),
    content_warnings=("A person hearing voices that tell her to hurt herself.",),
    captions_format="srt",
    people=(
        Person(
            "kwame",
            "Kwame",
            "Mental health nurse",
            "en-gb-x-rp+m1",
            40,
            145,
            170,
            "seated",
            skin="#4a2c17",
            hair="#0d0d0d",
            hair_style="short",
            top="#2e5e4e",
        ),
        Person(
            "helen",
            "Helen",
            "Patient, 45",
            "en-gb+f2",
            55,
            150,
            440,
            "seated",
            skin="#f3d2b3",
            hair="#c9a36b",
            hair_style="long",
            top="#8a6f9e",
        ),
    ),
    lines=(
        Line(
            "kwame",
            "Helen, it's Kwame, one of the nurses. You've left your lunch. "
            "Is it okay if I sit over here?",
        ),
        Line("helen", "Don't come closer. They put something in it. The voices told me."),
        Line("kwame", "Okay. I'll stay here. That sounds really frightening."),
        Line("helen", "They never stop. They say I'm being watched."),
        Line(
            "kwame",
            "I can't hear the voices, but I believe they're real to you. "
            "What are they saying to you today?",
        ),
        Line(
            "helen",
            "That I should get out. That I should hurt myself before they hurt me.",
            pause="What did Kwame do that helped Helen keep talking? What does he need to find out now?",
        ),
        Line("kwame", "Thank you for telling me. Do you feel you have to do what they say?"),
        Line("helen", "Sometimes. I'm trying not to."),
        Line(
            "kwame",
            "You're doing well to tell me. Would a sealed snack you open yourself help, "
            "and somewhere quieter to sit?",
        ),
        Line("helen", "Maybe. The quiet room."),
        Line(
            "kwame",
            "Okay. I'll tell the nurse in charge and the doctor what the voices are saying, "
            "so we can keep you safe. And I'll stay with you.",
        ),
        Line("helen", "Don't go."),
        Line("kwame", "I'm not going anywhere."),
    ),
    closing_question="How did Kwame keep Helen's trust without agreeing with what the voices said?",
)

ANGRY_PARENT = Script(
    id="angry-parent",
    title="At the front desk",
    summary=(
        "Mrs Novak arrives at reception, angry that nobody has called back about her daughter being "
        "bullied. The head of year listens, owns what went wrong, moves somewhere quieter safely, "
        "and agrees a clear next step."
    ),
    setting="secondary school",
    scene="reception",
    level="introductory",
    roles=("teacher", "school-support"),
    topics=("working-with-families", "bullying", "de-escalation"),
    learning_objectives=(
        "Stay calm with an angry parent: listen, acknowledge, and keep yourself and others safe.",
        "Keep other pupils' information confidential.",
        "Notice a worry about the child's welfare and pass it to the designated safeguarding lead.",
        "Agree a clear next step and a time, and keep to it.",
    ),
    content_warnings=("A parent shouts, and describes her daughter being bullied online.",),
    captions_format="vtt",
    people=(
        Person(
            "novak",
            "Mrs Novak",
            "Parent",
            "en-gb-x-gbcwmd+f2",
            58,
            160,
            200,
            "standing",
            skin="#f1d0b5",
            hair="#4a3424",
            hair_style="long",
            top="#a5452f",
        ),
        Person(
            "adeyemi",
            "Mr Adeyemi",
            "Head of Year 7",
            "en-gb+m3",
            38,
            145,
            420,
            "standing",
            skin="#6b4226",
            hair="#0d0d0d",
            hair_style="short",
            top="#2d4a6b",
        ),
    ),
    lines=(
        Line(
            "novak",
            "I've rung three times and nobody calls me back! My daughter is being bullied "
            "and you do nothing!",
        ),
        Line(
            "adeyemi",
            "Mrs Novak, I'm Mr Adeyemi, Ella's head of year. I can see how worried you are. "
            "Shall we sit in the room by reception? My colleague knows we're there.",
        ),
        Line("novak", "Don't fob me off. She cries every night. She's stopped eating breakfast."),
        Line(
            "adeyemi",
            "You should have had a call back, and I'm sorry you didn't. "
            "Tell me what's been happening.",
        ),
        Line(
            "novak",
            "Messages on her phone. Horrible things. She begged me not to come in.",
            pause="What might Mrs Novak be feeling underneath the anger? What has helped so far?",
        ),
        Line(
            "adeyemi",
            "That sounds really hard for you both. I can't talk about other pupils, "
            "but I will look into all of it.",
        ),
        Line("novak", "So what happens now?"),
        Line(
            "adeyemi",
            "Today I'll talk with Ella, gently, and with our safeguarding lead, because the crying "
            "and not eating matter too. I'll ring you by four tomorrow.",
        ),
        Line("novak", "Four o'clock. Tomorrow."),
        Line(
            "adeyemi",
            "Four o'clock. If you can, bring screenshots of the messages. They help us act.",
        ),
        Line("novak", "All right. I'm sorry I shouted. I'm just scared for her."),
        Line("adeyemi", "Of course you are. We want the same thing for Ella."),
    ),
    closing_question="What helped Mrs Novak move from shouting to planning?",
)

SCRIPTS: tuple[Script, ...] = (
    LOW_MOOD,
    ED_AGITATION,
    ANXIOUS_PUPIL,
    PUPIL_DISCLOSURE,
    STAFF_WELLBEING,
    PUPIL_SELF_HARM,
    COLLEAGUE_SUICIDAL,
    PSYCHOSIS,
    ANGRY_PARENT,
)
