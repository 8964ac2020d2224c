// Status names, indexed by value: a new Status is one more line here.
#include <array>

#include "twinmatch/sw/engine.hpp"

namespace twinmatch::sw {

namespace {

constexpr std::array kStatusNames{
    "Ok",                 // 0
    "Malformed",          // 1
    "UnknownSymbol",      // 2
    "HandleOutOfRange",   // 3
    "HandleInUse",        // 4
    "UnknownHandle",      // 5
    "ZeroQuantity",       // 6
    "QuantityTooLarge",   // 7
    "PriceOutOfRange",    // 8
    "InvalidCombination", // 9
    "PostOnlyWouldCross", // 10
    "CapacityExhausted",  // 11
    "DuplicateOrderId",   // 12
    "PriceOutsideBand",   // 13
    "StopCapacity",       // 14
};

} // namespace

const char* status_name(Status status) {
  const auto index = static_cast<std::size_t>(status);
  return index < kStatusNames.size() ? kStatusNames[index] : "Unknown";
}

} // namespace twinmatch::sw
