// dossier.yaml loading: defaults, every key, and errors that name the line.
#include "vault/config.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/test_util.h"
#include "util/error.h"

namespace dossier {
namespace {

using dossier::testing::TempDir;

class ConfigTest : public ::testing::Test {
 protected:
  std::string write(const std::string& yaml) {
    std::string path = (tmp_.path() / "dossier.yaml").string();
    dossier::testing::write_text(path, yaml);
    return path;
  }
  Config load(const std::string& yaml) { return load_config(write(yaml), true); }

  // The error load_config throws for `yaml`; fails the test if none.
  ConfigError error_for(const std::string& yaml) {
    std::string path = write(yaml);
    try {
      load_config(path, true);
    } catch (const ConfigError& e) {
      return e;
    }
    ADD_FAILURE() << "no ConfigError for:\n" << yaml;
    return ConfigError(path, 0, "none");
  }
  // Checks that `yaml` fails at `line` with a message containing `words`.
  void expect_error(const std::string& yaml, int line, const std::string& words) {
    ConfigError e = error_for(yaml);
    std::string prefix = path() + ":" + std::to_string(line) + ":";
    EXPECT_EQ(e.line(), line) << e.what();
    EXPECT_EQ(std::string(e.what()).rfind(prefix, 0), 0u) << e.what() << "\nwanted prefix " << prefix;
    EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
  }
  std::string path() const { return (tmp_.path() / "dossier.yaml").string(); }

  TempDir tmp_;
};

void expect_defaults(const Config& c) {
  EXPECT_EQ(c.meetings, (std::vector<std::string>{"Meetings/**/*.md", "Meetings/**/*.vtt",
                                                  "Meetings/**/*.srt", "Meetings/**/*.txt"}));
  EXPECT_EQ(c.customers_folder, "Customers");
  EXPECT_EQ(c.people_folder, "People");
  EXPECT_EQ(c.template_path, "");
  EXPECT_TRUE(c.create_customers);
  EXPECT_EQ(c.extractor, ExtractorKind::rules);
  EXPECT_TRUE(c.rules.empty());
  EXPECT_EQ(c.llm.base_url, "http://127.0.0.1:11434/v1");
  EXPECT_EQ(c.llm.model, "llama3.1");
  EXPECT_EQ(c.llm.api_key_env, "OPENAI_API_KEY");
  EXPECT_EQ(c.llm.timeout_s, 120);
  EXPECT_EQ(c.llm.concurrency, 4);
  EXPECT_EQ(c.llm.max_retries, 3);
  EXPECT_EQ(c.llm.chunk_tokens, 3000);
  EXPECT_EQ(c.llm.chunk_overlap_lines, 5);
  EXPECT_EQ(c.llm.prompt, "");
  EXPECT_EQ(c.sections, Config::default_sections());
  EXPECT_EQ(c.sections.at("decision"), "Key Decisions");
  EXPECT_EQ(c.sections.at("people"), "Related People");
  EXPECT_EQ(c.sections.size(), 9u);
  EXPECT_EQ(c.own_company, "");
  EXPECT_TRUE(c.organizations.empty());
  EXPECT_DOUBLE_EQ(c.dedupe_threshold, 0.75);
  EXPECT_EQ(c.max_file_bytes, 16u * 1024 * 1024);
}

TEST_F(ConfigTest, DefaultsWhenNoKeys) { expect_defaults(Config{}); }

TEST_F(ConfigTest, EmptyFileGivesDefaults) {
  expect_defaults(load(""));
  expect_defaults(load("# only a comment\n\n"));
}

TEST_F(ConfigTest, MissingFileGivesDefaultsUnlessItMustExist) {
  std::string missing = (tmp_.path() / "nope.yaml").string();
  expect_defaults(load_config(missing, false));
  try {
    load_config(missing, true);
    FAIL() << "no error for a missing config that must exist";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()).rfind(missing + ":1:", 0), 0u) << e.what();
    EXPECT_NE(std::string(e.what()).find("does not exist"), std::string::npos) << e.what();
  }
}

