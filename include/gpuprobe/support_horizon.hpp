// Software support horizon: from a card's compute capability (NVIDIA) or gfx target (AMD),
// which driver branches, toolkits and framework builds still support it, each fact with its
// source (probe/data/support_horizon.csv).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gpuprobe {

enum class SupportStatus { Current, Partial, Ended };
const char* to_string(SupportStatus s);

struct SupportFact {
  SupportStatus status = SupportStatus::Current;
  std::string text;    // "last driver branch R470"
  std::string source;  // "NVIDIA Kepler support plan ..."
  bool operator==(const SupportFact&) const = default;
};

struct SupportEntry {
  std::string vendor;
  // NVIDIA: compute capabilities first..last as major*10+minor; AMD: gfx target names.
  int cc_first = 0, cc_last = 0;
  std::vector<std::string> gfx_targets;
  std::string architecture;
  SupportFact driver, toolkit, pytorch;
  std::string origin;  // FILE:LINE
};

class SupportHorizon {
 public:
  // Same CSV rules as the spec database (header row, '#' comments); throws
  // std::invalid_argument "ORIGIN:LINE: ..." for a malformed row or overlapping ranges.
  static SupportHorizon parse(std::string_view text, const std::string& origin);
  static SupportHorizon load(const std::string& path);

  // The entry for "8.6" / "sm_86" (NVIDIA) or "gfx1030" (AMD); nullopt when none covers it.
  std::optional<SupportEntry> lookup(std::string_view vendor, std::string_view target) const;
  const std::vector<SupportEntry>& entries() const { return entries_; }

 private:
  std::vector<SupportEntry> entries_;
};

// "8.6" or "sm_86" -> 86; nullopt when the text is neither.
std::optional<int> parse_compute_capability(std::string_view text);

// $GPUPROBE_SUPPORT_HORIZON, else support_horizon.csv next to the spec database.
std::string default_support_horizon_path();

}  // namespace gpuprobe
