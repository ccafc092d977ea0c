// The buyer's check verdict: every finding of `gpuprobe check` (identity, memory test,
// measured vs spec, throttling, PCIe link, software support) with its level, folded into
// PASS / WARN / FAIL, plus what a buyer weighs next to health: value for money against
// other cards, what the VRAM is enough for, and the electricity it will cost.
// Pure functions over plain data: the command gathers the findings, tests craft them.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace gpuprobe {

// Info: worth knowing, not judged (a link at a lower PCIe generation while idle).
enum class CheckLevel { Pass, Info, Warn, Fail, Unavailable };
const char* check_level_name(CheckLevel level);  // "PASS", "info", "WARN", "FAIL", "unavailable"

struct CheckFinding {
  std::string area;  // "identity", "memory", "bandwidth", "compute", "throttling", "pcie", ...
  CheckLevel level = CheckLevel::Pass;
  std::string text;  // what was found, with its figures
};

// FAIL if any finding fails, else WARN if any warns, else PASS (info and unavailable parts
// do not count either way; they are listed). Nothing judged at all is not a pass: WARN.
CheckLevel overall_level(const std::vector<CheckFinding>& findings);

// Share of spec reached: below 85 % is a failure of the card (or its cooling, slot, BIOS).
inline constexpr double kSpecShareFail = 0.85;
CheckFinding spec_share_finding(const std::string& area, const std::string& what, double measured,
                                double spec, const std::string& unit);

// What the VRAM is enough for (thresholds from common deep-learning practice): 8 GB for
// Kaggle-style work, 11 GB for fine-tuning pretrained transformers, 24 GB for large models
// and video.
std::vector<std::string> vram_uses(double vram_gb);

// A card to rank against: the database's cards at their launch prices, or a price list.
struct PricedCard {
  std::string name;
  double price = 0;  // in the check's currency
  std::optional<double> fp32_tflops, tensor_tflops, bandwidth_gbs, vram_gb;
};

struct ValueFigure {
  std::string what;  // "per fp32 TFLOPS", ...
  double cost = 0;   // price per unit
  size_t rank = 0;   // 1 = best value among `ranked` cards (this one included)
  size_t ranked = 0;
};

// Price per fp32 TFLOPS, per tensor TFLOPS, per GB/s and per GB of VRAM for `card`, each
// ranked against `others` (cards without the figure or a price are left out of that rank).
std::vector<ValueFigure> value_figures(const PricedCard& card,
                                       const std::vector<PricedCard>& others);

// Yearly electricity cost at a measured power draw.
double yearly_energy_cost(double watts, double hours_per_day, double price_per_kwh);

// ISO 4217 codes the check accepts for --currency; throws std::invalid_argument naming the
// accepted ones for anything else.
std::string checked_currency(const std::string& code);

}  // namespace gpuprobe
