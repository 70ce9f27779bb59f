// Kinds people state as plain facts, callouts, tables of actions, other
// languages and the summary: through extract_rules on small notes.
#include <gtest/gtest.h>

#include "extractors/rules_extractor.h"
#include "vault/meeting.h"
#include "vault/note.h"

namespace dossier {
namespace {

VaultIndex kinds_vault() {
  VaultIndex v;
  v.add_customer({"Acme Freight", {"Acme"}, {}, "Customers/Acme Freight.md", ""});
  v.add_customer({"Orbis Health", {"Orbis"}, {}, "Customers/Orbis Health.md", ""});
  v.add_person({"Raj Patel", {}, "Acme Freight", "People/Raj Patel.md", "Head of IT"});
  v.add_person({"Nora Quinn", {}, "Kelpie", "People/Nora Quinn.md", "Account Executive"});
  v.add_person({"Owen Hale", {}, "Kelpie", "People/Owen Hale.md", ""});
  v.other_organizations = {"Okta"};
  v.own_company = "Kelpie";
  return v;
}

class Kinds : public ::testing::Test {
 protected:
  Extraction run(const std::string& path, const std::string& text) {
    meeting_ = read_meeting(parse_note(path, text), path);
    return extract_rules(meeting_, vault_, matcher_, rules_);
  }
  static std::optional<ItemKind> kind_at(const Extraction& e, int line) {
    for (const Item& i : e.items)
      if (i.line == line && i.kind != ItemKind::summary && i.kind != ItemKind::contact) return i.kind;
    return std::nullopt;
  }
  static std::vector<std::string> texts(const Extraction& e, ItemKind kind) {
    std::vector<std::string> out;
    for (const Item& i : e.items)
      if (i.kind == kind) out.push_back(i.text);
    return out;
  }
  static const Item* summary(const Extraction& e) {
    for (const Item& i : e.items)
      if (i.kind == ItemKind::summary) return &i;
    return nullptr;
  }

