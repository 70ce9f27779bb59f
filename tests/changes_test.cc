// Change over time through the real binary: a vault whose meetings are
// written, edited and followed by others, run after run.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/test_util.h"

namespace fs = std::filesystem;
using namespace dossier::testing;

namespace {

const char kConfig[] = R"(meetings:
  - "Meetings/*.md"
customers: Customers
create_customers: true
extractor: rules
own_company: Northwind Storage
)";

class Changes : public ::testing::Test {
 protected:
  void SetUp() override {
    vault_ = tmp_.path() / "vault";
    fs::create_directories(vault_ / "Meetings");
    spit(vault_ / "dossier.yaml", kConfig);
  }
  void meeting(const std::string& name, const std::string& body) {
    spit(vault_ / "Meetings" / (name + ".md"), "---\ndate: " + name.substr(0, 10) +
                                                   "\ncustomer: \"[[Halvorsen Freight]]\"\n---\n" + body);
  }
  Output dossier(std::vector<std::string> args, std::string today = "2026-03-31") {
    args.insert(args.end(), {"--vault", vault_.string()});
    return run_dossier(args, {"DOSSIER_TODAY=" + today});
  }
  nlohmann::json run(std::vector<std::string> args = {}) {
    args.insert(args.begin(), "run");
    args.push_back("--json");
    Output o = dossier(args);
    EXPECT_EQ(o.exit_code, 0) << o.err << o.out;
    return nlohmann::json::parse(o.out);
  }
  std::string note() { return slurp(vault_ / "Customers/Halvorsen Freight.md"); }

  TempDir tmp_;
  fs::path vault_;
};

TEST_F(Changes, StatusWonInTheCallOfANewCustomerMovesItsNoteOffProspect) {
  meeting("2026-03-04 QBR", "# QBR\n- Status: won. PO arrived Fri\n");
  run();
  std::string text = note();
  EXPECT_NE(text.find("\nstatus: won\n"), std::string::npos) << text;
  EXPECT_NE(text.find("- status/won\n"), std::string::npos) << text;
  EXPECT_NE(text.find("| **Status** | Won |"), std::string::npos) << text;
  EXPECT_EQ(text.find("rospect"), std::string::npos) << text;
}

}  // namespace
