// dossier: keeps customer notes up to date from meeting notes.
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "util/error.h"

int main(int argc, char** argv) {
  using namespace dossier;
  try {
    ParseResult parsed = parse_command_line(argc, argv, std::getenv("DOSSIER_VAULT"));
    if (!parsed.command_line) return parsed.exit_code;
    const CommandLine cl = locate_vault(*parsed.command_line, std::filesystem::current_path());
    if (cl.command == "run" || cl.command == "note") return command_run(cl);
    if (cl.command == "extract") return command_extract(cl);
    if (cl.command == "eval") return command_eval(cl);
    if (cl.command == "init") return command_init(cl);
    if (cl.command == "check") return command_check(cl);
    if (cl.command == "undo") return command_undo(cl);
    if (cl.command == "demo") return command_demo(cl);
    if (cl.command == "rules") return command_rules(cl);
    if (cl.command == "template") return command_template(cl);
    if (cl.command == "trust") return command_trust(cl);
    return kExitUsage;
  } catch (const UsageError& e) {
    std::cerr << "dossier: " << e.what() << "\n";
    return kExitUsage;
  } catch (const ConfigError& e) {
    std::cerr << e.what() << "\n";
    return kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "dossier: " << e.what() << "\n";
    return kExitSomeFailed;
  }
}
