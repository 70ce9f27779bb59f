// Command-line parsing, in process and through the real binary.
#include "cli/cli.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "cli/version.h"
#include "tests/test_util.h"

namespace dossier {
namespace {

using Args = std::vector<std::string>;

ParseResult parse(Args args, const char* env_vault = nullptr) {
  args.insert(args.begin(), "dossier");
  std::vector<const char*> argv;
  for (const std::string& a : args) argv.push_back(a.c_str());
  argv.push_back(nullptr);
  return parse_command_line(static_cast<int>(args.size()), argv.data(), env_vault);
}

CommandLine parsed(const Args& args, const char* env_vault = nullptr) {
  ParseResult r = parse(args, env_vault);
  EXPECT_TRUE(r.command_line.has_value());
  EXPECT_EQ(r.exit_code, kExitOk);
  return r.command_line.value_or(CommandLine{});
}

// The UsageError message for `args`; fails the test if there is none.
std::string usage_error(const Args& args) {
  ::testing::internal::CaptureStdout();
  std::string message;
  bool thrown = false;
  try {
    parse(args);
  } catch (const UsageError& e) {
    thrown = true;
    message = e.what();
  }
  std::string out = ::testing::internal::GetCapturedStdout();
  EXPECT_TRUE(thrown) << "no UsageError for " << ::testing::PrintToString(args);
  EXPECT_EQ(out, "") << "printed to stdout on a usage error";
  EXPECT_EQ(message.find('\n'), std::string::npos) << "more than one line: " << message;
  return message;
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

TEST(CliLocateVault, TheNearestFolderUpwardsWithADossierYaml) {
  testing::TempDir tmp;
  std::filesystem::path vault = tmp.path() / "vault";
  std::filesystem::create_directories(vault / "Meetings/2025");
  testing::write_text(vault / "dossier.yaml", "");
  CommandLine cl = locate_vault(parsed({"run"}), vault / "Meetings/2025");
  EXPECT_EQ(cl.vault, vault.string());
  EXPECT_EQ(cl.config, (vault / "dossier.yaml").string());
  // --config keeps its own path; --vault and $DOSSIER_VAULT are taken as given.
  EXPECT_EQ(locate_vault(parsed({"run", "--config", "c.yaml"}), vault / "Meetings").config, "c.yaml");
  EXPECT_EQ(locate_vault(parsed({"run", "--vault", "/v"}), vault / "Meetings").vault, "/v");
  EXPECT_EQ(locate_vault(parsed({"run"}, "/env/v"), vault / "Meetings").vault, "/env/v");
}

TEST(CliLocateVault, NoVaultUpwardsIsAUsageErrorExceptForInit) {
  testing::TempDir tmp;
  try {
    locate_vault(parsed({"run"}), tmp.path());
    ADD_FAILURE() << "no UsageError";
  } catch (const UsageError& e) {
    EXPECT_TRUE(contains(e.what(), "dossier init")) << e.what();
  }
  EXPECT_EQ(locate_vault(parsed({"init"}), tmp.path()).vault, ".");
}

TEST(CliParse, RunWithDefaults) {
  CommandLine cl = parsed({"run"});
  EXPECT_EQ(cl.command, "run");
  EXPECT_EQ(cl.vault, ".");
  EXPECT_EQ(cl.config, "./dossier.yaml");
  EXPECT_FALSE(cl.config_given);
  EXPECT_FALSE(cl.full || cl.dry_run || cl.json || cl.quiet || cl.wait);
  EXPECT_EQ(cl.since, "");
  EXPECT_FALSE(cl.extractor.has_value());
  EXPECT_EQ(cl.meeting, "");
}

TEST(CliParse, RunWithEveryOption) {
  CommandLine cl = parsed({"run", "--full", "--since", "2025-01-31", "--dry-run", "--json", "--quiet",
                           "--wait", "--extractor", "llm", "--vault", "/v", "--config", "/etc/d.yaml"});
  EXPECT_TRUE(cl.full && cl.dry_run && cl.json && cl.quiet && cl.wait);
  EXPECT_EQ(cl.since, "2025-01-31");
  EXPECT_EQ(cl.extractor, "llm");
  EXPECT_EQ(cl.vault, "/v");
  EXPECT_EQ(cl.config, "/etc/d.yaml");
  EXPECT_TRUE(cl.config_given);
}

TEST(CliParse, ShortOptions) {
  CommandLine cl = parsed({"run", "-n", "-q"});
  EXPECT_TRUE(cl.dry_run);
  EXPECT_TRUE(cl.quiet);
}

TEST(CliParse, NoteTakesTheMeeting) {
  CommandLine cl = parsed({"note", "Meetings/2025-01-02 Acme.md", "--dry-run", "--json"});
  EXPECT_EQ(cl.command, "note");
  EXPECT_EQ(cl.meeting, "Meetings/2025-01-02 Acme.md");
  EXPECT_TRUE(cl.dry_run);
  EXPECT_TRUE(cl.json);
  EXPECT_EQ(parsed({"note", "--quiet", "m.md"}).meeting, "m.md");
}

TEST(CliParse, ExtractTakesTheMeetingAndExtractor) {
  CommandLine cl = parsed({"extract", "m.md", "--extractor", "hybrid"});
  EXPECT_EQ(cl.command, "extract");
  EXPECT_EQ(cl.meeting, "m.md");
  EXPECT_EQ(cl.extractor, "hybrid");
  EXPECT_FALSE(parsed({"extract", "m.md"}).extractor.has_value());
}

TEST(CliParse, InitCheckUndo) {
  for (const char* command : {"init", "check", "undo"}) {
    CommandLine cl = parsed({command, "--vault", "v", "-q"});
    EXPECT_EQ(cl.command, command);
    EXPECT_EQ(cl.vault, "v");
    EXPECT_TRUE(cl.quiet);
  }
}

TEST(CliParse, VerbosePrintAndUndoDryRun) {
  EXPECT_TRUE(parsed({"run", "--verbose"}).verbose);
  EXPECT_TRUE(parsed({"note", "m.md", "-v"}).verbose);
  EXPECT_FALSE(parsed({"run"}).verbose);
  EXPECT_TRUE(parsed({"rules", "--print"}).print);
  EXPECT_TRUE(parsed({"template", "--print"}).print);
  EXPECT_FALSE(parsed({"rules"}).print);
  EXPECT_TRUE(parsed({"undo", "--dry-run"}).dry_run);
  EXPECT_TRUE(parsed({"undo", "-n"}).dry_run);
  EXPECT_NE(usage_error({"init", "--verbose"}).find("verbose"), std::string::npos);
  EXPECT_NE(usage_error({"check", "--print"}).find("print"), std::string::npos);
}

TEST(CliParse, VaultFromEnvironment) {
  CommandLine cl = parsed({"run"}, "/home/me/vault");
  EXPECT_EQ(cl.vault, "/home/me/vault");
  EXPECT_EQ(cl.config, "/home/me/vault/dossier.yaml");
  EXPECT_EQ(parsed({"run", "--vault", "/other"}, "/home/me/vault").vault, "/other");
  EXPECT_EQ(parsed({"run"}, "").vault, ".");
}

TEST(CliParse, ConfigDefaultsIntoTheVault) {
  CommandLine cl = parsed({"check", "--vault", "/data/v"});
  EXPECT_EQ(cl.config, "/data/v/dossier.yaml");
  EXPECT_FALSE(cl.config_given);
  cl = parsed({"check", "--vault", "/data/v", "--config", "c.yaml"});
  EXPECT_EQ(cl.config, "c.yaml");
  EXPECT_TRUE(cl.config_given);
}

TEST(CliParse, HelpExitsZero) {
  for (const Args& args : {Args{"--help"}, Args{"-h"}, Args{"help"}}) {
    ::testing::internal::CaptureStdout();
    ParseResult r = parse(args);
    std::string out = ::testing::internal::GetCapturedStdout();
    EXPECT_FALSE(r.command_line.has_value());
    EXPECT_EQ(r.exit_code, kExitOk);
    EXPECT_TRUE(contains(out, "usage: dossier")) << out;
    for (const char* command : {"run", "note", "extract", "init", "check", "undo"})
      EXPECT_TRUE(contains(out, std::string("  ") + command)) << command;
  }
}

TEST(CliParse, CommandHelpExitsZero) {
  for (const char* command : {"run", "note", "extract", "init", "check", "undo"}) {
    ::testing::internal::CaptureStdout();
    ParseResult r = parse({command, "--help"});
    std::string out = ::testing::internal::GetCapturedStdout();
    EXPECT_FALSE(r.command_line.has_value()) << command;
    EXPECT_EQ(r.exit_code, kExitOk) << command;
    EXPECT_TRUE(contains(out, std::string("usage: dossier ") + command)) << out;
  }
}

TEST(CliParse, Version) {
  ::testing::internal::CaptureStdout();
  ParseResult r = parse({"--version"});
  std::string out = ::testing::internal::GetCapturedStdout();
  EXPECT_FALSE(r.command_line.has_value());
  EXPECT_EQ(r.exit_code, kExitOk);
  EXPECT_EQ(out, std::string("dossier ") + kVersion + "\n");
}

TEST(CliParse, NoArgumentsIsAUsageError) {
  ::testing::internal::CaptureStderr();
  ParseResult r = parse({});
  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_FALSE(r.command_line.has_value());
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_TRUE(contains(err, "usage: dossier")) << err;
}

TEST(CliParse, UnknownOptionIsNamed) {
  EXPECT_TRUE(contains(usage_error({"run", "--bogus"}), "--bogus"));
  EXPECT_TRUE(contains(usage_error({"run", "-x"}), "-x"));
  EXPECT_TRUE(contains(usage_error({"--bogus"}), "--bogus"));
  // Options of one command are unknown to the others.
  EXPECT_TRUE(contains(usage_error({"extract", "m.md", "--dry-run"}), "--dry-run"));
  EXPECT_TRUE(contains(usage_error({"init", "--full"}), "--full"));
  EXPECT_TRUE(contains(usage_error({"note", "m.md", "--since", "2025-01-01"}), "--since"));
}

TEST(CliParse, UnknownCommand) {
  std::string message = usage_error({"sync"});
  EXPECT_TRUE(contains(message, "unknown command 'sync'")) << message;
}

TEST(CliParse, MissingOrExtraMeeting) {
  EXPECT_TRUE(contains(usage_error({"note"}), "meeting"));
  EXPECT_TRUE(contains(usage_error({"extract", "--extractor", "rules"}), "meeting"));
  usage_error({"note", "a.md", "b.md"});
  usage_error({"run", "a.md"});
}

TEST(CliParse, MissingOptionValue) {
  EXPECT_TRUE(contains(usage_error({"run", "--vault"}), "vault"));
  EXPECT_TRUE(contains(usage_error({"run", "--since"}), "since"));
}

TEST(CliParse, BadSince) {
  for (const char* since : {"yesterday", "2025-1-5", "2025/01/05", "2025-01-05x", "", "2025-13-01",
                            "2025-00-10", "2025-02-32", "2025-02-00"}) {
    std::string message = usage_error({"run", "--since", since});
    EXPECT_TRUE(contains(message, "--since")) << message;
    EXPECT_TRUE(contains(message, std::string("'") + since + "'")) << message;
  }
  EXPECT_EQ(parsed({"run", "--since", "2024-02-29"}).since, "2024-02-29");
}

TEST(CliParse, BadExtractor) {
  std::string message = usage_error({"run", "--extractor", "gpt"});
  EXPECT_TRUE(contains(message, "--extractor")) << message;
  EXPECT_TRUE(contains(message, "'gpt'")) << message;
  usage_error({"extract", "m.md", "--extractor", "RULES"});
}

// The real binary: exit codes and what reaches the terminal.
using dossier::testing::Output;
using dossier::testing::run_dossier;

int line_count(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

TEST(CliBinary, HelpForEveryCommandExitsZero) {
  for (const Args& args :
       {Args{"--help"}, Args{"run", "--help"}, Args{"note", "--help"}, Args{"extract", "--help"},
        Args{"init", "--help"}, Args{"check", "--help"}, Args{"undo", "--help"}}) {
    Output o = run_dossier(args);
    std::string what = ::testing::PrintToString(args);
    EXPECT_EQ(o.exit_code, 0) << what << "\n" << o.err;
    EXPECT_TRUE(contains(o.out, "usage: dossier")) << what << "\n" << o.out;
    EXPECT_EQ(o.err, "") << what;
  }
}

TEST(CliBinary, VersionExitsZero) {
  Output o = run_dossier({"--version"});
  EXPECT_EQ(o.exit_code, 0);
  EXPECT_EQ(o.out.rfind("dossier ", 0), 0u) << o.out;
}

TEST(CliBinary, BadOptionIsOneLineAndExitsTwo) {
  for (const Args& args :
       {Args{"run", "--bogus"}, Args{"note"}, Args{"frobnicate"}, Args{"run", "--since", "May"},
        Args{"extract", "m.md", "--extractor", "magic"}, Args{"--bogus"}, Args{"undo", "extra"}}) {
    Output o = run_dossier(args);
    std::string what = ::testing::PrintToString(args);
    EXPECT_EQ(o.exit_code, 2) << what << "\n" << o.err;
    EXPECT_EQ(line_count(o.err), 1) << what << "\n" << o.err;
    EXPECT_EQ(o.err.rfind("dossier: ", 0), 0u) << what << "\n" << o.err;
    EXPECT_EQ(o.out, "") << what;
  }
  EXPECT_TRUE(contains(run_dossier({"run", "--bogus"}).err, "--bogus"));
}

TEST(CliBinary, NoArgumentsExitsTwo) {
  Output o = run_dossier({});
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_TRUE(contains(o.err, "usage: dossier")) << o.err;
}

}  // namespace
}  // namespace dossier
