// `gpuprobe check --identity-only`: the identity check (identity_check.hpp) and the support
// horizon (support_horizon.hpp) for every device the Session discovered.
#pragma once

#include <string>

#include "gpuprobe/session.hpp"

namespace gpuprobe::cli {

// Prints per device its findings and support facts. Returns 0, or 1 when a finding is a
// failure. Throws std::invalid_argument for a malformed --spec-file (exit 2 in main).
int run_identity_check(const Session& session, const std::string& spec_file);

}  // namespace gpuprobe::cli
