// Replacing a note the user may be editing at this very moment, without
// losing what they type. write_file_atomic (files.h) is atomic but blind: a
// save that lands between dossier's read and its rename would be replaced.
// Here the check that the note is unchanged happens after the slow part
// (writing and fsyncing the temp file), right before the swap, and the swap
// itself hands back the bytes it displaced so that a save landing in the
// remaining microseconds is noticed and put back rather than lost.
#pragma once
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "util/error.h"
#include "util/files.h"

namespace dossier {

// How long a note must stay as it is before a note that looks half-written
// is taken as the user's version. Writers that save in several write()s
// (open with O_TRUNC, write, pause, write) leave the note half-written for
// as long as their whole save takes.
constexpr std::chrono::milliseconds kSettleDelay{300};

// Reads a note to merge into. A note that changed during the read, or that
// was modified within the settle delay and looks half-written (empty, not
// ending with a line break, or shorter than `last_written` bytes, the size
// dossier last wrote it at), is read again once it has stayed the same for
// the settle delay. `changed_while_reading` is still set on return when it
// never settled. A note the user shortened on purpose settles and is used.
FileRead read_settled(const std::filesystem::path& path, size_t max_bytes,
                      std::optional<unsigned long long> last_written,
                      std::chrono::milliseconds settle = kSettleDelay);

// Why dossier may not replace the note at `path` (the user made it
// read-only): a Failure naming `path`, line 1; nullopt when it may be
// written (or is not there).
std::optional<Failure> write_refusal(const std::filesystem::path& path);

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
// A program that opened the note for writing and writes after the final
// comparison would write into the displaced copy, which is deleted: a read
// lease on the note (note_lease.h) sees such a writer, and the swap is then
// undone before its open() completes; a note held open for writing
// throughout is not replaced (false). Without leases (another owner, file
// systems without them) that window remains; read_settled narrows it to
// writers that pause longer than the settle delay in the middle of a save
// while the note ends exactly at a line break. The new file keeps the old one's owner and group, so a run as
// another user (root) does not take the note from its owner.
bool replace_if_unchanged(const std::filesystem::path& path, const std::optional<std::string>& expected,
                          std::string_view bytes);

// Deletes `path` if it still holds `expected`, by the same kind of guarded
// step: the note is renamed aside, compared, and put back when it changed.
bool remove_if_unchanged(const std::filesystem::path& path, const std::string& expected);

// Deletes the temp files (is_temp_file_name, files.h) a killed run left in
// `folder`. Only safe under the vault lock: no other dossier is writing.
// Called once per folder and run (a scan per note would be quadratic).
void remove_stale_temp_files(const std::filesystem::path& folder);

}  // namespace dossier
