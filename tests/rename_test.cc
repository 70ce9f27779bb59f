#include "pipeline/rename.h"

#include <gtest/gtest.h>

#include <string>

namespace dossier {
namespace {

const MeetingRename kRename{"2026-11-17 Acme sync", "2026-11-17 Acme sync (notes)"};

TEST(RenameTest, LinksToTheOldNameFollowKeepingAliasAndHeading) {
  EXPECT_EQ(renamed_links("- x ([[2026-11-17 Acme sync]])", kRename),
            "- x ([[2026-11-17 Acme sync (notes)]])");
  EXPECT_EQ(renamed_links("- x ([[2026-11-17 acme SYNC|the sync]], [[Other]])", kRename),
            "- x ([[2026-11-17 Acme sync (notes)|the sync]], [[Other]])");
  EXPECT_EQ(renamed_links("- 2026-11-17: [[Meetings/2026-11-17 Acme sync#Notes]] - Sync", kRename),
            "- 2026-11-17: [[2026-11-17 Acme sync (notes)#Notes]] - Sync");
  // Another meeting whose name only begins the same way is another meeting.
  EXPECT_EQ(renamed_links("- x ([[2026-11-17 Acme sync 2]])", kRename), "- x ([[2026-11-17 Acme sync 2]])");
}

const char kRenameNote[] =
    "# Acme\n\n## Key Facts\n\n"
    "- Runs two sites ([[2026-11-17 Acme sync]])\n"
    "- I think [[2026-11-17 Acme sync]] was too short\n"
    "- Edited by me ([[2026-11-17 Acme sync|sync]])\n\n"
    "## Recent Context\n\n"
    "- 2026-11-17: [[2026-11-17 Acme sync]] - First sync\n";

TEST(RenameTest, OnlyDossiersLinesAreRewrittenAndTheMemoryFollows) {
  Note note = parse_note("Customers/Acme.md", kRenameNote);
  NoteMemory memory;
  memory.own_lines = {"- Runs two sites ([[2026-11-17 Acme sync]])",
                      "- 2026-11-17: [[2026-11-17 Acme sync]] - First sync"};
  memory.emitted_keys = {"runs two sites", "from:2026-11-17 acme sync:runs two sites",
                         "from:other:deleted item", "from:2026-11-17 acme sync:deleted item",
                         "summary:2026-11-17 acme sync"};
  EXPECT_TRUE(rename_meeting_links(note, memory, kRename));
  EXPECT_EQ(render_note(note),
            "# Acme\n\n## Key Facts\n\n"
            "- Runs two sites ([[2026-11-17 Acme sync (notes)]])\n"
            "- I think [[2026-11-17 Acme sync]] was too short\n"
            "- Edited by me ([[2026-11-17 Acme sync|sync]])\n\n"
            "## Recent Context\n\n"
            "- 2026-11-17: [[2026-11-17 Acme sync (notes)]] - First sync\n");
  EXPECT_TRUE(memory.own_lines.count("- Runs two sites ([[2026-11-17 Acme sync (notes)]])"));
  EXPECT_FALSE(memory.own_lines.count("- Runs two sites ([[2026-11-17 Acme sync]])"));
  EXPECT_TRUE(memory.emitted_keys.count("from:2026-11-17 acme sync (notes):deleted item"));
  EXPECT_TRUE(memory.emitted_keys.count("from:2026-11-17 acme sync (notes):runs two sites"));
  EXPECT_TRUE(memory.emitted_keys.count("summary:2026-11-17 acme sync (notes)"));
  EXPECT_FALSE(memory.emitted_keys.count("from:other (notes):deleted item"));
  // Done once, nothing is left to do.
  EXPECT_FALSE(rename_meeting_links(note, memory, kRename));
}

}  // namespace
}  // namespace dossier
