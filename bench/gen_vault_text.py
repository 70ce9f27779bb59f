"""Word lists and sentence templates for bench/gen-vault.

Every choice goes through one random.Random so a seed fixes the whole vault.
"""
import datetime

OWN_COMPANY = "Northwind Storage"
ORGANIZATIONS = ["Contoso Cloud", "Fabrikam Research", "Globex Analysts", "Initech Hardware"]
BIG_10K = "Bigco Ten Thousand"
BIG_1K = "Bigco One Thousand"

SYLLABLES = ("zor vex tal mira kor ven lu mar dex sol ari bel cor dan eli fen gar hal ist jor "
             "kel lin mon nor ost pra quin ros sel tor ul var wen xen yor zan bra cla dro fle "
             "gri kra plo sta tri vol nad rik sum tep").split()
UNICODE_SYLLABLES = "øst mül fé niñ łu år çe björ zé kö".split()
SUFFIXES = ("Systems Labs Cloud Analytics Bank Health Energy Robotics Media Logistics "
            "Foods Bio Networks Capital Motors Games").split()
INDUSTRIES = ["Financial services", "Genomics research", "Media and entertainment",
              "Autonomous vehicles", "Retail analytics", "Energy exploration",
              "AI cloud infrastructure", "Healthcare imaging", "Telecommunications",
              "Public sector research", "Gaming", "Manufacturing"]
FIRST = ("Anna Ben Carla David Elena Farid Grace Hiro Ines Jonas Kara Liam Maya Noah Olga "
         "Pavel Quinn Rosa Sam Tara Umar Vera Wes Xia Yusuf Zoe José Zoë Łukasz Søren Chloé "
         "Björn Ayşe Jürgen Renée Mateo Priya Kofi Nadia Oscar Leila Tomás Ingrid Raj Mei Hugo "
         "Ana Felix Greta Ivan Jana Karl Lena Marco Nina Otto Paula Rui Sofia Theo").split()
LAST = ("Adams Baker Chen Diaz Evans Fischer Garcia Hansen Ito Jensen Kim Lopez Meyer Novak "
        "Okafor Patel Quist Rossi Schmidt Tanaka Ueda Varga Walsh Xu Yilmaz Zhang Müller "
        "Nørgaard García Öztürk Kowalczyk Dubois Ångström Peña Łoś Brandt Costa Doyle Engel "
        "Ferreira Gupta Holm Iqbal Jovanović Kaur Lindqvist Moreau Nakamura Olsen Park Reyes "
        "Sato Torres Ulrich Vogel Weber Young Zeller Abbas Berg").split()
ROLES = ["CTO", "VP Engineering", "Storage Architect", "Procurement Lead", "Head of Data",
         "Platform Engineer", "IT Director", "Account Executive", "Solutions Engineer"]
PRODUCTS = ["the object tier", "the NFS gateway", "the S3 endpoint", "the archive tier",
            "the snapshot service", "the replication add-on", "the all-flash cluster",
            "the GPU data path", "the analytics catalog", "the backup appliance"]
WORKLOADS = ["training", "inference", "backup", "genomics", "video rendering", "log analytics",
             "risk modelling", "seismic", "medical imaging", "data lake", "CI artifact",
             "simulation", "archive", "feature store", "checkpoint"]
SITES = ["Dallas", "Frankfurt", "Singapore", "Ashburn", "Dublin", "São Paulo", "Osaka",
         "Montréal", "Oslo", "Phoenix", "Zürich", "Sydney", "Chicago", "Mumbai", "Madrid",
         "Toronto", "Seoul", "Helsinki", "Denver", "Warsaw"]
DOCS = ["pricing proposal", "sizing sheet", "security questionnaire", "reference architecture",
        "statement of work", "migration plan", "support contract", "benchmark report"]
TEAMS = ["platform", "data science", "infrastructure", "research", "security", "finance",
         "MLOps", "storage", "networking", "analytics", "procurement", "SRE"]
