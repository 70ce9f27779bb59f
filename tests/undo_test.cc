// undo_last_run: `dossier undo`, and the recovery a run makes when it finds
// the journal of a run that never finished.
#include "pipeline/undo.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>

#include "tests/test_util.h"
#include "util/files.h"

namespace fs = std::filesystem;
using namespace dossier;
using namespace dossier::testing;

namespace {

// A generated vault with many near-duplicate items across meetings: what
// the second merge of a note finds depends on what the first left there.
fs::path generated_vault(const TempDir& tmp) {
  fs::path vault = tmp.path() / "generated";
  std::string command = "python3 '" + (source_dir() / "bench/gen-vault").string() +
                        "' --meetings 60 --customers 6 --seed 1 --big-note-lines 200 --out '" +
                        vault.string() + "' >/dev/null 2>&1";
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  return vault;
}

void copy_vault(const fs::path& from, const fs::path& to) { fs::copy(from, to, fs::copy_options::recursive); }

}  // namespace

// Killed after it wrote every note, before its last commit (or a disk full
// at that commit): no meeting is marked done and the journal is open. The
// next run must leave the vault exactly as one uninterrupted run does, not
// merge the same meetings a second time into the notes the first wrote.
TEST(UndoTest, RecoveryFromAnUnfinishedRunGivesOneRunsResult) {
  TempDir tmp;
  fs::path generated = generated_vault(tmp);
  fs::path reference = tmp.path() / "reference", recovered = tmp.path() / "recovered";
  copy_vault(generated, reference);
  copy_vault(generated, recovered);
  ASSERT_EQ(run_dossier({"run", "--vault", reference.string(), "--quiet"}, {kFixtureToday}).exit_code, 0);
  ASSERT_EQ(run_dossier({"run", "--vault", recovered.string(), "--quiet"}, {kFixtureToday}).exit_code, 0);
  run_state_sql(recovered,
                "DELETE FROM meetings; DELETE FROM meeting_stats;"
                "INSERT OR REPLACE INTO meta(key, value) VALUES('journal_open', '1');");
  Output again = run_dossier({"run", "--vault", recovered.string(), "--quiet"}, {kFixtureToday});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(snapshot(recovered), snapshot(reference));
  // The recovery run is an ordinary run: undo goes back to before it.
  ASSERT_EQ(run_dossier({"undo", "--vault", recovered.string(), "--quiet"}, {kFixtureToday}).exit_code, 0);
  EXPECT_EQ(snapshot(recovered), snapshot(generated));
}

// A note the user edited after the unfinished run is not put back: the run
// merges into it as it is and says why.
TEST(UndoTest, RecoveryKeepsANoteEditedSinceTheUnfinishedRun) {
  TempDir tmp;
  fs::path vault = tmp.path() / "vault";
  copy_vault(source_dir() / "fixtures/vaults/basic", vault);
  ASSERT_EQ(run_dossier({"run", "--vault", vault.string(), "--quiet"}, {kFixtureToday}).exit_code, 0);
  fs::path note = vault / "Customers" / "Contoso Pharma.md";
  write_text(note, read_text(note) + "\nA line the user added after the run.\n");
  run_state_sql(vault,
                "DELETE FROM meetings; DELETE FROM meeting_stats;"
                "INSERT OR REPLACE INTO meta(key, value) VALUES('journal_open', '1');");
  Output again = run_dossier({"run", "--vault", vault.string()}, {kFixtureToday});
  EXPECT_NE(read_text(note).find("A line the user added after the run."), std::string::npos);
  EXPECT_NE(again.err.find("Customers/Contoso Pharma.md:1: edited since the last run"), std::string::npos)
      << again.err;
}

