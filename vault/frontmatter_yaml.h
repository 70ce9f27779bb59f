// Reading parsed frontmatter YAML into the view a Frontmatter keeps
// (note.h). The YAML type is only declared (yaml_file.h): the .cc files that
// parse frontmatter (note.cc, frontmatter_edit.cc) include yaml-cpp, nothing
// else has to.
#pragma once
#include "vault/note.h"
#include "vault/yaml_file.h"

namespace dossier {

// The view of one parsed YAML document: a map, or null for an empty
// frontmatter (is_map false, no entries). Only the shapes dossier reads are
// copied out: a scalar, a list of scalars, and a wiki link written unquoted.
FrontmatterData frontmatter_data(const YAML::Node& document);

}  // namespace dossier