  VaultIndex vault_ = kinds_vault();
  CustomerMatcher matcher_{vault_};
  RuleSet rules_ = builtin_rules();
  Meeting meeting_;
};

TEST_F(Kinds, StatementsThatAreCommitmentsBlockersOrPlans) {
  Extraction e = run("M/2026-01-08 Acme.md",
                     "# Acme\n\n"
                     "- They confirmed they will move the archive to the cold tier\n"  // 3
                     "- Acme: decision: monthly invoices from March\n"                 // 4
                     "- Onboarding is slowed by a vendor security review\n"            // 5
                     "- Bulk imports over 1M rows time out\n"                          // 6
                     "- They are planning a third site next year\n"                    // 7
                     "- The import failed twice last week\n"                           // 8
                     "- Volumes are up 12% since the summer\n");                       // 9
  EXPECT_EQ(kind_at(e, 3), ItemKind::decision);
  EXPECT_EQ(kind_at(e, 4), ItemKind::decision);
  EXPECT_EQ(texts(e, ItemKind::decision).back(), "Monthly invoices from March");
  EXPECT_EQ(kind_at(e, 5), ItemKind::blocker);
  EXPECT_EQ(kind_at(e, 6), ItemKind::blocker);
  EXPECT_EQ(kind_at(e, 7), ItemKind::opportunity);
  EXPECT_NE(kind_at(e, 8), ItemKind::blocker);  // a past event stays a fact, if anything
  EXPECT_EQ(kind_at(e, 9), ItemKind::fact);
}

TEST_F(Kinds, CalloutsGiveItemsOfTheirKind) {
  Extraction e = run("M/2026-01-08 Acme.md",
                     "# Acme\n\n> [!important] Decision\n> Keep the weekly sync until go-live.\n\n"
                     "> [!todo]\n> Raj to send the depot calendar\n\n"
                     "> [!warning]\n> The change freeze could delay the cutover.\n\nPlain text after.\n");
  EXPECT_EQ(kind_at(e, 4), ItemKind::decision);
  EXPECT_EQ(kind_at(e, 7), ItemKind::next_step);
  EXPECT_EQ(kind_at(e, 10), ItemKind::blocker);
  EXPECT_EQ(kind_at(e, 12), std::nullopt);
  ASSERT_NE(summary(e), nullptr);
  EXPECT_EQ(summary(e)->text.find("[!"), std::string::npos);
}

TEST_F(Kinds, TablesOfActionsKeepOwnerAndDueDate) {
  Extraction e =
      run("M/2026-01-08 Acme.md",
          "# Acme\n\n| Owner | Action | Due |\n|---|---|---|\n| Nora Quinn | Send the pricing | Feb 13 |\n"
          "| Raj | Confirm the go-live date | |\n\n| Decision | Notes |\n|--|--|\n| Keep weekly syncs | "
          "asked by Raj |\n\n"
          "| Field | Value |\n|---|---|\n| Status | Customer |\n");
  EXPECT_EQ(texts(e, ItemKind::next_step),
            (std::vector<std::string>{"Nora Quinn: Send the pricing (due Feb 13)",
                                      "Raj: Confirm the go-live date"}));
  EXPECT_EQ(kind_at(e, 5), ItemKind::next_step);
  EXPECT_EQ(texts(e, ItemKind::decision), std::vector<std::string>{"Keep weekly syncs"});
  EXPECT_EQ(kind_at(e, 14), std::nullopt);  // a table of fields is no list of items
}

TEST_F(Kinds, GermanFrenchAndSpanishNotes) {
  Extraction de = run("M/2026-02-03 Acme.md",
                      "# Acme Abstimmung\n\n## Notizen\n- Entscheidung: Rollout startet im Werk Kiel\n"
                      "- Risiko: der Betriebsrat muss noch zustimmen\n\n## Nächste Schritte\n- Owen schickt "
                      "die Doku bis Freitag\n");
  EXPECT_EQ(kind_at(de, 4), ItemKind::decision);
  EXPECT_EQ(kind_at(de, 5), ItemKind::blocker);
  EXPECT_EQ(kind_at(de, 8), ItemKind::next_step);
  Extraction fr = run("M/2026-02-05 Acme.md",
                      "# Point hebdo Acme\n\nDécision : on garde le planning actuel pour le pilote.\n"
                      "Risque : le prestataire ne fournit pas encore d'API.\n\nProchaines étapes :\n- Julien "
                      "envoie la liste des flux\n");
  EXPECT_EQ(kind_at(fr, 3), ItemKind::decision);
  EXPECT_EQ(kind_at(fr, 4), ItemKind::blocker);
  EXPECT_EQ(kind_at(fr, 7), ItemKind::next_step);
  Extraction es =
      run("M/2026-02-12 Acme.md",
          "---\nlang: es\n---\n# Reunión Acme\n\n## Acuerdos\n- Ampliar el piloto en abril\n\n## Riesgos\n"
          "- Falta la aprobación del comité\n\n## Próximos pasos\n- Ana enviará los datos de prueba\n");
  EXPECT_EQ(kind_at(es, 7), ItemKind::decision);
  EXPECT_EQ(kind_at(es, 10), ItemKind::blocker);
  EXPECT_EQ(kind_at(es, 13), ItemKind::next_step);
}

TEST_F(Kinds, LanguageFromFrontmatterOrText) {
  const std::string german =
      "Wir haben die Planung für den Rollout und die Schulung besprochen, die noch nicht fertig ist.";
  EXPECT_EQ(rules_for_language(rules_, "de-DE", "").language, "de");
  EXPECT_EQ(rules_for_language(rules_, "", german).language, "de");
  EXPECT_EQ(rules_for_language(rules_, "",
                               "We went through the plan for the rollout and the training with the team.")
                .language,
            "en");
  EXPECT_EQ(rules_for_language(rules_, "",
                               "Nous avons revu le planning avec les équipes et le budget pour la suite.")
                .language,
            "fr");
  EXPECT_EQ(
      rules_for_language(rules_, "", "Revisamos el piloto con los equipos y el presupuesto para la planta.")
          .language,
      "es");
}

TEST_F(Kinds, SummaryIsASentenceOfTheMeetingWithItsHolder) {
  Extraction e =
      run("M/2026-01-21 Acme onboarding.md",
          "# Acme onboarding - Jan 21, 2026\n\nWed, Jan 21, 2026 · 10:02 AM · 46 min\n"
          "Participants: Nora Quinn, Raj Patel\n\n## Summary\nNora Quinn and Raj Patel met to plan the Acme "
          "onboarding. "
          "Acme confirmed it will move all three depots onto the new platform by the end of March.\n");
  ASSERT_NE(summary(e), nullptr);
  EXPECT_EQ(summary(e)->text,
            "Acme confirmed it will move all three depots onto the new platform by the end of March.");
  EXPECT_EQ(summary(e)->speaker, "Nora Quinn");
  Extraction t =
      run("M/20260217 Orbis check-in.md",
          "Nora Quinn: Thanks all, let's start.\nRaj Patel: The pilot loaded a million records.\n"
          "Nora Quinn: So to sum up: the pilot worked and Orbis rolls out to all clinics in March.\n");
  ASSERT_NE(summary(t), nullptr);
  EXPECT_EQ(summary(t)->text, "The pilot worked and Orbis rolls out to all clinics in March.");
  Extraction b = run("M/2026-01-08 Acme weekly.md",
                     "# Acme weekly\n\n- Decision: go with annual billing\n- Misc chat\n");
  ASSERT_NE(summary(b), nullptr);
  EXPECT_EQ(summary(b)->text, "Acme weekly: Go with annual billing");
}

TEST_F(Kinds, ContactsInTheReferenceFormat) {
  Extraction e = run(
      "M/2026-01-14 Orbis discovery.md",
      "# Orbis discovery\n\nAttendees: Nora Quinn, Raj Patel (sponsor), Helen Ng (procurement)\n\n"
      "Spoke with Dr. Amara Osei (Orbis Health, Director of Clinical Data) and Tom Reyes, Data Engineer at "
      "Orbis Health. Tom will be our technical contact. Marcus Bell (Okta, sales) joined late.\n");
  std::vector<std::string> contacts = texts(e, ItemKind::contact);
  EXPECT_EQ(contacts, (std::vector<std::string>{"[[Raj Patel]] - Head of IT", "Helen Ng - procurement",
                                                "Amara Osei - Director of Clinical Data",
                                                "Tom Reyes - Data Engineer, technical contact"}));
  std::vector<std::string> customers;
  for (const Item& i : e.items)
    if (i.kind == ItemKind::contact) customers.push_back(i.customer.value_or(""));
  // Raj's People note says where he works, the others are the meeting's (Orbis, from its title) or say so
  EXPECT_EQ(customers,
            (std::vector<std::string>{"Acme Freight", "Orbis Health", "Orbis Health", "Orbis Health"}));
  EXPECT_EQ(e.attendees, (std::vector<std::string>{"Nora Quinn", "Raj Patel", "Helen Ng"}));
}

}  // namespace
}  // namespace dossier
