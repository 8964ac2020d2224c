// The settlement terms a journal directory was created with, kept beside the journal so that
// recovery settles replayed trades under the same prices and fees as the original run.
#pragma once

#include <string>

#include "twinmatch/durable/settlement.hpp"

namespace twinmatch::durable {

inline constexpr const char* kTermsFileName = "settlement.terms";

bool write_terms_file(const std::string& dir, const SettlementConfig& terms, std::string& error);
bool read_terms_file(const std::string& dir, SettlementConfig& terms, std::string& error);

} // namespace twinmatch::durable
