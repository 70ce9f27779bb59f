// Starts tests/fake_llm_server.py as a child process on 127.0.0.1 and stops
// it when the object goes away. Shared by the LLM tests and the benchmark.
#pragma once
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <algorithm>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "util/files.h"

namespace dossier::testing {

class FakeLlmServer {
 public:
  // `script` is the path of fake_llm_server.py; `args` its extra arguments.
  // Requests are logged to `log_path` (emptied first).
  FakeLlmServer(const std::string& script, const std::string& log_path, std::vector<std::string> args = {})
      : log_path_(log_path) {
    std::filesystem::create_directories(std::filesystem::path(log_path).parent_path());
    { std::ofstream emptied(log_path, std::ios::trunc); }
    std::vector<std::string> argv_s = {"python3", script, "--log", log_path};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      dup2(fds[1], STDOUT_FILENO);
      close(fds[0]);
      close(fds[1]);
      std::vector<char*> argv;
      for (auto& a : argv_s) argv.push_back(a.data());
      argv.push_back(nullptr);
      execvp("python3", argv.data());
      _exit(127);
    }
    close(fds[1]);
    FILE* out = fdopen(fds[0], "r");
    char line[64] = {};
    bool got = out && fgets(line, sizeof line, out) != nullptr;
    if (out) fclose(out);
    port_ = got ? std::atoi(line) : 0;
    if (port_ <= 0) {
      stop();
      throw std::runtime_error("fake LLM server did not start");
    }
  }
  ~FakeLlmServer() { stop(); }
  FakeLlmServer(const FakeLlmServer&) = delete;
  FakeLlmServer& operator=(const FakeLlmServer&) = delete;

  int port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1"; }

  // Every request the server got so far, as logged (one JSON object each).
  std::vector<nlohmann::json> requests() const {
    std::vector<nlohmann::json> out;
    std::istringstream in(dossier::read_file(log_path_).value_or(""));  // no log yet: no request yet
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) out.push_back(nlohmann::json::parse(line));
    return out;
  }
  size_t request_count() const { return requests().size(); }
  // The most requests the server was answering at one instant (from the
  // start and end times it logs): concurrency counted, not timed.
  int most_in_flight() const {
    std::vector<std::pair<double, int>> events;  // (time, +1 start / -1 end); at a tie, ends first
    for (const auto& r : requests()) {
      events.emplace_back(r["start"].get<double>(), 1);
      events.emplace_back(r["end"].get<double>(), -1);
    }
    std::sort(events.begin(), events.end());
    int now = 0, most = 0;
    for (const auto& [time, step] : events) most = std::max(most, now += step);
    return most;
  }

 private:
  void stop() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }

  std::string log_path_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace dossier::testing
