// What the suite and the report measure: every backend in the registry, and each of them again
// behind every link model it accepts (the DMA link takes the option link=<model>), so a backend
// or a link that registers shows up without a change here.
#pragma once

#include <string>
#include <vector>

#include "twinmatch/config.hpp"
#include "twinmatch/tools/backend.hpp"

namespace twinmatch::bench {

// A link model a backend is measured behind: the label's suffix, and the DMA link's submission
// mode (docs/host.md): the doorbell ring, and the low-latency window writes.
struct LinkModel {
  const char* suffix;
  const char* link;
  const char* submit;
};
inline constexpr LinkModel kLinkModels[] = {{"dma", "dma", "ring"}, {"dma-pio", "dma", "pio"}};

struct BackendVariant {
  std::string label;   // "sw", or "sw+dma" / "sw+dma-pio" behind a link model
  std::string backend; // registry name
  tools::BackendOptions options;
};

// The variants among `names` (every registered backend when empty) that build for `config`.
std::vector<BackendVariant> backend_variants(const CoreConfig& config,
                                             const std::vector<std::string>& names = {});

} // namespace twinmatch::bench