TOPICS = ["capacity planning", "pricing", "multi-site replication", "S3 compatibility",
          "GPU direct storage", "tiering to cloud", "security review", "renewal terms",
          "data migration", "quota management", "snapshot policy", "support escalation",
          "power and cooling", "disaster recovery", "metadata performance", "roadmap"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
MEETING_KINDS = ["weekly sync", "pricing review", "QBR", "technical deep dive",
                 "architecture review", "renewal call", "onboarding", "escalation review",
                 "roadmap briefing"]
INTERNAL_TITLES = ["Internal pipeline review", "Team standup", "Forecast call", "Deal desk"]

TEMPLATES = {
    "decision": [
        "Start with a {n} PB tier in the {site} facility",
        "Go with {prod} for the {wl} workload",
        "Standardise on {prod} for all {site} clusters",
        "Defer the rollout of {prod} until {month}",
        "Run a {n}-node pilot before the wider {wl} deployment",
        "Keep {org} for cold data and move {wl} onto {prod}",
        "Price the renewal at list minus {pct} percent",
        "Replicate {wl} data between {site} and {site2} every {n} minutes",
        "Hold the {month} go-live date for the {wl} migration",
    ],
    "next_step": [
        "{person} to send the revised {doc} to {cust} by {month}",
        "{person} will follow up with the {team} team on {topic}",
        "Schedule a {topic} deep dive with the {team} team",
        "{person} to share sizing for {n} PB of {wl} data",
        "Book the {site} lab for a proof of concept of {prod}",
        "Draft the {doc} for the {wl} expansion",
    ],
    "fact": [
        "{cust} runs {n} PB of {wl} data in {site}",
        "Their {wl} cluster has {n2} GPUs across {n} racks",
        "The current {org} contract ends in {month}",
        "{cust} moves about {n} TB a day between {site} and {site2}",
        "The {team} team owns the {wl} pipeline",
        "Nightly backups to {org} take {n} hours",
        "{cust} has {n} engineers on the {team} team",
    ],
    "opportunity": [
        "{cust} plans to expand {wl} capacity by {pct} percent next year",
        "The {team} team asked about {prod} for the {site} data centre",
        "A new {wl} project starting in {month} could need {n} PB",
        "Interest in moving {wl} off {org} before {month}",
    ],
    "blocker": [
        "Procurement is waiting on legal review of the {doc}",
        "Security sign-off for {prod} is still open",
        "The {site} site has no spare power until {month}",
        "{org} contract terms block an early {wl} migration",
    ],
}
BLOCKED_ON = ["security review of {prod}", "the {doc} from {org}", "budget approval for {month}",
              "a firmware fix for the {site} cluster"]
CUES = {
    "decision": ["OK, so we decided to {lc}.", "Let's go with {prod} for {wl} then.",
                 "Fine, we agreed to {lc}."],
    "next_step": ["I'll send the {doc} over by Friday.",
                  "{first} will follow up on {topic} next week."],
    "blocker": ["We're still waiting on {blocked}."],
    "opportunity": ["They have budget for {n} more petabytes in {month}.",
                    "They're planning to expand {wl} by {pct} percent."],
}
HEDGES = ["We could maybe look at {prod} later in the year.",
          "Not sure we need {prod} yet, let's think about it.",
          "Maybe we should consider {site} at some point?",
          "I wonder if {wl} would ever fit on {prod}."]
CHATTER = ["Thanks everyone for joining.", "Can you see my screen?", "Sorry, I was on mute.",
           "Let me pull up the dashboard.", "That makes sense.", "Good question, let me check.",
           "We're a couple of minutes over, let's wrap up.", "Sounds good to me.",
           "Could you repeat the last part?", "Right, right.", "Let me share the deck.",
           "The numbers from last quarter looked fine.", "Happy to take that offline.",
           "We saw about {pct} percent growth on {wl} last quarter, mostly from the {team} team.",
           "The {site} folks mentioned {topic} again, but nothing concrete yet.",
           "I think {first} had a slide on {topic} somewhere, I can dig it out.",
           "Honestly the {wl} numbers depend on how the {team} team counts replicas.",
           "Last time we looked at {topic} it took about {n} days end to end.",
           "Let me recap where we are on {topic} before we go into details."]
ORG_REMARKS = ["{org} announced a new pricing model last week.",
               "{org} is also bidding on this deal.",
               "Analysts at {org} rate the category highly this year."]


class Text:
    """Sentence and name factory over one seeded random.Random."""

    def __init__(self, rng):
        self.rng = rng
        self.pools = {}  # customer name -> kind -> texts already used

    # ---- names
    def _syllable_name(self):
        r = self.rng
        syls = [r.choice(SYLLABLES) for _ in range(r.choice((2, 2, 3)))]
        if r.random() < 0.15:
            syls[r.randrange(len(syls))] = r.choice(UNICODE_SYLLABLES)
        return "".join(syls).capitalize()

    def customers(self, m, first_day, last_day):
        r, taken, out = self.rng, {BIG_10K.lower(), BIG_1K.lower()}, []
        taken.update(o.lower() for o in ORGANIZATIONS + [OWN_COMPANY])
        while len(out) < m:
            stem = self._syllable_name()
            if stem.lower() in taken:
                continue
            suffix = r.choice(SUFFIXES) if r.random() < 0.6 else None
            name = f"{stem} {suffix}" if suffix else stem
            alias = stem if suffix else f"{stem} Group"
            if name.lower() in taken or alias.lower() in taken:
                continue
            taken.update((name.lower(), alias.lower(), stem.lower()))
            last = self.date_between(first_day, last_day)
            out.append({"name": name, "alias": alias, "industry": r.choice(INDUSTRIES),
                        "status": r.choice(["active"] * 4 + ["prospect", "churned"]),
                        "created": str(first_day), "last_contact": str(last),
                        "contacts": [], "weight": 1 / (len(out) + 1) ** 0.8})
        return out

    def people(self, p, customers):
        """Returns (people, internal names); contacts are filled into customers."""
        r, taken, people = self.rng, set(), []
        n_internal = min(p, max(10, p // 10))
        for i in range(p):
            name = f"{r.choice(FIRST)} {r.choice(LAST)}"
            while name in taken:
                name = f"{r.choice(FIRST)} {chr(65 + r.randrange(26))}. {r.choice(LAST)}"
            taken.add(name)
            if i < n_internal:
                company = OWN_COMPANY
            elif i % 50 == 0:
                company = r.choice(ORGANIZATIONS)
            else:
                cust = customers[(i - n_internal) % len(customers)]
                cust["contacts"].append(name)
                company = cust["name"]
            people.append({"name": name, "first": name.split()[0], "company": company,
                           "role": r.choice(ROLES)})
        internal = [x["name"] for x in people[:n_internal]] or ["Sam Internal"]
        return people, internal

    # ---- small pieces
    def date_between(self, first, last):
        return first + datetime.timedelta(days=self.rng.randrange((last - first).days + 1))

    def role(self):
        return self.rng.choice(ROLES)

    def topics(self, n):
        return self.rng.sample(TOPICS, n)

    def overview(self, cust):
        return (f"{cust['name']} works in {cust['industry'].lower()} and buys storage for "
                f"{self.rng.choice(WORKLOADS)} and {self.rng.choice(WORKLOADS)} workloads.")

    def summary(self, cust):
        return f"First call about {self.rng.choice(TOPICS)} for {cust['name']}."

    def meeting_title(self, cust, transcript=False):
        r = self.rng
        if cust is None:
            return r.choice(INTERNAL_TITLES)
        if transcript:
            return r.choice([f"Call with {cust['name']}", f"{cust['name']} call transcript",
                             f"Call with {cust['alias']}"])
        return f"{cust['name']} {r.choice(MEETING_KINDS)}"

    def _slots(self, cust):
        r = self.rng
        return {"n": r.randint(2, 40), "n2": r.choice([64, 128, 256, 512, 1024, 2048, 4096]),
                "pct": r.choice([10, 15, 20, 25, 30, 40, 50]), "site": r.choice(SITES),
                "site2": r.choice(SITES), "prod": r.choice(PRODUCTS), "wl": r.choice(WORKLOADS),
                "month": r.choice(MONTHS), "org": r.choice(ORGANIZATIONS), "doc": r.choice(DOCS),
                "team": r.choice(TEAMS), "topic": r.choice(TOPICS),
                "person": f"{r.choice(FIRST)}", "first": r.choice(FIRST),
                "cust": cust["name"] if cust else "the customer"}

    def remember(self, cust_name, kind, text):
        self.pools.setdefault(cust_name, {}).setdefault(kind, []).append(text)

    def item(self, kind, cust, mention=False):
        """An item's text. About one in eight repeats an earlier item of the
        same customer (sometimes re-cased or re-spaced) to exercise dedupe."""
        r = self.rng
        pool = self.pools.get(cust["name"], {}).get(kind) if cust else None
        if pool and r.random() < 0.12:
            text = r.choice(pool)
            roll = r.random()
            if roll < 0.2:
                text = text.lower()
            elif roll < 0.35:
                text = text.replace(" ", "  ", 1)
        else:
            text = r.choice(TEMPLATES[kind]).format(**self._slots(cust))
            text = text[0].upper() + text[1:]
            if cust:
                self.remember(cust["name"], kind, text)
        if mention and cust and cust["name"] not in text:
            text += f" at {cust['name'] if r.random() < 0.5 else cust['alias']}"
        return text

    def blocked_on(self):
        return self.rng.choice(BLOCKED_ON).format(**self._slots(None))

    def cue_sentence(self, cust):
        r = self.rng
        kind = r.choice(list(CUES))
        s = self._slots(cust)
        s["lc"] = self.item("decision", cust)
        s["lc"] = s["lc"][0].lower() + s["lc"][1:]
        s["blocked"] = self.blocked_on()
        return r.choice(CUES[kind]).format(**s)

    def hedge(self):
        return self.rng.choice(HEDGES).format(**self._slots(None))

    def chatter(self):
        return self.rng.choice(CHATTER).format(**self._slots(None))

    def org_remark(self):
        return self.rng.choice(ORG_REMARKS).format(**self._slots(None))

    def many_facts(self, n):
        """n distinct Key Facts lines for the big notes."""
        r, seen, out = self.rng, set(), []
        while len(out) < n:
            line = (f"Cluster {r.randint(1, 99999)} in {r.choice(SITES)} keeps "
                    f"{r.randint(1, 999)} TB of {r.choice(WORKLOADS)} data for the "
                    f"{r.choice(TEAMS)} team")
            if line not in seen:
                seen.add(line)
                out.append(line)
        return out
