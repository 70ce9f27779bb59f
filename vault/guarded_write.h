// Replacing a note the user may be editing at this very moment, without
// losing what they type. write_file_atomic (files.h) is atomic but blind: a
// save that lands between dossier's read and its rename would be replaced.
// Here the check that the note is unchanged happens after the slow part
// (writing and fsyncing the temp file), right before the swap, and the swap
// itself hands back the bytes it displaced so that a save landing in the
// remaining microseconds is noticed and put back rather than lost.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace dossier {

// Writes `bytes` to `path` if the file still holds `expected` (nullopt: the
// file must not exist yet). Returns false, leaving the file as it found it,
// when it holds something else: the caller re-reads, merges again and
// retries. Same guarantees as write_file_atomic otherwise: temp file in the
// same folder, fsync, never through a symlink, permissions kept.
//
// How: the new bytes go to a temp file and are fsynced; the note is re-read
// and compared; then renameat2(RENAME_EXCHANGE) swaps the two names in one
// step, so the displaced note is still in hand and is compared again. If it
// changed in that last instant, the swap is undone and false returned.
// (RENAME_NOREPLACE for a new note.) On a file system without those flags it
// falls back to compare-then-rename, whose window is one read long.
//
// Remaining limit: a program that keeps the note open and writes into it
// after the final comparison (microseconds after the swap) writes into the
// displaced copy, which is deleted. Editors that save by open-write-close or
// by their own rename are covered.
bool replace_if_unchanged(const std::filesystem::path& path, const std::optional<std::string>& expected,
                          std::string_view bytes);

// Deletes the temp files (".NAME.dossier-tmp-XXXXXX") a killed run left in
// `folder`. Only safe under the vault lock: no other dossier is writing.
// Called once per folder and run (a scan per note would be quadratic).
void remove_stale_temp_files(const std::filesystem::path& folder);

}  // namespace dossier
