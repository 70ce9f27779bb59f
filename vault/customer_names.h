// When two customer names are the same company: "Orbital Bank Inc." is
// "Orbital Bank"; "Orbitl Bank" is probably a typo of it.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace dossier {

class VaultIndex;

// The name case-folded, punctuation dropped, blanks collapsed, and trailing
// legal suffixes (Inc, Ltd, GmbH, SA, AG, LLC, Corp, plc, ...) removed:
// "Orbital Bank, Inc." and "orbital bank" have the same key. At least one
// word is kept ("AG" alone stays "ag").
std::string company_key(std::string_view name);

// Whether two different company keys are close enough to be one company
// misspelt: at most one edit per 6 characters (at most 2), never for short
// names, whose one-letter differences are usually different companies.
bool near_company_keys(std::string_view a, std::string_view b);

// The customer whose name (or alias) is near `name` but not the same
// company, or null.
struct Customer;
const Customer* near_customer(const VaultIndex& vault, std::string_view name);

// For each customer note whose name is the same company as, or near, an
// earlier one's: a Failure naming it, line 1, "looks like a duplicate of OTHER ...".
std::vector<Failure> near_duplicate_customers(const VaultIndex& vault);

}  // namespace dossier
