// What the files of the state store share: its prepared statements.
// Private to pipeline/state*.cc.
#pragma once
#include <sqlite3.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

#include "pipeline/state.h"

namespace dossier::state_sql {

// A prepared statement that finalises itself.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string("state store: ") + sqlite3_errmsg(db));
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement& bind(int i, const std::string& s) {
    sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& bind_blob(int i, const std::optional<std::string>& s) {
    if (s)
      sqlite3_bind_blob(stmt_, i, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
    else
      sqlite3_bind_null(stmt_, i);
    return *this;
  }
  bool step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw std::runtime_error(std::string("state store: ") + sqlite3_errmsg(db_));
  }
  std::string text(int col) {
    const void* p = sqlite3_column_blob(stmt_, col);
    return p ? std::string(static_cast<const char*>(p), sqlite3_column_bytes(stmt_, col)) : std::string();
  }
  // The column's bytes, valid until the next step or reset.
  std::string_view view(int col) {
    const void* p = sqlite3_column_blob(stmt_, col);
    return p ? std::string_view(static_cast<const char*>(p), sqlite3_column_bytes(stmt_, col))
             : std::string_view();
  }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  bool is_null(int col) { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  // The column as bind_blob writes it: nullopt for NULL.
  std::optional<std::string> nullable_text(int col) {
    return is_null(col) ? std::nullopt : std::optional<std::string>(text(col));
  }
  long long integer(int col) { return sqlite3_column_int64(stmt_, col); }
  Statement& bind_int(int i, long long n) {
    sqlite3_bind_int64(stmt_, i, n);
    return *this;
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// The first column of the first row `sql` gives for `key` (its one
// parameter), if there is a row.
inline std::optional<std::string> text_for(sqlite3* db, const char* sql, const std::string& key) {
  Statement s(db, sql);
  if (!s.bind(1, key).step()) return std::nullopt;
  return s.text(0);
}

// The rows of a two-column query, as a map from the first column.
inline std::unordered_map<std::string, std::string> pairs(sqlite3* db, const char* sql) {
  std::unordered_map<std::string, std::string> out;
  Statement s(db, sql);
  while (s.step()) out.emplace(s.text(0), s.text(1));
  return out;
}

// A note's memory as the JSON the memory and journal tables hold.
std::string memory_to_json(const NoteMemory& memory);
NoteMemory memory_from_json(const std::string& text);

}  // namespace dossier::state_sql
