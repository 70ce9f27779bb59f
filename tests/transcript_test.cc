// The transcript reader: every layout gives the same plain turns.
#include "vault/transcript.h"

#include <gtest/gtest.h>

#include "vault/meeting.h"
#include "vault/note.h"
#include "vault/vault.h"

namespace dossier {
namespace {

std::vector<Turn> turns_of(std::string_view text, std::string_view ext = "") {
  std::optional<Transcript> t = read_transcript(text, 1, ext);
  EXPECT_TRUE(t.has_value()) << text;
  return t ? join_speaker_runs(t->turns) : std::vector<Turn>{};
}

TEST(Transcript, WebVttJoinsWrappedCuesAndSkipsNoteAndStyleBlocks) {
  std::vector<Turn> turns = turns_of(
      "WEBVTT\n\nNOTE\nrecorded\nby Teams\n\nSTYLE\n::cue { color: red }\n\n"
      "1\n00:00:01.000 --> 00:00:04.000\n<v Raj Patel>One problem: our data center is in a\n"
      "Frankfurt colo.</v>\n\n2\n00:00:04.500 --> 00:00:06.000\n<v Raj Patel>Legal &amp; audit agree.</v>\n\n"
      "00:00:07.000 --> 00:00:09.000\n<v Sam Carter>OK.</v>\n");
  ASSERT_EQ(turns.size(), 2u);
  EXPECT_EQ(turns[0].speaker, "Raj Patel");
  EXPECT_EQ(turns[0].text, "One problem: our data center is in a Frankfurt colo. Legal & audit agree.");
  EXPECT_EQ(turns[0].start, "00:00:01.000");
  EXPECT_EQ(turns[0].line, 12);
  EXPECT_EQ(turns[0].line_at(turns[0].text.find("Frankfurt")), 13);
  EXPECT_EQ(turns[0].line_at(turns[0].text.find("Legal")), 17);
  EXPECT_EQ(turns[1].speaker, "Sam Carter");
}

TEST(Transcript, SrtWithNamesInTheCueText) {
  std::vector<Turn> turns = turns_of(
      "1\n00:00:01,100 --> 00:00:04,800\nPriya Raman: Hi Elena,\ncan you hear me?\n\n"
      "2\n00:00:05,200 --> 00:00:10,900\nElena Petrova: Yes.\n",
      ".srt");
  ASSERT_EQ(turns.size(), 2u);
  EXPECT_EQ(turns[0].text, "Hi Elena, can you hear me?");
  EXPECT_EQ(turns[1].speaker, "Elena Petrova");
  EXPECT_EQ(turns[1].line, 8);
}

TEST(Transcript, OtterExportKeepsItsHeaderOutOfTheTurns) {
  std::optional<Transcript> t = read_transcript(
      "Ingest review\n\nTue, Nov 25, 2025 10:00AM \xE2\x80\xA2 22:40\n\nSPEAKERS\nRaj Patel, Sam Carter\n\n"
      "Raj Patel  0:03\nHey, can you hear me?\n\nSam Carter  0:08\nYes.\nLoud and clear.\n\n"
      "Transcribed by https://otter.ai\n",
      1, ".txt");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->listed_speakers, (std::vector<std::string>{"Raj Patel", "Sam Carter"}));
  ASSERT_EQ(t->turns.size(), 2u);
  EXPECT_EQ(t->turns[0].start, "0:03");
  EXPECT_EQ(t->turns[0].line, 9);
  EXPECT_EQ(t->turns[1].text, "Yes. Loud and clear.");
}

TEST(Transcript, LineLayouts) {
  std::vector<Turn> bold =
      turns_of("**Sam Carter** (00:04:00): Hello there.\n**Priya Raman** (00:04:09): Hi.\n");
  ASSERT_EQ(bold.size(), 2u);
  EXPECT_EQ(bold[0].speaker, "Sam Carter");
  EXPECT_EQ(bold[0].start, "00:04:00");
  EXPECT_EQ(bold[0].text, "Hello there.");
  std::vector<Turn> bracket = turns_of("[00:01:02] Jürgen Weiß: Hallo.\n[00:01:05] Priya Raman: Hi.\n");
  ASSERT_EQ(bracket.size(), 2u);
  EXPECT_EQ(bracket[0].speaker, "Jürgen Weiß");
  EXPECT_EQ(bracket[0].start, "00:01:02");
  std::vector<Turn> plain =
      turns_of("Call notes\nRecorded 2025-09-18\n\nA Person: one.\nA Person: two.\nB Person: three.\n");
  ASSERT_EQ(plain.size(), 2u);
  EXPECT_EQ(plain[0].text, "one. two.");
  EXPECT_EQ(plain[0].line_at(plain[0].text.find("two")), 5);
}

TEST(Transcript, SpeakersMayBeNumberedButAreNoLabels) {
  std::vector<Turn> turns =
      turns_of("Speaker 1: Hello.\nSpeaker 2: Hi.\nAction items: none.\nSpeaker 1: Bye.\n");
  std::vector<std::string> speakers;
  for (const Turn& t : turns) speakers.push_back(t.speaker);
  EXPECT_EQ(speakers, (std::vector<std::string>{"Speaker 1", "Speaker 2", "Speaker 1"}));
}

TEST(Transcript, GoogleMeetHeaderAndTimestampsAreNotSpoken) {
  std::optional<Transcript> t = read_transcript(
      "Sync (2025-12-05 15:02 GMT-6) - Transcript\nAttendees\nKen Ishida, Maya Okafor\nTranscript\n"
      "This editable transcript was computer generated and might contain errors.\n"
      "Ken Ishida: We restored it.\n00:05:00\nMaya Okafor: Good.\nMeeting ended after 00:09:41\n",
      1, ".txt");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->listed_speakers, (std::vector<std::string>{"Ken Ishida", "Maya Okafor"}));
  ASSERT_EQ(t->turns.size(), 2u);
  EXPECT_EQ(t->turns[1].text, "Good.");
}

TEST(Transcript, NotesWithAFewSpeakerLinesAreNotATranscript) {
  EXPECT_FALSE(
      read_transcript("# Sync\n- bullet one\n- bullet two\nJane Doe: said a thing\nBob Roe: agreed\n", 1));
  EXPECT_FALSE(read_transcript("Some prose about the call.\nMore prose.\nJane Doe: one line\n", 1));
}

TEST(Transcript, SpeakersBecomeAttendeesMatchedToPeopleWithAccentsFolded) {
  Meeting m =
      read_meeting(parse_note("Meetings/x.md",
                              "---\nattendees: [zoe alvarez]\n---\nZoë Álvarez: Hi.\nPriya Raman: Hello.\n"),
                   "Meetings/x.md");
  EXPECT_EQ(m.attendees, (std::vector<std::string>{"zoe alvarez", "Priya Raman"}));
  VaultIndex vault;
  Person p;
  p.name = "Zoë Álvarez";
  vault.add_person(p);
  match_attendees(vault, m);
  EXPECT_EQ(m.attendees, (std::vector<std::string>{"Zoë Álvarez", "Priya Raman"}));
}

}  // namespace
}  // namespace dossier
