#include "cli/cli.h"

#include <boost/program_options.hpp>

#include <chrono>
#include <iostream>
#include <map>
#include <string_view>

#include "cli/version.h"
#include "vault/config.h"
#include "vault/markdown_line.h"

namespace po = boost::program_options;

namespace dossier {
namespace {

struct CommandInfo {
  const char* usage;
  const char* summary;
  const char* argument;  // name of the one positional argument, or nullptr
};

const std::map<std::string, CommandInfo>& commands();

bool takes(const std::string& command, std::string_view argument) {
  const char* a = commands().at(command).argument;
  return a && a == argument;
}

const std::map<std::string, CommandInfo>& commands() {
  static const std::map<std::string, CommandInfo> kCommands = {
      {"run",
       {"run [--full] [--since DATE] [--dry-run] [--json] [--verbose] [--quiet] [--wait]",
        "Process new or changed meeting notes into customer notes.", nullptr}},
      {"note",
       {"note MEETING [--dry-run] [--json] [--verbose]",
        "Process one meeting note now, whatever the state says (post-meeting hook).", "meeting"}},
      {"extract",
       {"extract MEETING [--extractor rules|llm|hybrid]",
        "Print the items extracted from one meeting note as JSON; writes nothing.", "meeting"}},
      {"eval",
       {"eval GOLD.yaml [--extractor rules|llm|hybrid] [--compare rules,llm] [--json]",
        "Score extraction against a gold file of expected items; writes nothing.", "gold"}},
      {"demo",
       {"demo [DIR]", "Write an example vault (to DIR or a new temporary folder), run dossier on it.",
        "dir"}},
      {"init", {"init", "Create dossier.yaml and the customers/people folders in the vault.", nullptr}},
      {"check", {"check", "Validate config, rules and notes; ask the LLM endpoint if one is used.", nullptr}},
      {"undo",
       {"undo [--dry-run] [--force]", "Restore the notes the last run changed, unless edited since.",
        nullptr}},
      {"rules",
       {"rules --print", "Print the built-in rule set (YAML), to copy into a rule file of your own.",
        nullptr}},
      {"template",
       {"template --print", "Print the built-in customer note template, to copy and edit.", nullptr}},
      {"trust",
       {"trust", "Allow the LLM endpoint this vault's dossier.yaml names (asked once per endpoint).",
        nullptr}},
  };
  return kCommands;
}

void print_main_help(std::ostream& out) {
  out << "usage: dossier <command> [options]\n\n"
         "Keeps customer notes in a Markdown vault up to date from meeting notes.\n\n"
         "commands:\n";
  for (const auto& [name, info] : commands())
    out << "  " << name << std::string(10 - name.size(), ' ') << info.summary << "\n";
  out << "\nglobal options:\n"
         "  --vault DIR     the vault (default: $DOSSIER_VAULT, else the nearest folder\n"
         "                  from the current one upwards that holds a dossier.yaml)\n"
         "  --config FILE   the config (default: <vault>/dossier.yaml); a relative FILE\n"
         "                  is resolved against the current folder, not the vault\n"
         "  --version       print the version\n"
         "  -h, --help      this help; 'dossier <command> --help' for a command\n\n"
         "exit codes: 0 ok, 1 some inputs failed (the rest done), 2 usage or config error,\n"
         "75 the vault is locked by another run\n";
}

po::options_description options_for(const std::string& command) {
  po::options_description common("options");
  common.add_options()("help,h", "print this help");
  // The demo's vault is the folder it writes, with its own config.
  if (command != "demo")
    common.add_options()(
        "vault", po::value<std::string>(),
        "the vault folder (default: $DOSSIER_VAULT, else the nearest folder upwards holding a dossier.yaml)")(
        "config", po::value<std::string>(),
        "config file (default: <vault>/dossier.yaml; a relative path is resolved against the current "
        "folder)");
  if (command == "run" || command == "note") {
    common.add_options()("dry-run,n", "write nothing; print a unified diff of what would change")(
        "json", "print a JSON report on stdout")("verbose,v",
                                                 "list what was added to or merged into each customer note")(
        "quiet,q", "print only errors (for cron)")(
        "wait", "wait for another run to finish instead of exiting 75")("extractor", po::value<std::string>(),
                                                                        "rules, llm or hybrid");
  }
  if (command == "note" || command == "run")
    common.add_options()("now",
                         "process meetings even if saved less than settle_s seconds ago (hooks, scripts)");
  if (command == "run") {
    common.add_options()("full", "reprocess every meeting note, not only new or changed ones")(
        "since", po::value<std::string>(), "only meetings dated on or after YYYY-MM-DD");
  }
  if (command == "extract" || command == "check" || command == "eval")
    common.add_options()("extractor", po::value<std::string>(), "rules, llm or hybrid");
  if (command == "eval")
    common.add_options()("json", "print a JSON report on stdout")(
        "compare", po::value<std::string>(), "extractors to compare side by side, e.g. rules,llm");
  if (command == "undo" || command == "init" || command == "check" || command == "trust")
    common.add_options()("quiet,q", "print only errors");
  if (command == "undo")
    common.add_options()("dry-run,n", "write nothing; list what undo would restore")(
        "force", "also restore notes edited since the last run, losing those edits (shown as a diff)");
  if (command == "rules" || command == "template")
    common.add_options()("print", "print the built-in text on stdout");
  if (command == "run" || command == "note" || command == "undo")
    common.add_options()("allow-root", "run as root on a vault another user owns (notes keep their owner)");
  if (const char* argument = commands().at(command).argument)
    common.add_options()(argument, po::value<std::string>(),
                         takes(command, "gold")  ? "the gold file"
                         : takes(command, "dir") ? "the folder for the example vault"
                                                 : "the meeting note");
  return common;
}

// YYYY-MM-DD naming a real day: "2025-13-01" or "2025-02-30" would
// otherwise compare as strings and silently select the wrong meetings.
bool valid_date(const std::string& s) {
  if (!is_iso_date(s)) return false;
  auto number = [&](size_t at, size_t len) { return std::stoi(s.substr(at, len)); };
  std::chrono::year_month_day day{std::chrono::year{number(0, 4)}, std::chrono::month(number(5, 2)),
                                  std::chrono::day(number(8, 2))};
  return day.ok();
}

CommandLine to_command_line(const std::string& command, const po::variables_map& vm, const char* env_vault) {
  CommandLine cl;
  cl.command = command;
  cl.vault_given = vm.count("vault") || (env_vault && *env_vault);
  cl.vault = vm.count("vault") ? vm["vault"].as<std::string>() : (env_vault && *env_vault) ? env_vault : ".";
  cl.config_given = vm.count("config") > 0;
  cl.config = cl.config_given ? vm["config"].as<std::string>() : cl.vault + "/dossier.yaml";
  if (vm.count("meeting")) cl.meeting = vm["meeting"].as<std::string>();
  if (vm.count("gold")) cl.gold = vm["gold"].as<std::string>();
  if (vm.count("dir")) cl.dir = vm["dir"].as<std::string>();
  if (vm.count("compare")) cl.compare = vm["compare"].as<std::string>();
  if (vm.count("extractor")) {
    cl.extractor = vm["extractor"].as<std::string>();
    try {
      parse_extractor_kind(*cl.extractor);
    } catch (const std::invalid_argument&) {
      throw UsageError("--extractor must be rules, llm or hybrid, not '" + *cl.extractor + "'");
    }
  }
  cl.full = vm.count("full");
  cl.now = vm.count("now");
  cl.dry_run = vm.count("dry-run");
  cl.force = vm.count("force");
  cl.json = vm.count("json");
  cl.quiet = vm.count("quiet");
  cl.wait = vm.count("wait");
  cl.verbose = vm.count("verbose");
  cl.print = vm.count("print");
  cl.allow_root = vm.count("allow-root");
  if (vm.count("since")) {
    cl.since = vm["since"].as<std::string>();
    if (!valid_date(cl.since)) throw UsageError("--since must be a date YYYY-MM-DD, not '" + cl.since + "'");
  }
  if (takes(command, "meeting") && cl.meeting.empty())
    throw UsageError("'dossier " + command + "' needs the path of a meeting note");
  if (command == "eval" && cl.gold.empty()) throw UsageError("'dossier eval' needs the path of a gold file");
  return cl;
}

}  // namespace

CommandLine locate_vault(CommandLine cl, const std::filesystem::path& cwd) {
  // init makes the current folder a vault; demo, rules and template need none.
  for (const char* no_vault : {"init", "demo", "rules", "template"})
    if (cl.command == no_vault) return cl;
  if (cl.vault_given) return cl;
  namespace fs = std::filesystem;
  std::error_code ec;
  for (fs::path dir = cwd;; dir = dir.parent_path()) {
    if (fs::is_regular_file(dir / "dossier.yaml", ec)) {
      cl.vault = dir.string();
      if (!cl.config_given) cl.config = (dir / "dossier.yaml").string();
      return cl;
    }
    if (dir == dir.parent_path()) break;
  }
  throw UsageError("no dossier.yaml in " + cwd.string() +
                   " or any folder above it; run 'dossier init' in your vault's folder to make it a vault, "
                   "or name the vault with --vault DIR or $DOSSIER_VAULT");
}

ParseResult parse_command_line(int argc, const char* const* argv, const char* env_vault) {
  if (argc < 2) {
    print_main_help(std::cerr);
    return {std::nullopt, kExitUsage};
  }
  std::string first = argv[1];
  if (first == "--help" || first == "-h" || first == "help") {
    print_main_help(std::cout);
    return {std::nullopt, kExitOk};
  }
  if (first == "--version") {
    std::cout << "dossier " << kVersion << "\n";
    return {std::nullopt, kExitOk};
  }
  if (!commands().count(first)) {
    if (first.starts_with("-")) throw UsageError("unknown option '" + first + "' (try 'dossier --help')");
    throw UsageError("unknown command '" + first + "' (try 'dossier --help')");
  }
  po::options_description desc = options_for(first);
  po::positional_options_description positional;
  if (const char* argument = commands().at(first).argument) positional.add(argument, 1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc - 1, argv + 1).options(desc).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(std::string(e.what()) + " (try 'dossier " + first + " --help')");
  }
  if (vm.count("help")) {
    const CommandInfo& info = commands().at(first);
    std::cout << "usage: dossier " << info.usage << "\n\n" << info.summary << "\n\n" << desc;
    return {std::nullopt, kExitOk};
  }
  return {to_command_line(first, vm, env_vault), kExitOk};
}

}  // namespace dossier