// A note edited since the run is left, saying why at the note's path; with
// --force it is restored, saying so and showing what that loses.
TEST(UndoTest, ANoteEditedSinceIsLeftOrForcedWithItsReason) {
  TempDir tmp;
  fs::path vault = tmp.path() / "vault";
  copy_vault(source_dir() / "fixtures/vaults/basic", vault);
  ASSERT_EQ(run_dossier({"run", "--vault", vault.string(), "--quiet"}, {kFixtureToday}).exit_code, 0);
  const std::string rel = "Customers/Contoso Pharma.md";
  write_text(vault / rel, read_text(vault / rel) + "A line the user added.\n");
  Config config;
  StateStore state(vault / ".dossier");
  auto step_of = [&](const UndoReport& report) {
    auto it = std::find_if(report.steps.begin(), report.steps.end(),
                           [&](const UndoStep& s) { return s.path == rel; });
    EXPECT_NE(it, report.steps.end());
    return it == report.steps.end() ? UndoStep{} : *it;
  };
  UndoStep kept = step_of(undo_last_run(vault, config, state, true));
  EXPECT_EQ(kept.action, UndoStep::keep);
  ASSERT_TRUE(kept.why);
  EXPECT_EQ(kept.why->path, rel);
  EXPECT_EQ(kept.why->line, 1);
  EXPECT_EQ(
      kept.why->message,
      "edited since the last run; would be left as it is ('dossier undo --force' restores it anyway, losing "
      "these changes)");
  EXPECT_EQ(kept.message(), kept.why->text());
  EXPECT_NE(kept.diff.find("-A line the user added."), std::string::npos) << kept.diff;

  UndoStep forced = step_of(undo_last_run(vault, config, state, true, /*force=*/true));
  EXPECT_EQ(forced.action, UndoStep::restore);
  ASSERT_TRUE(forced.why);
  EXPECT_EQ(forced.why->path, rel);
  EXPECT_EQ(forced.why->line, 1);
  EXPECT_EQ(forced.why->message,
            "edited since the last run; would be restored anyway (--force), losing these changes");
  EXPECT_EQ(forced.lost, forced.diff);
  std::string lost = forced.lost.substr(0, forced.lost.size() - 1);  // the diff's last line break
  EXPECT_EQ(forced.message(),
            rel +
                ":1: edited since the last run; would be restored anyway (--force), losing these "
                "changes:\n" +
                lost);
}

// The journal is data anyone with the vault can edit: a path outside the
// customers folder is reported and never touched, and a dry run changes
// nothing at all.
TEST(UndoTest, DryRunChangesNothingAndForeignPathsAreKept) {
  TempDir tmp;
  fs::path vault = tmp.path() / "vault";
  copy_vault(source_dir() / "fixtures/vaults/basic", vault);
  ASSERT_EQ(run_dossier({"run", "--vault", vault.string(), "--quiet"}, {kFixtureToday}).exit_code, 0);
  run_state_sql(
      vault,
      "INSERT INTO journal(path, before, after_hash, memory_before) VALUES('../outside.md', 'x', 'h', "
      "'{\"emitted_keys\":[],\"own_lines\":[]}');");
  std::map<std::string, std::string> before = snapshot(vault);
  Config config;
  {
    StateStore state(vault / ".dossier");
    UndoReport dry = undo_last_run(vault, config, state, true);
    EXPECT_EQ(snapshot(vault), before);
    EXPECT_FALSE(state.last_journal().empty());
    bool foreign_kept = false, restores = false;
    for (const UndoStep& s : dry.steps) {
      if (s.path == "../outside.md" && s.action == UndoStep::keep) {
        foreign_kept = true;
        ASSERT_TRUE(s.why);
        EXPECT_EQ(s.why->path, "../outside.md");
        EXPECT_EQ(s.why->line, 1);
        EXPECT_EQ(
            s.why->message,
            "refusing to write: not a path inside the vault (journal entry of the last run; left alone)");
      }
      restores |= s.action != UndoStep::keep && !s.diff.empty();
    }
    EXPECT_TRUE(foreign_kept);
    EXPECT_TRUE(restores);
    UndoReport done = undo_last_run(vault, config, state, false);
    EXPECT_TRUE(done.kept_any());
    EXPECT_TRUE(state.last_journal().empty());
  }
  EXPECT_FALSE(fs::exists(tmp.path() / "outside.md"));
  EXPECT_NE(snapshot(vault), before);
}