TEST_F(ConfigTest, EveryTopLevelKey) {
  Config c = load(
      "meetings:\n"
      "  - Meetings/**/*.md\n"
      "  - Calls/*.md\n"
      "customers: Accounts\n"
      "people: Contacts\n"
      "template: Templates/customer.md\n"
      "create_customers: false\n"
      "extractor: hybrid\n"
      "rules: [Rules/extra.yaml, Rules/more.yaml]\n"
      "own_company: OurCo\n"
      "organizations:\n"
      "  - Umbrella\n"
      "  - Initech\n"
      "dedupe_threshold: 0.65\n"
      "max_file_bytes: 1000\n");
  EXPECT_EQ(c.meetings, (std::vector<std::string>{"Meetings/**/*.md", "Calls/*.md"}));
  EXPECT_EQ(c.customers_folder, "Accounts");
  EXPECT_EQ(c.people_folder, "Contacts");
  EXPECT_EQ(c.template_path, "Templates/customer.md");
  EXPECT_FALSE(c.create_customers);
  EXPECT_EQ(c.extractor, ExtractorKind::hybrid);
  EXPECT_EQ(c.rules, (std::vector<std::string>{"Rules/extra.yaml", "Rules/more.yaml"}));
  EXPECT_EQ(c.own_company, "OurCo");
  EXPECT_EQ(c.organizations, (std::vector<std::string>{"Umbrella", "Initech"}));
  EXPECT_DOUBLE_EQ(c.dedupe_threshold, 0.65);
  EXPECT_EQ(c.max_file_bytes, 1000u);
  // Keys not given keep their defaults.
  EXPECT_EQ(c.llm.model, "llama3.1");
  EXPECT_EQ(c.sections, Config::default_sections());
}

TEST_F(ConfigTest, ScalarWhereAListIsExpected) {
  Config c = load("meetings: Notes/*.md\nrules: r.yaml\norganizations: Umbrella\n");
  EXPECT_EQ(c.meetings, (std::vector<std::string>{"Notes/*.md"}));
  EXPECT_EQ(c.rules, (std::vector<std::string>{"r.yaml"}));
  EXPECT_EQ(c.organizations, (std::vector<std::string>{"Umbrella"}));
}

TEST_F(ConfigTest, ExtractorKinds) {
  EXPECT_EQ(load("extractor: rules\n").extractor, ExtractorKind::rules);
  EXPECT_EQ(load("extractor: llm\n").extractor, ExtractorKind::llm);
  EXPECT_EQ(load("extractor: hybrid\n").extractor, ExtractorKind::hybrid);
  EXPECT_EQ(parse_extractor_kind("llm"), ExtractorKind::llm);
  EXPECT_THROW(parse_extractor_kind("LLM"), std::invalid_argument);
  EXPECT_THROW(parse_extractor_kind(""), std::invalid_argument);
}

TEST_F(ConfigTest, EveryLlmKey) {
  Config c = load(
      "llm:\n"
      "  base_url: https://api.example.com/v1\n"
      "  model: gpt-4o-mini\n"
      "  api_key_env: MY_KEY\n"
      "  timeout_s: 7.5\n"
      "  concurrency: 2\n"
      "  max_retries: 0\n"
      "  chunk_tokens: 1500\n"
      "  chunk_overlap_lines: 0\n"
      "  prompt: Prompts/extract.md\n");
  EXPECT_EQ(c.llm.base_url, "https://api.example.com/v1");
  EXPECT_EQ(c.llm.model, "gpt-4o-mini");
  EXPECT_EQ(c.llm.api_key_env, "MY_KEY");
  EXPECT_DOUBLE_EQ(c.llm.timeout_s, 7.5);
  EXPECT_EQ(c.llm.concurrency, 2);
  EXPECT_EQ(c.llm.max_retries, 0);
  EXPECT_EQ(c.llm.chunk_tokens, 1500);
  EXPECT_EQ(c.llm.chunk_overlap_lines, 0);
  EXPECT_EQ(c.llm.prompt, "Prompts/extract.md");
}

TEST_F(ConfigTest, SectionsOverrideOnlyTheKindsGiven) {
  Config c = load("sections:\n  decision: Decisions\n  people: Who\n");
  EXPECT_EQ(c.sections.at("decision"), "Decisions");
  EXPECT_EQ(c.sections.at("people"), "Who");
  EXPECT_EQ(c.sections.at("fact"), "Key Facts");
  EXPECT_EQ(c.sections.size(), 9u);
}

TEST_F(ConfigTest, UnknownKeyNamesItsLine) {
  expect_error("customers: Accounts\n\ncustomer_folder: X\n", 3, "unknown key 'customer_folder'");
  expect_error("llm:\n  model: m\n  temperature: 0\n", 3, "unknown key 'llm.temperature'");
}

