// Errors about user input. Every one names the file and the 1-based line so
// that editors and terminals can jump to it: "path:line: message".
#pragma once
#include <stdexcept>
#include <string>
#include <vector>

namespace dossier {

class InputError : public std::runtime_error {
 public:
  InputError(std::string path, int line, std::string message)
      : std::runtime_error(path + ":" + std::to_string(line) + ": " + message),
        path_(std::move(path)), line_(line), message_(std::move(message)) {}
  const std::string& path() const { return path_; }
  int line() const { return line_; }
  const std::string& message() const { return message_; }

 private:
  std::string path_;
  int line_;
  std::string message_;
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
