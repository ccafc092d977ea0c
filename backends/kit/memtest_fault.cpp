#include "kit/memtest_fault.hpp"

#include <charconv>
#include <cstdlib>
#include <string>

#include "gpuprobe/plugin_support.hpp"
#include "gpuprobe/printable.hpp"

namespace gpuprobe::kit {
namespace {

[[noreturn]] void refuse(std::string_view value, const std::string& why) {
  throw plugin::Error(GP_ERR_INVALID_ARGUMENT,
                      "GPUPROBE_FAULT='" + printable(value) + "': " + why +
                          "; use memtest_flip:ADDR:MASK[,ADDR:MASK...] (tests only), e.g. "
                          "memtest_flip:0x1000:0x1,4096:0x80000000");
}

uint64_t parse_number(std::string_view value, std::string_view text, uint64_t max) {
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    text.remove_prefix(2);
    base = 16;
  }
  uint64_t number = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number, base);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || number > max)
    refuse(value, "'" + printable(text) + "' is not a number up to " + std::to_string(max));
  return number;
}

}  // namespace

std::vector<MemtestFlip> parse_memtest_flips(std::string_view value) {
  if (!value.starts_with(kMemtestFlipPrefix)) return {};
  std::vector<MemtestFlip> flips;
  std::string_view rest = value.substr(kMemtestFlipPrefix.size());
  while (true) {
    const size_t comma = rest.find(',');
    const std::string_view item = rest.substr(0, comma);
    const size_t colon = item.find(':');
    if (colon == std::string_view::npos)
      refuse(value, "'" + printable(item) + "' is not ADDR:MASK");
    MemtestFlip flip;
    flip.address = parse_number(value, item.substr(0, colon), UINT64_MAX);
    flip.mask = static_cast<uint32_t>(parse_number(value, item.substr(colon + 1), UINT32_MAX));
    if (flip.address % 4 != 0)
      refuse(value, "address " + std::to_string(flip.address) + " is not a multiple of 4");
    if (flip.mask == 0) refuse(value, "a mask of 0 flips nothing");
    flips.push_back(flip);
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  return flips;
}

std::vector<MemtestFlip> active_memtest_flips() {
  const char* value = std::getenv("GPUPROBE_FAULT");
  return value ? parse_memtest_flips(value) : std::vector<MemtestFlip>{};
}

}  // namespace gpuprobe::kit
