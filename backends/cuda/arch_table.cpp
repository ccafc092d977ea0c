#include "arch_table.hpp"

#include <algorithm>
#include <sstream>
#include <stdexcept>

#ifndef GPUPROBE_CUDA_BUILD_ARCHS
#define GPUPROBE_CUDA_BUILD_ARCHS ""
#endif
#ifndef GPUPROBE_CUDA_BUILD_MAJOR
#define GPUPROBE_CUDA_BUILD_MAJOR 0
#endif

namespace gpuprobe::cuda {

const ArchList& build_archs() {
  static const ArchList list =
      parse_arch_list(GPUPROBE_CUDA_BUILD_ARCHS, GPUPROBE_CUDA_BUILD_MAJOR);
  return list;
}

ArchList parse_arch_list(const std::string& csv, int toolkit_major) {
  ArchList list;
  list.toolkit_major = toolkit_major;
  std::istringstream stream(csv);
  for (std::string item; std::getline(stream, item, ',');) {
    if (item.empty()) continue;
    size_t used = 0;
    int arch = 0;
    try {
      arch = std::stoi(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != item.size() || arch < 10)
      throw std::invalid_argument("CUDA architecture list '" + csv + "': '" + item +
                                  "' is not an architecture number like 80");
    list.sass.push_back(arch);
  }
  std::sort(list.sass.begin(), list.sass.end());
  list.sass.erase(std::unique(list.sass.begin(), list.sass.end()), list.sass.end());
  list.ptx = list.sass.empty() ? 0 : list.sass.back();
  return list;
}

std::optional<std::string> arch_family(int arch) {
  switch (arch / 10) {
    case 3:
      return "Kepler";
    case 5:
      return "Maxwell";
    case 6:
      return "Pascal";
    case 7:
      return arch >= 75 ? "Turing" : "Volta";
    case 8:
      if (arch == 89) return "Ada Lovelace";
      if (arch == 80 || arch == 86 || arch == 87) return "Ampere";
      return std::nullopt;  // sm_88: no public family name we could check
    case 9:
      return "Hopper";
    case 10:
    case 11:
    case 12:
      return "Blackwell";
    default:
      return std::nullopt;
  }
}

std::string describe_arch(int arch) {
  std::string text = "sm_" + std::to_string(arch);
  if (const auto family = arch_family(arch)) text += " (" + *family + ")";
  return text;
}

ArchRange toolkit_arch_range(int toolkit_major) {
  if (toolkit_major <= 12) return {50, 90};
  return {75, 0};
}

namespace {

bool runs(const ArchList& build, int card) {
  for (int sass : build.sass)
    if (sass / 10 == card / 10 && sass % 10 <= card % 10) return true;
  return build.ptx != 0 && build.ptx <= card;
}

// The toolkit to build with for a card this build cannot run: the newest major version whose
// default range covers it.
std::string advice(const ArchList& build, int card) {
  for (int major : {13, 12}) {
    const ArchRange range = toolkit_arch_range(major);
    if (card >= range.low && (range.high == 0 || card <= range.high)) {
      if (major == build.toolkit_major)
        return "rebuild with GPUPROBE_CUDA_ARCHS including " + std::to_string(card);
      return "build with CUDA " + std::to_string(major) + ".x";
    }
  }
  return "no CUDA toolkit gpuprobe builds with (12.x, 13.x) supports it";
}

}  // namespace

std::string unsupported_card_reason(const ArchList& build, int major, int minor) {
  const int card = major * 10 + minor;
  if (runs(build, card)) return {};
  std::string targets;
  if (build.sass.empty()) {
    targets = "no architecture";
  } else if (card < build.sass.front()) {
    targets = "sm_" + std::to_string(build.sass.front()) + " and newer";
  } else {
    // A gap in an overridden list (GPUPROBE_CUDA_ARCHS): name what is there.
    targets = "machine code for";
    for (size_t i = 0; i < build.sass.size(); ++i)
      targets += (i ? ", sm_" : " sm_") + std::to_string(build.sass[i]);
    targets += " and PTX for sm_" + std::to_string(build.ptx) + " and newer";
  }
  return "this build targets " + targets + "; the card is " + describe_arch(card) + ": " +
         advice(build, card);
}

}  // namespace gpuprobe::cuda
