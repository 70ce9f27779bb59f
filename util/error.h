// Errors about user input. Every one names the file and the 1-based line so
// that editors and terminals can jump to it: "path:line: message".
#pragma once
#include <stdexcept>
#include <string>

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

}  // namespace dossier
