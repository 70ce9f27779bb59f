// Errors about user input. Every one names the file and the 1-based line so
// that editors and terminals can jump to it: "path:line: message".
//
// A failure on user data that the run survives (a meeting that does not
// parse, a note that cannot be read) is a value: a Failure, or a Result that
// holds one instead of what was wanted. Only what ends a whole command (a
// broken config or rule file, a usage error) is thrown, as an InputError.
#pragma once
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace dossier {

// One problem with one file. `line` is 1-based and never less than 1; line 1
// also stands for "the whole file" (it cannot be read, it is a folder).
struct Failure {
  std::string path;
  int line = 1;
  std::string message;

  Failure(std::string path_, int line_, std::string message_)
      : path(std::move(path_)), line(line_ < 1 ? 1 : line_), message(std::move(message_)) {}
  // "path:line: message"
  std::string text() const { return path + ":" + std::to_string(line) + ": " + message; }
  // The same problem under another name for the file (a vault-relative one).
  Failure at(std::string other_path) const { return Failure(std::move(other_path), line, message); }
  bool operator==(const Failure&) const = default;
};

// What was wanted, or the Failure that stopped it.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}            // NOLINT: implicit, as std::expected
  Result(Failure failure) : v_(std::move(failure)) {}  // NOLINT
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& operator*() & { return std::get<0>(v_); }
  const T& operator*() const& { return std::get<0>(v_); }
  T&& operator*() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &std::get<0>(v_); }
  const T* operator->() const { return &std::get<0>(v_); }
  const Failure& failure() const { return std::get<1>(v_); }
  T value_or(T other) const& { return ok() ? std::get<0>(v_) : std::move(other); }
  T value_or(T other) && { return ok() ? std::get<0>(std::move(v_)) : std::move(other); }
  // Equal to a value when it holds that value (as std::expected).
  friend bool operator==(const Result& r, const T& value) { return r.ok() && *r == value; }

 private:
  std::variant<T, Failure> v_;
};

// A Failure thrown: for what ends the whole command, and inside a parser
// until the caller turns it back into a value.
class InputError : public std::runtime_error {
 public:
  InputError(std::string path, int line, std::string message)
      : InputError(Failure(std::move(path), line, std::move(message))) {}
  explicit InputError(Failure failure) : std::runtime_error(failure.text()), failure_(std::move(failure)) {}
  const std::string& path() const { return failure_.path; }
  int line() const { return failure_.line; }
  const std::string& message() const { return failure_.message; }
  const Failure& failure() const { return failure_; }

 private:
  Failure failure_;
};

// A problem with dossier.yaml, a rule file or the command line: exit code 2.
class ConfigError : public InputError {
 public:
  using InputError::InputError;
};

// Every problem of a file at once (all bad rules, not only the first, so
// that one fix-and-retry round fixes them all): what() lists each on a line
// of its own, "path:line: message"; path() and line() are the first one's.
class ConfigErrors : public ConfigError {
 public:
  explicit ConfigErrors(std::vector<InputError> all)
      : ConfigError(all.at(0).path(), all.at(0).line(), joined(all)), all_(std::move(all)) {}
  const std::vector<InputError>& all() const { return all_; }

  // Throws the one error, or all of them; nothing when `errors` is empty.
  static void throw_if_any(std::vector<InputError> errors) {
    if (errors.size() == 1) throw ConfigError(errors[0].path(), errors[0].line(), errors[0].message());
    if (!errors.empty()) throw ConfigErrors(std::move(errors));
  }

 private:
  static std::string joined(const std::vector<InputError>& all) {
    std::string message = all[0].message();
    for (size_t i = 1; i < all.size(); ++i) message += "\n" + std::string(all[i].what());
    return message;
  }
  std::vector<InputError> all_;
};

}  // namespace dossier