TEST_F(ConfigTest, UnknownKeyMessageListsTheKnownKeys) {
  ConfigError e = error_for("extracter: llm\n");
  EXPECT_NE(std::string(e.what()).find("extractor"), std::string::npos) << e.what();
}

TEST_F(ConfigTest, ASyntaxErrorNamesItsLine) {
  expect_error("people: P\nmeetings: [\n", 3, ": YAML error: ");
}

TEST_F(ConfigTest, BadExtractor) { expect_error("people: P\nextractor: foo\n", 2, "'foo'"); }

TEST_F(ConfigTest, BadBoolean) {
  expect_error("create_customers: maybe\n", 1, "create_customers");
  expect_error("create_customers: maybe\n", 1, "'maybe'");
}

TEST_F(ConfigTest, BadNumbers) {
  expect_error("llm:\n  concurrency: -1\n", 2, "llm.concurrency");
  expect_error("llm:\n  concurrency: 0\n", 2, "positive");
  expect_error("llm:\n  concurrency: many\n", 2, "'many'");
  expect_error("llm:\n  timeout_s: 0\n", 2, "llm.timeout_s");
  expect_error("llm:\n  max_retries: -2\n", 2, "llm.max_retries");
  expect_error("llm:\n  chunk_tokens: -5\n", 2, "llm.chunk_tokens");
  expect_error("llm:\n  chunk_overlap_lines: -1\n", 2, "llm.chunk_overlap_lines");
  expect_error("dedupe_threshold: 1.5\n", 1, "dedupe_threshold");
  expect_error("dedupe_threshold: 0\n", 1, "dedupe_threshold");
  expect_error("dedupe_threshold: high\n", 1, "dedupe_threshold");
  expect_error("max_file_bytes: 0\n", 1, "max_file_bytes");
  expect_error("max_file_bytes: -1\n", 1, "max_file_bytes");
}

TEST_F(ConfigTest, WrongShapes) {
  expect_error("customers:\n  - A\n  - B\n", 2, "'customers' must be a string");
  expect_error("meetings:\n  a: b\n", 2, "'meetings' must be a list");
  expect_error("llm: fast\n", 1, "'llm' must be a map");
  expect_error("sections: [a, b]\n", 1, "'sections' must be a map");
  expect_error("sections:\n  decision: ''\n", 2, "must not be empty");
}

TEST_F(ConfigTest, KeyWithoutValue) {
  expect_error("people: P\ncustomers:\nown_company: X\n", 2, "'customers' has no value");
  expect_error("people: P\ncreate_customers:\n", 2, "'create_customers' has no value");
  expect_error("llm:\n  model:\n\n\n", 2, "'llm.model' has no value");
  expect_error("sections:\n  fact:\npeople: P\n", 2, "'sections.fact' has no value");
}

TEST_F(ConfigTest, SectionWithUnknownKind) {
  expect_error("sections:\n  decision: Decisions\n  gossip: Rumours\n", 3, "unknown item kind 'gossip'");
}

TEST_F(ConfigTest, TopLevelNotAMap) {
  ConfigError e = error_for("- a\n- b\n");
  EXPECT_EQ(e.line(), 1);
  EXPECT_EQ(std::string(e.what()).find("''"), std::string::npos) << "names an empty key: " << e.what();
  EXPECT_NE(std::string(e.what()).find("map"), std::string::npos) << e.what();
}

TEST_F(ConfigTest, YamlSyntaxErrorNamesItsLine) {
  expect_error("customers: Accounts\npeople: People\nllm: model: x\n", 3, "YAML");
  expect_error("customers: A\n\tpeople: P\n", 2, "YAML");
  expect_error("customers: A\n people: P\n", 2, "YAML");
}

}  // namespace
}  // namespace dossier

namespace {

TEST(ConfigSectionsTest, TopicsCannotShareASectionWithAListKind) {
  dossier::testing::TempDir dir;
  std::string path = (dir.path() / "dossier.yaml").string();
  dossier::testing::write_text(path, "sections:\n  topic: Key Facts\n");
  try {
    dossier::load_config(path, true);
    FAIL() << "expected a ConfigError";
  } catch (const dossier::ConfigError& e) {
    EXPECT_EQ(std::string(e.what()).rfind(path + ":2: ", 0), 0u) << e.what();
    EXPECT_NE(std::string(e.what()).find("same section 'Key Facts'"), std::string::npos) << e.what();
  }
}

}  // namespace
